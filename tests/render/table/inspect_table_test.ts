import assert from "@std/assert";
import { buildInspectReport } from "../../../mod/analyze/inspect_report.ts";
import { renderInspectTable } from "../../../mod/render/table/inspect_table.ts";
import { file, sampleImage, samplePair } from "../../fixtures/sample_images.ts";
import { assertSnapshot } from "../../fixtures/snapshot.ts";

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

Deno.test("renderInspectTable() lists three paths of a large duplicate group and counts the rest", () => {
  const image = sampleImage([{
    entries: Array.from(
      { length: 6000 },
      (_, i) => file(`/d/f${i}`, { size: 4, digest: "sha256:same" }),
    ),
  }]);
  const text = renderInspectTable(
    buildInspectReport(image, { sections: ["bloat"] }),
    { color: false },
  );
  const line = text.split("\n").find((l) => l.includes("6000 × 4 B"));
  assert.ok(line?.endsWith("/d/f0  /d/f1  /d/f10  and 5997 more"), line);
  assert.ok(text.length < 2000, `${text.length} characters`);
});
