import assert from "@std/assert";
import { buildDiffReport } from "../../mod/analyze/report.ts";
import { openImages } from "../../mod/image/open_images.ts";
import { writeBloatedPair } from "../fixtures/bloated_images.ts";
import { samplePair } from "../fixtures/sample_images.ts";

async function bloatedPair() {
  const { before, after } = await writeBloatedPair(await Deno.makeTempDir());
  return await openImages(before, after);
}

Deno.test("explainDiff() traces each change to the layer of B that made it", async () => {
  const report = buildDiffReport(...await bloatedPair());
  const { layers, removedBy } = report.report;
  assert.deepEqual(removedBy, [
    { path: "/etc", layer: 3 },
    { path: "/etc/os-release", layer: 3 },
    { path: "/var/cache/a", layer: 2 },
    { path: "/var/cache/b", layer: 2 },
  ]);
  assert.deepEqual(layers!.b.map((l) => l.changes), [
    { added: 0, modified: 0, removed: 0 },
    { added: 1, modified: 0, removed: 0 }, // /keep.lnk
    { added: 1, modified: 0, removed: 2 }, // /var/cache/c; a, b
    { added: 3, modified: 1, removed: 2 }, // copy1, /dup, dup/copy2; big.bin; /etc
  ]);
  assert.deepEqual(layers!.a.map((l) => l.changes), [
    { added: 0, modified: 0, removed: 4 }, // /etc, os-release, cache/a, cache/b
    { added: 0, modified: 1, removed: 2 }, // big.bin; /app, /app/main.js
  ]);
});

Deno.test("explainDiff() marks shared layers and says where the images diverge", async () => {
  const report = buildDiffReport(...await bloatedPair());
  const { layers, sharedLayers } = report.report;
  assert.deepEqual(
    layers!.b.map((l) => [l.sharedIndex, l.sharedPrefix]),
    [[0, true], [null, false], [null, false], [null, false]],
  );
  assert.deepEqual(
    layers!.a.map((l) => [l.sharedIndex, l.sharedPrefix]),
    [[0, true], [null, false]],
  );
  assert.deepEqual(sharedLayers!.divergence, {
    indexA: 1,
    indexB: 1,
    createdByA: "COPY app /app",
    createdByB: "/bin/sh -c curl -o /tmp/download.tgz https://example.com",
  });
  assert.equal(sharedLayers!.prefix, 1);
  assert.equal(sharedLayers!.bytes, report.images.a.layers[0].size);
});

Deno.test("explainDiff() builds only the sections asked for, in their fixed order", () => {
  const report = buildDiffReport(...samplePair(), {
    sections: ["files", "bloat"],
    top: 1,
  });
  assert.deepEqual(Object.keys(report.report), [
    "sections",
    "bloat",
    "topFiles",
  ]);
  assert.deepEqual(report.report.sections, ["bloat", "files"]);
  assert.equal(report.report.topFiles!.length, 1);
  assert.equal(report.report.bloat!.b.topWasted.length, 1);
  assert.equal(report.changes.length, 15, "the schema 1 fields stay whole");
});

Deno.test("explainDiff() builds every section by default", () => {
  const report = buildDiffReport(...samplePair());
  assert.deepEqual(report.report.sections, [
    "summary",
    "layers",
    "bloat",
    "directories",
    "files",
    "packages",
    "changes",
  ]);
  assert.equal(report.report.directories!.depth, 3);
});
