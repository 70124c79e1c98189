import assert from "@std/assert";
import { sharedLayers } from "../../mod/analyze/shared_layers.ts";
import type { ImageLayer } from "../../mod/image/image.ts";

function layers(...specs: [diffId: string, size: number][]): ImageLayer[] {
  return specs.map(([diffId, size], index) => ({
    index,
    digest: `sha256:blob-${diffId}-${index}`,
    diffId: `sha256:${diffId}`,
    mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
    compressedSize: size / 2,
    size,
    entries: 1,
  }));
}

Deno.test("sharedLayers() counts the common base as the shared prefix", () => {
  const result = sharedLayers(
    layers(["base", 100], ["deps", 20], ["app1", 3]),
    layers(["base", 100], ["deps", 20], ["app2", 4], ["extra", 5]),
  );
  assert.deepEqual(result, {
    shared: [
      { diffId: "sha256:base", indexA: 0, indexB: 0, size: 100 },
      { diffId: "sha256:deps", indexA: 1, indexB: 1, size: 20 },
    ],
    sharedPrefix: 2,
    sharedBytes: 120,
  });
});

Deno.test("sharedLayers() matches layers out of order, outside the prefix", () => {
  const result = sharedLayers(
    layers(["x", 10], ["y", 20], ["z", 30]),
    layers(["z", 30], ["w", 1], ["x", 10]),
  );
  assert.deepEqual(result.shared, [
    { diffId: "sha256:x", indexA: 0, indexB: 2, size: 10 },
    { diffId: "sha256:z", indexA: 2, indexB: 0, size: 30 },
  ]);
  assert.equal(result.sharedPrefix, 0);
  assert.equal(result.sharedBytes, 40);
});

Deno.test("sharedLayers() pairs a diffID once even when an image repeats it", () => {
  const result = sharedLayers(
    layers(["empty", 1024], ["a", 5], ["empty", 1024]),
    layers(["empty", 1024], ["empty", 1024]),
  );
  assert.deepEqual(result.shared, [
    { diffId: "sha256:empty", indexA: 0, indexB: 0, size: 1024 },
  ]);
  assert.equal(result.sharedPrefix, 1);
  assert.equal(result.sharedBytes, 1024);
});

Deno.test("sharedLayers() matches by diffID whatever the compression", () => {
  const a = layers(["base", 100]);
  const b = layers(["base", 100]).map((layer) => ({
    ...layer,
    digest: "sha256:zstd-blob",
    mediaType: "application/vnd.oci.image.layer.v1.tar+zstd",
  }));
  assert.equal(sharedLayers(a, b).shared.length, 1);
});

Deno.test("sharedLayers() finds nothing shared between unrelated images", () => {
  assert.deepEqual(sharedLayers(layers(["a", 1]), layers(["b", 1])), {
    shared: [],
    sharedPrefix: 0,
    sharedBytes: 0,
  });
  assert.deepEqual(sharedLayers([], []), {
    shared: [],
    sharedPrefix: 0,
    sharedBytes: 0,
  });
});
