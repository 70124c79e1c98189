import assert from "@std/assert";
import {
  sharedLayerDetails,
  sharedLayers,
} from "../../mod/analyze/shared_layers.ts";
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

Deno.test("sharedLayerDetails() names the first layer where the images diverge", () => {
  const a = layers(["base", 100], ["app1", 10]);
  const b = layers(["base", 100], ["app2", 20], ["extra", 4]);
  a[1].createdBy = "COPY app /app";
  const details = sharedLayerDetails(a, b);
  assert.deepEqual(details, {
    count: 1,
    prefix: 1,
    bytes: 100,
    compressedBytes: { a: 50, b: 50 },
    outsidePrefix: 0,
    divergence: {
      indexA: 1,
      indexB: 1,
      createdByA: "COPY app /app",
      createdByB: null,
    },
  });
});

Deno.test("sharedLayerDetails() counts a layer at another position as shared but outside the prefix", () => {
  const details = sharedLayerDetails(
    layers(["x", 10], ["y", 20], ["z", 30]),
    layers(["z", 30], ["w", 2], ["x", 10]),
  );
  assert.equal(details.count, 2);
  assert.equal(details.prefix, 0);
  assert.equal(details.outsidePrefix, 2);
  assert.deepEqual(details.compressedBytes, { a: 20, b: 20 });
  assert.deepEqual(
    [details.divergence?.indexA, details.divergence?.indexB],
    [0, 0],
  );
});

Deno.test("sharedLayerDetails() has no divergence for the same layers, and a null side when one image ends", () => {
  const same = layers(["base", 100], ["app", 10]);
  assert.equal(sharedLayerDetails(same, same).divergence, null);
  const longer = sharedLayerDetails(
    layers(["base", 100]),
    layers(["base", 100], ["app", 10]),
  );
  assert.deepEqual(longer.divergence, {
    indexA: null,
    indexB: 1,
    createdByA: null,
    createdByB: null,
  });
});
