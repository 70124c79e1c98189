import assert from "@std/assert";
import type { Change } from "../../../mod/analyze/diff.ts";
import {
  buildDiffReport,
  type DiffReport,
} from "../../../mod/analyze/report.ts";
import { renderTable, tableChunks } from "../../../mod/render/table/table.ts";
import { file, sampleImage, samplePair } from "../../fixtures/sample_images.ts";
import { assertSnapshot } from "../../fixtures/snapshot.ts";

const report = (options: { mtime?: boolean } = {}) =>
  buildDiffReport(...samplePair(), options);

Deno.test("renderTable() shows the summary and one line per change", async (t) => {
  await assertSnapshot(t, renderTable(report(), { color: false }));
});

Deno.test("renderTable() with colour paints each line by its change", async (t) => {
  const text = renderTable(report(), { color: true });
  await assertSnapshot(t, text.replaceAll("\x1b", "<ESC>"));
  assert.ok(text.includes("\x1b[32m  +  file"));
  assert.ok(text.includes("\x1b[31m  -  file"));
  assert.ok(text.includes("\x1b[33m  ~  file"));
});

Deno.test("renderTable() without colour writes no escape byte, even for hostile names", () => {
  const [a, b] = samplePair();
  b.reference = "evil\x1b]0;title\x07";
  b.source = "b\x1b[31m.tar";
  b.platform = "linux/\x1b[2Jamd64";
  const text = renderTable(buildDiffReport(a, b), { color: false });
  assert.ok(!text.includes("\x1b"), "no ESC");
  const controls = [...text].filter((char) =>
    char !== "\n" && (char < " " || (char >= "\x7f" && char <= "\x9f"))
  );
  assert.deepEqual(controls, []);
  assert.ok(text.includes("evil\\x1b]0;title\\x07"));
  assert.ok(text.includes("b\\x1b[31m.tar"));
  assert.ok(text.includes("linux/\\x1b[2Jamd64"));
});

Deno.test("renderTable() escapes hostile file names and keeps printable ones", () => {
  const text = renderTable(report(), { color: false });
  assert.ok(text.includes("/app/evil\\x1b[2J\\xff\n"));
  assert.ok(text.includes("/app/\\u202egnp.exe\n"));
  assert.ok(text.includes("/app/\u{1F600}\n"));
  assert.ok(!text.includes("\u202e"));
});

Deno.test("renderTable() lists mtime changes only when the report has them", () => {
  assert.doesNotMatch(
    renderTable(report(), { color: false }),
    /~ +file .*\/etc\/hosts\n/,
  );
  assert.match(
    renderTable(report({ mtime: true }), { color: false }),
    /~ +file +20 B +20 B +mtime +1 +\/etc\/hosts\n/,
  );
});

Deno.test("renderTable() says so when the merged filesystems are the same", () => {
  const layers = [{ entries: [file("/f")] }];
  const text = renderTable(
    buildDiffReport(sampleImage(layers), sampleImage(layers)),
    { color: false },
  );
  assert.match(
    text,
    /layers {4}1 → 1, 1 shared \(1\.0 kB\), common base 1 layer\n/,
  );
  assert.ok(text.endsWith("  no differences in the merged filesystems\n"));
});

/** The sample report with `count` added files in place of its changes. */
function manyAdded(count: number): DiffReport {
  const sample = report();
  const entry = sample.changes.find((change) => change.b?.type === "file")!.b;
  const changes: Change[] = Array.from({ length: count }, (_, i) => ({
    path: `/data/f${i}`,
    change: "added",
    fields: [],
    a: null,
    b: entry,
  }));
  return { ...sample, changes, report: { ...sample.report, removedBy: [] } };
}

Deno.test("renderTable() lists 300,000 changes with aligned columns", () => {
  const text = renderTable(manyAdded(300_000), { color: false });
  const lines = text.split("\n");
  assert.ok(text.includes("Changes (300000)\n"));
  assert.equal(
    lines.at(-2),
    "  +  file  -       0 B            1      /data/f299999",
  );
  assert.equal(lines.at(-2)!.indexOf("/data"), lines.at(-3)!.indexOf("/data"));
});

Deno.test("tableChunks() joins to renderTable() and gives each change line its own piece", () => {
  const big = manyAdded(1000);
  const chunks = [...tableChunks(big, { color: true })];
  assert.equal(chunks.join(""), renderTable(big, { color: true }));
  assert.equal(chunks.length, 1 + 1 + 1000);
  assert.ok(chunks.at(-1)!.endsWith("/data/f999\x1b[0m\n"));
  for (const sample of [report(), report({ mtime: true })]) {
    assert.equal(
      [...tableChunks(sample, { color: false })].join(""),
      renderTable(sample, { color: false }),
    );
  }
});
