import assert from "@std/assert";
import { diveEfficiency } from "../../mod/analyze/dive_efficiency.ts";
import { traceLayers } from "../../mod/analyze/trace_layers.ts";
import { openImage } from "../../mod/image/open_images.ts";
import { writeBloatedPair } from "../fixtures/bloated_images.ts";
import { dir, file, layerIndex } from "../fixtures/sample_images.ts";

Deno.test("diveEfficiency() gives dive's figures for an image with known waste", async () => {
  const image = await openImage(
    (await writeBloatedPair(await Deno.makeTempDir())).after,
  );
  // Leaves per path (size in each layer that has it):
  //   /big.bin 10000 + 10000 + 12000 (min 10000), /tmp/download.tgz 5000 + 0
  //   (whiteout of a file), /etc 100 (whiteout of a directory: its bytes);
  //   single: os-release 100, cache/a 1000, cache/b 2000, /tmp 0, keep.lnk 0,
  //   cache/c 300, copy1 4000, dup/copy2 4000. The opaque marker is ignored.
  const min = 10000 + 0 + 100 + 100 + 1000 + 2000 + 300 + 4000 + 4000;
  const total = 32000 + 5000 + 100 + 100 + 1000 + 2000 + 300 + 4000 + 4000;
  const dive = diveEfficiency(image.indexes);
  assert.equal(dive.efficiency, min / total);
  assert.equal(dive.wastedBytes, 32000 + 5000);
  assert.equal(dive.sizeBytes, 3100 + 15000 + 10300 + 20000);
  assert.equal(dive.userSizeBytes, 15000 + 10300 + 20000);
  assert.equal(dive.userWastedPercent, 37000 / 45300);
  assert.equal(dive.efficiency.toFixed(4), "0.4433");
});

Deno.test("diveEfficiency() matches dive's own nginx example, with real directory entries", () => {
  const dive = diveEfficiency([
    layerIndex({
      entries: [
        dir("/etc"),
        dir("/etc/nginx"),
        file("/etc/nginx/nginx.conf", { size: 2000 }),
        file("/etc/nginx/public", { size: 3000 }),
      ],
    }),
    layerIndex({
      entries: [
        file("/etc/nginx/nginx.conf", { size: 5000 }),
        file("/etc/athing", { size: 10000 }),
      ],
    }),
    layerIndex({ entries: [], whiteouts: ["/etc/nginx"] }),
  ]);
  // nginx.conf 2000 + 5000 is the one inefficiency; the whiteout of the
  // directory counts the 8000 bytes below it once, at /etc/nginx.
  assert.equal(dive.wastedBytes, 7000);
  assert.equal(
    dive.efficiency,
    (2000 + 3000 + 10000 + 8000) / (7000 + 3000 + 10000 + 8000),
  );
  assert.equal(dive.userWastedPercent, 7000 / 15000);
});

Deno.test("diveEfficiency() sizes each whiteout on its own, nested ones too", () => {
  const dive = diveEfficiency([
    layerIndex({
      entries: [dir("/d"), dir("/d/e"), file("/d/e/f", { size: 40 })],
    }),
    layerIndex({ entries: [], whiteouts: ["/d", "/d/e"] }),
  ]);
  // /d and /d/e each count the 40 bytes below them; /d/e/f is seen once.
  assert.equal(dive.efficiency, 1);
  assert.equal(dive.wastedBytes, 0);
});

Deno.test("diveEfficiency() has no userWastedPercent when the upper layers hold no bytes", () => {
  const single = diveEfficiency([layerIndex({ entries: [file("/a")] })]);
  assert.equal(single.userWastedPercent, null);
  assert.equal(single.efficiency, 1);
  const empty = diveEfficiency([]);
  assert.deepEqual(empty, {
    efficiency: 1,
    wastedBytes: 0,
    userWastedPercent: null,
    sizeBytes: 0,
    userSizeBytes: 0,
  });
});

Deno.test("diveEfficiency() gives the same figures when it reuses the image's merge trace", async () => {
  const nginx = [
    layerIndex({
      entries: [dir("/etc/nginx"), file("/etc/nginx/a", { size: 30 })],
    }),
    layerIndex({ entries: [file("/etc/nginx/a", { size: 50 })] }),
    layerIndex({ entries: [], whiteouts: ["/etc/nginx"] }),
  ];
  const image = await openImage(
    (await writeBloatedPair(await Deno.makeTempDir())).after,
  );
  for (const indexes of [nginx, image.indexes]) {
    assert.deepEqual(
      diveEfficiency(indexes, { trace: traceLayers(indexes) }),
      diveEfficiency(indexes),
    );
  }
});

Deno.test("diveEfficiency() counts a hard link as no bytes, as its tar header holds none", () => {
  const link = {
    ...file("/copy", { size: 500, digest: "sha256:/a" }),
    type: "hardlink" as const,
    target: "/a",
  };
  const dive = diveEfficiency([
    layerIndex({ entries: [file("/a", { size: 500 })] }),
    layerIndex({ entries: [link] }),
  ]);
  assert.equal(dive.sizeBytes, 500);
  assert.equal(dive.userSizeBytes, 0);
  assert.equal(dive.efficiency, 1);
});
