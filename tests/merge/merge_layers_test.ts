import assert from "@std/assert";
import { InputError } from "../../mod/errors.ts";
import type { LayerIndex } from "../../mod/layer/entry.ts";
import { indexLayer } from "../../mod/layer/index_layer.ts";
import { mergeLayers } from "../../mod/merge/merge_layers.ts";
import { ByteReader, chunkSourceFromBytes } from "../../mod/tar/byte_reader.ts";
import { readTar } from "../../mod/tar/reader.ts";
import {
  buildTar,
  dir,
  file,
  hardlink,
  opaque,
  symlink,
  type TarSpec,
  whiteout,
} from "../fixtures/tar_builder.ts";

async function layer(entries: TarSpec[]): Promise<LayerIndex> {
  return (await indexLayer(
    readTar(new ByteReader(chunkSourceFromBytes(buildTar(entries)))),
  )).index;
}

async function merge(...layers: TarSpec[][]) {
  const hidden: string[] = [];
  const fs = mergeLayers(await Promise.all(layers.map(layer)), {
    onHide: (entry, by, reason) =>
      hidden.push(`${entry.path}@${entry.layer}>${by}:${reason}`),
  });
  return { fs, paths: [...fs.keys()].sort(), hidden };
}

Deno.test("mergeLayers() hides a file and a whole subtree with whiteouts", async () => {
  const { paths, hidden } = await merge(
    [dir("a"), file("a/x"), dir("a/sub"), file("a/sub/y"), file("keep")],
    [whiteout("a/x"), whiteout("a/sub")],
  );
  assert.deepEqual(paths, ["/a", "/keep"]);
  assert.deepEqual(hidden.sort(), [
    "/a/sub/y@0>1:whiteout",
    "/a/sub@0>1:whiteout",
    "/a/x@0>1:whiteout",
  ]);
});

Deno.test("mergeLayers() ignores a whiteout of a path that does not exist", async () => {
  const { paths } = await merge([file("a")], [whiteout("nothing/here")]);
  assert.deepEqual(paths, ["/a"]);
});

Deno.test("mergeLayers() hides lower children under an opaque directory, wherever the marker sits", async () => {
  for (const order of ["before", "after"]) {
    const upper = order === "before"
      ? [opaque("d"), dir("d"), file("d/new")]
      : [dir("d"), file("d/new"), opaque("d")];
    const { fs, paths } = await merge([
      dir("d"),
      file("d/old"),
      dir("d/deep"),
      file("d/deep/z"),
    ], upper);
    assert.deepEqual(paths, ["/d", "/d/new"], order);
    assert.equal(fs.get("/d")!.layer, 1);
  }
});

Deno.test("mergeLayers() never lets a whiteout hide an entry of its own layer", async () => {
  const { fs } = await merge([file("a", "old")], [
    file("a", "new"),
    whiteout("a"),
  ]);
  assert.equal(fs.get("/a")!.layer, 1);
  assert.equal(fs.get("/a")!.size, 3);
});

Deno.test("mergeLayers() replaces a file with a directory and a directory with a file", async () => {
  const { fs, paths, hidden } = await merge(
    [file("f", "file"), dir("d"), file("d/child")],
    [dir("f"), file("f/inside"), file("d", "now a file")],
  );
  assert.deepEqual(paths, ["/d", "/f", "/f/inside"]);
  assert.equal(fs.get("/f")!.type, "dir");
  assert.equal(fs.get("/d")!.type, "file");
  assert.deepEqual(hidden.sort(), [
    "/d/child@0>1:replaced",
    "/d@0>1:replaced",
    "/f@0>1:replaced",
  ]);
});

Deno.test("mergeLayers() keeps lower children when a directory is stored again", async () => {
  const { fs, paths } = await merge([dir("d", { mode: 0o755 }), file("d/x")], [
    dir("d", { mode: 0o700 }),
  ]);
  assert.deepEqual(paths, ["/d", "/d/x"]);
  assert.equal(fs.get("/d")!.mode, 0o700);
  assert.equal(fs.get("/d/x")!.layer, 0);
});

Deno.test("mergeLayers() implies missing parent directories", async () => {
  const { fs } = await merge([file("a/b/c", "x")]);
  assert.deepEqual(fs.get("/a/b"), {
    path: "/a/b",
    type: "dir",
    mode: 0o755,
    uid: 0,
    gid: 0,
    size: 0,
    mtime: 0,
    layer: 0,
  });
});

Deno.test("mergeLayers() keeps the last of a path stored twice in one layer", async () => {
  const { fs } = await merge([file("a", "first"), file("a", "second!")]);
  assert.equal(fs.get("/a")!.size, 7);
});

Deno.test("mergeLayers() gives hard links the size and digest of their target, here or below", async () => {
  const { fs } = await merge([file("lower", "lower content")], [
    file("same", "same layer"),
    hardlink("l1", "same"),
    hardlink("l2", "lower"),
  ]);
  assert.equal(fs.get("/l1")!.digest, fs.get("/same")!.digest);
  assert.equal(fs.get("/l1")!.size, 10);
  assert.equal(fs.get("/l2")!.digest, fs.get("/lower")!.digest);
  assert.equal(fs.get("/l2")!.type, "hardlink");
  assert.equal(fs.get("/l2")!.target, "/lower");
});

Deno.test("mergeLayers() refuses a hard link to a path that does not exist", async () => {
  await assert.rejects(
    async () => mergeLayers([await layer([hardlink("l", "missing")])]),
    (error: Error) =>
      error instanceof InputError &&
      error.message.includes("hard link target does not exist"),
  );
});

Deno.test("mergeLayers() records the layer of every entry and keeps symlink targets as stored", async () => {
  const { fs } = await merge([dir("etc"), file("etc/a")], [
    symlink("etc/b", "../a"),
  ]);
  assert.equal(fs.get("/etc/a")!.layer, 0);
  assert.equal(fs.get("/etc/b")!.layer, 1);
  assert.equal(fs.get("/etc/b")!.target, "../a");
});

Deno.test("mergeLayers() gives a hard link its target's mode and owner, like umoci unpack", async () => {
  const { fs } = await merge(
    [file("bin/su", "su", { mode: 0o4755, uid: 3 })],
    [hardlink("bin/su-link", "bin/su", { mode: 0o644, uid: 0 })],
  );
  assert.equal(fs.get("/bin/su-link")!.mode, 0o4755);
  assert.equal(fs.get("/bin/su-link")!.uid, 3);
});
