import assert from "@std/assert";
import { buildInspectReport } from "../../../mod/analyze/inspect_report.ts";
import {
  buildDiffReport,
  type DiffReport,
} from "../../../mod/analyze/report.ts";
import {
  jsonChunks,
  jsonEntry,
  renderJson,
} from "../../../mod/render/json/json.ts";
import { samplePair } from "../../fixtures/sample_images.ts";
import { assertSnapshot } from "../../fixtures/snapshot.ts";

const render = () => renderJson(buildDiffReport(...samplePair()));

type Json = Record<string, unknown>;
const change = (json: { changes: Json[] }, path: string) =>
  json.changes.find((c) => c.path === path)!;

Deno.test("renderJson() writes the report as indented JSON", async (t) => {
  await assertSnapshot(t, render());
});

Deno.test("renderJson() keeps the schemaVersion 1 field names and order", () => {
  const json = JSON.parse(render());
  assert.deepEqual(Object.keys(json), [
    "schemaVersion",
    "images",
    "summary",
    "changes",
    "layers",
    "report",
  ]);
  assert.deepEqual(Object.keys(json.images.a), [
    "source",
    "format",
    "transport",
    "reference",
    "resolvedReference",
    "manifestDigest",
    "configDigest",
    "platform",
    "size",
    "compressedSize",
    "layers",
  ]);
  assert.deepEqual(Object.keys(json.images.a.layers[0]), [
    "index",
    "digest",
    "diffId",
    "mediaType",
    "compressedSize",
    "size",
    "createdBy",
    "entries",
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
  assert.deepEqual(Object.keys(json.changes[0]), [
    "path",
    "change",
    "fields",
    "a",
    "b",
  ]);
  assert.deepEqual(Object.keys(json.layers), [
    "shared",
    "sharedPrefix",
    "sharedBytes",
  ]);
});

Deno.test("renderJson() writes each entry type with its own fields", () => {
  const json = JSON.parse(render());
  assert.deepEqual(change(json, "/usr/bin/tool").a, {
    type: "file",
    size: 1_200_000,
    mode: "0755",
    uid: 0,
    gid: 0,
    digest: "sha256:/usr/bin/tool",
    mtime: "2023-11-14T22:13:20.000Z",
    layer: 0,
  });
  assert.deepEqual(change(json, "/usr/bin/tool-link").b, {
    type: "hardlink",
    size: 2_100_000,
    mode: "0755",
    uid: 0,
    gid: 0,
    target: "/usr/bin/tool",
    digest: "sha256:tool-v2",
    mtime: "2023-11-14T22:13:20.000Z",
    layer: 1,
  });
  assert.deepEqual(change(json, "/var/run").b, {
    type: "symlink",
    size: 0,
    mode: "0777",
    uid: 0,
    gid: 0,
    target: "/run",
    mtime: "2023-11-14T22:13:20.000Z",
    layer: 1,
  });
  const disk = change(json, "/dev/sda") as { a: Json; b: Json };
  assert.deepEqual([disk.a.devMajor, disk.a.devMinor], [8, 0]);
  assert.deepEqual([disk.b.devMajor, disk.b.devMinor], [8, 16]);
  assert.equal(change(json, "/app/lib").a, null);
  assert.equal(change(json, "/old").b, null);
});

Deno.test("renderJson() writes non-UTF-8 bytes as \\udcXX escapes and ends with a newline", () => {
  const text = render();
  assert.ok(text.endsWith("}\n"));
  assert.ok(text.includes('"path": "/app/evil\\u001b[2J\\udcff"'));
  assert.ok(!text.includes("\x1b"), "no raw escape byte");
  assert.ok(!text.includes("\ufffd"), "no replacement character");
  const json = JSON.parse(text);
  assert.ok(
    json.changes.some((c: Json) => c.path === "/app/evil\x1b[2J\udcff"),
  );
});

Deno.test("renderJson() adds the report sections under report", () => {
  const json = JSON.parse(render());
  assert.deepEqual(Object.keys(json.report), [
    "sections",
    "sharedLayers",
    "layers",
    "bloat",
    "directories",
    "topFiles",
    "packages",
    "removedBy",
  ]);
  assert.deepEqual(Object.keys(json.report.layers.b[0]), [
    "index",
    "diffId",
    "size",
    "compressedSize",
    "createdBy",
    "added",
    "modified",
    "removed",
    "addedBytes",
    "removedBytes",
    "wastedBytes",
    "sharedIndex",
    "sharedPrefix",
    "changes",
  ]);
  assert.deepEqual(Object.keys(json.report.bloat.b), [
    "wastedBytes",
    "reclaimableBytes",
    "wastedPaths",
    "topWasted",
    "duplicates",
    "dive",
  ]);
  assert.deepEqual(Object.keys(json.report.bloat.b.dive), [
    "efficiency",
    "wastedBytes",
    "userWastedPercent",
    "sizeBytes",
    "userSizeBytes",
  ]);
});

Deno.test("renderJson() writes an inspect report with the image and its sections", async (t) => {
  const [, b] = samplePair();
  const text = renderJson(buildInspectReport(b, { top: 2 }));
  await assertSnapshot(t, text);
  const json = JSON.parse(text);
  assert.deepEqual(Object.keys(json), ["schemaVersion", "image", "report"]);
  assert.deepEqual(json.report.sections, [
    "summary",
    "layers",
    "bloat",
    "directories",
    "files",
    "packages",
  ]);
  assert.ok(text.endsWith("}\n"));
});

/** The whole report through one `JSON.stringify`, as the JSON view is defined. */
function stringified(report: DiffReport): string {
  const changes = report.changes.map((change) => ({
    path: change.path,
    change: change.change,
    fields: change.fields,
    a: change.a && jsonEntry(change.a),
    b: change.b && jsonEntry(change.b),
  }));
  return `${JSON.stringify({ ...report, changes }, null, 2)}\n`;
}

Deno.test("jsonChunks() joins to the text of one JSON.stringify of the report", () => {
  const [a, b] = samplePair();
  const reports = [
    buildDiffReport(a, b),
    buildDiffReport(a, b, { mtime: true, sections: ["changes"] }),
    buildDiffReport(a, a),
  ];
  assert.equal(reports[2].changes.length, 0);
  for (const report of reports) {
    assert.equal([...jsonChunks(report)].join(""), stringified(report));
  }
  const inspect = buildInspectReport(b);
  assert.equal([...jsonChunks(inspect)].join(""), renderJson(inspect));
});

Deno.test("jsonChunks() gives each change its own piece, so no piece grows with the diff", () => {
  const report = buildDiffReport(...samplePair());
  const many = {
    ...report,
    changes: Array.from(
      { length: 100_000 },
      (_, i) => report.changes[i % report.changes.length],
    ),
  };
  let pieces = 0, longest = 0;
  for (const chunk of jsonChunks(many)) {
    pieces++;
    longest = Math.max(longest, chunk.length);
  }
  assert.ok(pieces > many.changes.length, `${pieces} pieces`);
  assert.ok(longest < 20_000, `longest piece ${longest}`);
});
