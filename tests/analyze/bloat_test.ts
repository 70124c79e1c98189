import assert from "@std/assert";
import { analyzeBloat } from "../../mod/analyze/bloat.ts";
import { traceLayers } from "../../mod/analyze/trace_layers.ts";
import type { Image } from "../../mod/image/image.ts";
import { openImage } from "../../mod/image/open_images.ts";
import { writeBloatedPair } from "../fixtures/bloated_images.ts";
import { file, hardlink, sampleImage } from "../fixtures/sample_images.ts";

const bloatOf = (image: Image, top = 10) =>
  analyzeBloat(image.indexes, traceLayers(image.indexes), { top });

async function bloated(): Promise<Image> {
  return await openImage(
    (await writeBloatedPair(await Deno.makeTempDir())).after,
  );
}

Deno.test("analyzeBloat() counts every hidden copy as wasted: deleted, emptied by an opaque marker, rewritten twice, whited-out directory", async () => {
  const bloat = bloatOf(await bloated());
  assert.equal(bloat.wastedBytes, 5000 + 3000 + 10000 + 10000 + 100);
  assert.equal(bloat.wastedPaths, 4);
  assert.deepEqual(bloat.topWasted, [
    {
      path: "/big.bin",
      bytes: 20000,
      files: 2,
      storedIn: [1, 2],
      hiddenBy: [2, 3],
      reasons: ["replaced"],
    },
    {
      path: "/tmp/download.tgz",
      bytes: 5000,
      files: 1,
      storedIn: [1],
      hiddenBy: [2],
      reasons: ["whiteout"],
    },
    {
      path: "/var/cache",
      bytes: 3000,
      files: 2,
      storedIn: [0],
      hiddenBy: [2],
      reasons: ["opaque"],
    },
    {
      path: "/etc",
      bytes: 100,
      files: 1,
      storedIn: [0],
      hiddenBy: [3],
      reasons: ["whiteout"],
    },
  ]);
});

Deno.test("analyzeBloat() does not count as reclaimable a hidden copy that a visible hard link still needs", async () => {
  // /keep.lnk (layer 1) is a hard link to layer 1's /big.bin, which layer 2 hides.
  const bloat = bloatOf(await bloated());
  assert.equal(bloat.reclaimableBytes, bloat.wastedBytes - 10000);
  const linked = sampleImage([
    { entries: [file("/a", { size: 50 }), hardlink("/b", "/a")] },
    { entries: [], whiteouts: ["/a"] },
  ]);
  assert.deepEqual(
    [bloatOf(linked).wastedBytes, bloatOf(linked).reclaimableBytes],
    [50, 0],
  );
});

Deno.test("analyzeBloat() finds duplicate content and what a dedupe would save", async () => {
  const bloat = bloatOf(await bloated());
  assert.deepEqual(bloat.duplicates, {
    groups: 1,
    files: 2,
    savableBytes: 4000,
    top: [{
      digest: bloat.duplicates.top[0].digest,
      size: 4000,
      paths: ["/copy1", "/dup/copy2"],
      savableBytes: 4000,
    }],
  });
  const three = sampleImage([{
    entries: ["/x", "/y", "/z", "/w"].map((path) =>
      file(path, { size: 7, digest: path === "/w" ? "sha256:w" : "sha256:s" })
    ),
  }]);
  assert.equal(bloatOf(three).duplicates.savableBytes, 14);
  assert.deepEqual(bloatOf(three).duplicates.top[0].paths, ["/x", "/y", "/z"]);
});

Deno.test("analyzeBloat() keeps the top N lists to --top rows but counts everything", async () => {
  const bloat = bloatOf(await bloated(), 2);
  assert.deepEqual(bloat.topWasted.map((w) => w.path), [
    "/big.bin",
    "/tmp/download.tgz",
  ]);
  assert.equal(bloat.wastedPaths, 4);
  assert.equal(bloat.wastedBytes, 28100);
});

Deno.test("analyzeBloat() of an image without waste is all zeros and dive-efficient", () => {
  const bloat = bloatOf(sampleImage([{ entries: [file("/a")] }]));
  assert.equal(bloat.wastedBytes, 0);
  assert.equal(bloat.reclaimableBytes, 0);
  assert.deepEqual(bloat.topWasted, []);
  assert.equal(bloat.duplicates.groups, 0);
  assert.equal(bloat.dive.efficiency, 1);
});
