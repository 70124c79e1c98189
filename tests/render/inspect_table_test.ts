import assert from "@std/assert";
import { buildInspectReport } from "../../mod/analyze/inspect_report.ts";
import { renderInspectTable } from "../../mod/render/inspect_table.ts";
import { samplePair } from "../fixtures/sample_images.ts";
import { assertSnapshot } from "../fixtures/snapshot.ts";

Deno.test("renderInspectTable() shows the image, its layers, bloat, directories and largest files", async (t) => {
  const [, b] = samplePair();
  await assertSnapshot(
    t,
    renderInspectTable(buildInspectReport(b), { color: false }),
  );
});

Deno.test("renderInspectTable() shows only the sections asked for and escapes hostile names", () => {
  const [, b] = samplePair();
  const text = renderInspectTable(
    buildInspectReport(b, { sections: ["files"] }),
    { color: false },
  );
  assert.ok(text.startsWith("Largest files\n"));
  assert.ok(text.includes("/app/\\u202egnp.exe\n"));
  assert.ok(!text.includes("\u202e"));
  const colored = renderInspectTable(buildInspectReport(b), { color: true });
  assert.ok(colored.includes("\x1b[1mLayers\x1b[0m"));
});
