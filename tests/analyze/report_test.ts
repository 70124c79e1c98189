import assert from "@std/assert";
import { buildDiffReport } from "../../mod/analyze/report.ts";
import { traceImage } from "../../mod/analyze/trace_layers.ts";
import {
  dir,
  file,
  sampleImage,
  samplePair,
} from "../fixtures/sample_images.ts";

Deno.test("buildDiffReport() counts changes and their bytes", () => {
  const report = buildDiffReport(...samplePair());
  assert.deepEqual(report.summary, {
    added: 5,
    removed: 3,
    modified: 7,
    addedBytes: 1500 + 0 + 4 + 1, // the directory /app/lib adds 0
    removedBytes: 26 + 300, // /old itself is a directory: 0
    sizeDelta: (5_000_000 + 2_150_400) - (5_000_000 + 20_480),
    sharedLayers: 1,
  });
  assert.equal(report.schemaVersion, 1);
  assert.deepEqual(report.layers, {
    shared: [{
      diffId: `sha256:${"b".repeat(64)}`,
      indexA: 0,
      indexB: 0,
      size: 5_000_000,
    }],
    sharedPrefix: 1,
    sharedBytes: 5_000_000,
  });
});

Deno.test("buildDiffReport() applies whiteouts before diffing", () => {
  const report = buildDiffReport(...samplePair());
  const removed = report.changes.filter((c) => c.change === "removed");
  assert.deepEqual(removed.map((c) => c.path), [
    "/etc/passwd",
    "/old",
    "/old/notes.txt",
  ]);
  assert.equal(removed[0].a?.layer, 0);
});

Deno.test("buildDiffReport() reports mtime changes only when asked", () => {
  const [a, b] = samplePair();
  const paths = (mtime: boolean) =>
    buildDiffReport(a, b, { mtime }).changes
      .filter((c) => c.fields.includes("mtime")).map((c) => c.path);
  assert.deepEqual(paths(false), []);
  assert.deepEqual(paths(true), ["/app", "/etc/hosts"]);
});

Deno.test("buildDiffReport() sums each image's layer sizes and keeps unknowns null", () => {
  const [a, b] = samplePair();
  const { images } = buildDiffReport(a, b);
  assert.equal(images.a.size, 5_020_480);
  assert.equal(images.b.compressedSize, 7_150_400);
  assert.equal(images.a.manifestDigest, null);
  assert.equal(images.b.manifestDigest, `sha256:${"d".repeat(64)}`);
  assert.equal(images.b.format, "oci-archive");
  assert.deepEqual(images.a.layers[1], {
    index: 1,
    digest: `sha256:${"1".repeat(64)}`,
    diffId: `sha256:${"1".repeat(64)}`,
    mediaType: "application/vnd.docker.image.rootfs.diff.tar",
    compressedSize: 20_480,
    size: 20_480,
    createdBy: "COPY app /app",
    entries: 2,
  });
  const unnamed = buildDiffReport(
    sampleImage([{ entries: [file("/f")] }]),
    sampleImage([{ entries: [file("/f")] }]),
  );
  assert.equal(unnamed.images.a.reference, null);
  assert.equal(unnamed.images.a.layers[0].createdBy, null);
});

Deno.test("buildDiffReport() of identical images has no changes and shares every layer", () => {
  const layers = [
    { entries: [dir("/etc"), file("/etc/hosts")] },
    { entries: [file("/app")] },
  ];
  const report = buildDiffReport(sampleImage(layers), sampleImage(layers));
  assert.deepEqual(report.changes, []);
  assert.deepEqual(report.summary, {
    added: 0,
    removed: 0,
    modified: 0,
    addedBytes: 0,
    removedBytes: 0,
    sizeDelta: 0,
    sharedLayers: 2,
  });
  assert.equal(report.layers.sharedPrefix, 2);
});

Deno.test("buildDiffReport() uses the merge traces it is given", () => {
  const [a, b] = samplePair();
  const traces = { a: traceImage(a), b: traceImage(b) };
  assert.deepEqual(buildDiffReport(a, b, { traces }), buildDiffReport(a, b));
  assert.deepEqual(
    buildDiffReport(a, b, { traces: { b: traces.b } }),
    buildDiffReport(a, b),
  );
  const same = buildDiffReport(a, b, { traces: { b: traces.a } });
  assert.equal(same.changes.length, 0, "B's trace stands for B");
});
