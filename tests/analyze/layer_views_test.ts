import assert from "@std/assert";
import { layerViews } from "../../mod/analyze/layer_views.ts";
import { traceLayers } from "../../mod/analyze/trace_layers.ts";
import { openImage } from "../../mod/image/open_images.ts";
import { writeBloatedPair } from "../fixtures/bloated_images.ts";
import { writeImage } from "../fixtures/image_builder.ts";
import { dir, file, sampleImage } from "../fixtures/sample_images.ts";
import { file as tarFile } from "../fixtures/tar_builder.ts";

const counts = (views: ReturnType<typeof layerViews>) =>
  views.map((v) => ({
    added: v.added,
    modified: v.modified,
    removed: v.removed,
    addedBytes: v.addedBytes,
    removedBytes: v.removedBytes,
    wastedBytes: v.wastedBytes,
  }));

Deno.test("layerViews() says what each layer of an image with known waste did to the layers below it", async () => {
  const { after } = await writeBloatedPair(await Deno.makeTempDir());
  const image = await openImage(after);
  const views = layerViews(image, traceLayers(image.indexes));
  assert.deepEqual(counts(views), [
    // os-release, cache/a, cache/b; all three hidden later
    {
      added: 3,
      modified: 0,
      removed: 0,
      addedBytes: 3100,
      removedBytes: 0,
      wastedBytes: 3100,
    },
    // download.tgz, big.bin, keep.lnk; the first two hidden later
    {
      added: 3,
      modified: 0,
      removed: 0,
      addedBytes: 15000,
      removedBytes: 0,
      wastedBytes: 15000,
    },
    // adds cache/c, rewrites big.bin, deletes download.tgz, cache/a, cache/b
    {
      added: 1,
      modified: 1,
      removed: 3,
      addedBytes: 10300,
      removedBytes: 5000 + 1000 + 2000 + 10000,
      wastedBytes: 10000,
    },
    // adds copy1 and dup/copy2, rewrites big.bin, deletes /etc/os-release
    {
      added: 2,
      modified: 1,
      removed: 1,
      addedBytes: 12000 + 4000 + 4000,
      removedBytes: 10000 + 100,
      wastedBytes: 0,
    },
  ]);
  assert.deepEqual(views.map((v) => v.createdBy), [
    "ADD base /",
    "/bin/sh -c curl -o /tmp/download.tgz https://example.com",
    "RUN cleanup",
    "RUN rewrite",
  ]);
  assert.deepEqual(
    views.map((v) => [v.index, v.diffId, v.size, v.compressedSize]),
    image.layers.map((l) => [l.index, l.diffId, l.size, l.compressedSize]),
  );
});

Deno.test("layerViews() skips empty_layer history steps and says null past a short history", async () => {
  const path = `${await Deno.makeTempDir()}/image.tar`;
  await writeImage(path, "oci-archive", {
    layers: [0, 1, 2, 3].map((i) => [tarFile(`f${i}`, "x")]),
    history: [
      { created_by: "FROM scratch", empty_layer: true },
      { created_by: "ADD one /" },
      { created_by: "ENV A=1", empty_layer: true },
      { created_by: "ENV B=2", empty_layer: true },
      { created_by: "RUN two" },
    ],
  });
  const image = await openImage(path);
  const views = layerViews(image, traceLayers(image.indexes));
  assert.deepEqual(views.map((v) => v.createdBy), [
    "ADD one /",
    "RUN two",
    null,
    null,
  ]);
});

Deno.test("layerViews() counts a file written over a directory as modified and its members as removed", () => {
  const image = sampleImage([
    {
      entries: [
        dir("/x"),
        file("/x/a", { size: 5 }),
        file("/x/b", { size: 6 }),
      ],
    },
    { entries: [file("/x", { size: 7 })] },
  ]);
  const views = layerViews(image, traceLayers(image.indexes));
  assert.deepEqual(counts(views)[1], {
    added: 0,
    modified: 1,
    removed: 2,
    addedBytes: 7,
    removedBytes: 11,
    wastedBytes: 0,
  });
});

Deno.test("layerViews() leaves out directories a layer only restates, and entries the layer itself overwrites", () => {
  const image = sampleImage([
    { entries: [dir("/usr"), file("/usr/a")] },
    {
      entries: [
        dir("/usr"),
        file("/usr/b"),
        dir("/usr/b/c"),
        file("/usr/b/c/d"),
      ],
    },
  ]);
  // Layer 1 writes /usr/b as a file, then a deeper entry turns it into a directory.
  const views = layerViews(image, traceLayers(image.indexes));
  assert.deepEqual(counts(views)[1], {
    added: 1,
    modified: 0,
    removed: 0,
    addedBytes: 10,
    removedBytes: 0,
    wastedBytes: 10,
  });
});
