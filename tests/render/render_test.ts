import assert from "@std/assert";
import { buildDiffReport, type DiffReport } from "../../mod/analyze/report.ts";
import { openImages } from "../../mod/image/open_images.ts";
import { renderJson } from "../../mod/render/json.ts";
import { renderTable } from "../../mod/render/table.ts";
import { writeDemoPair } from "../fixtures/demo_images.ts";
import { assertSnapshot } from "../fixtures/snapshot.ts";

async function demoReport(): Promise<DiffReport> {
  const { a, b } = await writeDemoPair(await Deno.makeTempDir());
  const report = buildDiffReport(...await openImages(a, b));
  report.images.a.source = "a.tar";
  report.images.b.source = "b.tar";
  return report;
}

Deno.test("renderTable() shows the summary and one line per change", async (t) => {
  await assertSnapshot(t, renderTable(await demoReport(), { color: false }));
});

Deno.test("renderTable() without colour has no escape bytes, even for hostile names", async () => {
  const text = renderTable(await demoReport(), { color: false });
  assert.ok(!text.includes("\x1b"));
  assert.ok(text.includes("/app/evil\\x1b[2J\\xff"));
});

Deno.test("renderTable() colours lines on request", async () => {
  const text = renderTable(await demoReport(), { color: true });
  assert.ok(text.includes("\x1b[32m  +  file"));
});

Deno.test("renderJson() follows the schemaVersion 1 contract", async (t) => {
  const text = renderJson(await demoReport());
  await assertSnapshot(t, text);
  const json = JSON.parse(text);
  assert.deepEqual(Object.keys(json), [
    "schemaVersion",
    "images",
    "summary",
    "changes",
    "layers",
  ]);
  assert.deepEqual(Object.keys(json.summary), [
    "added",
    "removed",
    "modified",
    "addedBytes",
    "removedBytes",
    "sizeDelta",
    "sharedLayers",
  ]);
  assert.ok(
    text.includes('"/app/evil\\u001b[2J\\udcff"'),
    "non-UTF-8 bytes come out as \\udcXX",
  );
  const tool = json.changes.find((c: { path: string }) =>
    c.path === "/usr/bin/tool"
  );
  assert.deepEqual(tool.fields, ["content", "mode"]);
  assert.equal(tool.a.mode, "0755");
  assert.equal(tool.b.mtime, "2023-11-14T22:13:20.000Z");
});
