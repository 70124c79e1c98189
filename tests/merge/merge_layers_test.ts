import assert from "@std/assert";
import fc from "fast-check";
import { InputError } from "../../mod/errors.ts";
import type { EntryType, LayerIndex } from "../../mod/layer/entry.ts";
import { indexLayer } from "../../mod/layer/index_layer.ts";
import { LayerStack, mergeLayers } from "../../mod/merge/merge_layers.ts";
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
import { naiveMerge } from "./naive_merge.ts";

async function layer(entries: TarSpec[]): Promise<LayerIndex> {
  return (await indexLayer(
    readTar(new ByteReader(chunkSourceFromBytes(buildTar(entries)))),
  )).index;
}

/** Merges layers given as LayerIndex data, logging what was hidden. */
function mergeIndexes(layers: LayerIndex[]) {
  const hidden: string[] = [];
  const fs = mergeLayers(layers, {
    onHide: (entry, by, reason) =>
      hidden.push(`${entry.path}@${entry.layer}>${by}:${reason}`),
  });
  return { fs, paths: [...fs.keys()].sort(), hidden: hidden.sort() };
}

/** Merges layers given as tar member specs. */
async function merge(...layers: TarSpec[][]) {
  return mergeIndexes(await Promise.all(layers.map(layer)));
}

/** A LayerIndex built by hand: "d:/x" is a dir, "l:/x>/t" a hard link, "/x" a file. */
function index(
  entries: string[],
  options: { whiteouts?: string[]; opaque?: string[] } = {},
): LayerIndex {
  const map = new Map<
    string,
    LayerIndex["entries"] extends Map<string, infer E> ? E : never
  >();
  for (const spec of entries) {
    const [kind, rest] = spec.includes(":") ? spec.split(":") : ["f", spec];
    const [path, target] = rest.split(">");
    const type: EntryType = kind === "d"
      ? "dir"
      : kind === "l"
      ? "hardlink"
      : "file";
    map.delete(path);
    map.set(path, {
      path,
      type,
      mode: 0o644,
      uid: 0,
      gid: 0,
      size: type === "file" ? path.length : 0,
      mtime: 1,
      ...(type === "file" ? { digest: `sha256:${path}` } : {}),
      ...(target ? { target } : {}),
    });
  }
  return {
    entries: map,
    whiteouts: new Set(options.whiteouts),
    opaqueDirs: new Set(options.opaque),
  };
}

function rejectsWith(reason: string, entry: string) {
  return (error: Error) => {
    if (!(error instanceof InputError)) throw error;
    assert.equal(error.reason, reason);
    assert.equal(error.context.entry, entry);
    return true;
  };
}

Deno.test("mergeLayers() hides a file and a whole subtree with whiteouts", async () => {
  const { paths, hidden } = await merge(
    [dir("a"), file("a/x"), dir("a/sub"), file("a/sub/y"), file("keep")],
    [whiteout("a/x"), whiteout("a/sub")],
  );
  assert.deepEqual(paths, ["/a", "/keep"]);
  assert.deepEqual(hidden, [
    "/a/sub/y@0>1:whiteout",
    "/a/sub@0>1:whiteout",
    "/a/x@0>1:whiteout",
  ]);
});

Deno.test("mergeLayers() ignores a whiteout of a path that does not exist", async () => {
  const { paths, hidden } = await merge([file("a"), dir("d")], [
    whiteout("nothing/here"),
    whiteout("a/below-a-file"),
    whiteout("d/missing"),
  ]);
  assert.deepEqual(paths, ["/a", "/d"]);
  assert.deepEqual(hidden, []);
});

Deno.test("mergeLayers() hides lower children under an opaque directory, wherever the marker sits", async () => {
  for (const order of ["before", "after"]) {
    const upper = order === "before"
      ? [opaque("d"), dir("d"), file("d/new")]
      : [dir("d"), file("d/new"), opaque("d")];
    const { fs, paths, hidden } = await merge([
      dir("d"),
      file("d/old"),
      dir("d/deep"),
      file("d/deep/z"),
      file("outside"),
    ], upper);
    assert.deepEqual(paths, ["/d", "/d/new", "/outside"], order);
    assert.equal(fs.get("/d")!.layer, 1);
    assert.deepEqual(hidden, [
      "/d/deep/z@0>1:opaque",
      "/d/deep@0>1:opaque",
      "/d/old@0>1:opaque",
    ]);
  }
});

Deno.test("mergeLayers() keeps an opaque directory's own lower entry when the layer does not store it", () => {
  const { fs, paths } = mergeIndexes([
    index(["d:/d", "/d/old"]),
    index(["/d/new"], { opaque: ["/d"] }),
  ]);
  assert.deepEqual(paths, ["/d", "/d/new"]);
  assert.equal(fs.get("/d")!.layer, 0);
});

Deno.test("mergeLayers() empties the whole lower filesystem with an opaque marker at the root", () => {
  const { paths, hidden } = mergeIndexes([
    index(["d:/", "/a", "d:/b", "/b/c"]),
    index(["/new"], { opaque: ["/"] }),
  ]);
  assert.deepEqual(paths, ["/", "/new"]);
  assert.deepEqual(hidden, [
    "/a@0>1:opaque",
    "/b/c@0>1:opaque",
    "/b@0>1:opaque",
  ]);
});

Deno.test("mergeLayers() never lets a whiteout hide an entry of its own layer", async () => {
  const { fs, hidden } = await merge([file("a", "old")], [
    file("a", "new"),
    whiteout("a"),
  ]);
  assert.equal(fs.get("/a")!.layer, 1);
  assert.equal(fs.get("/a")!.size, 3);
  assert.deepEqual(hidden, ["/a@0>1:whiteout"]);
});

Deno.test("mergeLayers() never lets an opaque marker hide children of its own layer", () => {
  const { paths } = mergeIndexes([
    index(["d:/d", "/d/old"]),
    index(["d:/d", "/d/new", "d:/d/sub", "/d/sub/x"], { opaque: ["/d"] }),
  ]);
  assert.deepEqual(paths, ["/d", "/d/new", "/d/sub", "/d/sub/x"]);
});

Deno.test("mergeLayers() lets a higher layer hide what a lower whiteout's own layer added", () => {
  const { paths, hidden } = mergeIndexes([
    index(["/a"]),
    index(["/a"], { whiteouts: ["/a"] }),
    index([], { whiteouts: ["/a"] }),
  ]);
  assert.deepEqual(paths, []);
  assert.deepEqual(hidden, ["/a@0>1:whiteout", "/a@1>2:whiteout"]);
});

Deno.test("mergeLayers() replaces a file with a directory and a directory with a file", async () => {
  const { fs, paths, hidden } = await merge(
    [file("f", "file"), dir("d"), file("d/child")],
    [dir("f"), file("f/inside"), file("d", "now a file")],
  );
  assert.deepEqual(paths, ["/d", "/f", "/f/inside"]);
  assert.equal(fs.get("/f")!.type, "dir");
  assert.equal(fs.get("/d")!.type, "file");
  assert.deepEqual(hidden, [
    "/d/child@0>1:replaced",
    "/d@0>1:replaced",
    "/f@0>1:replaced",
  ]);
});

Deno.test("mergeLayers() replaces a directory with a symlink, dropping its subtree", async () => {
  const { fs, paths, hidden } = await merge(
    [dir("lib"), file("lib/libc.so", "c")],
    [symlink("lib", "usr/lib")],
  );
  assert.deepEqual(paths, ["/lib"]);
  assert.equal(fs.get("/lib")!.type, "symlink");
  assert.deepEqual(hidden, ["/lib/libc.so@0>1:replaced", "/lib@0>1:replaced"]);
});

Deno.test("mergeLayers() keeps lower children when a directory is stored again", async () => {
  const { fs, paths, hidden } = await merge(
    [dir("d", { mode: 0o755 }), file("d/x")],
    [dir("d", { mode: 0o700, uid: 5 })],
  );
  assert.deepEqual(paths, ["/d", "/d/x"]);
  assert.equal(fs.get("/d")!.mode, 0o700);
  assert.equal(fs.get("/d")!.uid, 5);
  assert.equal(fs.get("/d")!.layer, 1);
  assert.equal(fs.get("/d/x")!.layer, 0);
  assert.deepEqual(hidden, []);
});

Deno.test("mergeLayers() implies missing parent directories", async () => {
  const { fs, paths } = await merge([file("a/b/c", "x")]);
  assert.deepEqual(paths, ["/a", "/a/b", "/a/b/c"]);
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
  assert.equal(fs.has("/"), false);
});

Deno.test("mergeLayers() implies parents in the layer that needs them and keeps existing ones", () => {
  const { fs } = mergeIndexes([index(["d:/a"]), index(["/a/b/c"])]);
  assert.equal(fs.get("/a")!.layer, 0);
  assert.equal(fs.get("/a")!.mtime, 1);
  assert.equal(fs.get("/a/b")!.layer, 1);
});

Deno.test("mergeLayers() replaces a lower file that stands where a parent directory must be", () => {
  const { fs, hidden } = mergeIndexes([index(["/a"]), index(["/a/b"])]);
  assert.equal(fs.get("/a")!.type, "dir");
  assert.equal(fs.get("/a")!.layer, 1);
  assert.deepEqual(hidden, ["/a@0>1:replaced"]);
});

Deno.test("mergeLayers() gives an implied parent the metadata of its entry stored later in the layer", () => {
  const { fs } = mergeIndexes([
    index(["/d/x", "d:/d"]),
  ]);
  assert.equal(fs.get("/d")!.mtime, 1);
  assert.equal(fs.get("/d")!.mode, 0o644);
  assert.equal(fs.has("/d/x"), true);
});

Deno.test("mergeLayers() keeps the last of a path stored twice in one layer", async () => {
  const { fs } = await merge([file("a", "first"), file("a", "second!")]);
  assert.equal(fs.get("/a")!.size, 7);
});

Deno.test("mergeLayers() lets a path stored twice as directory then file drop what went in between", async () => {
  const { fs, paths } = await merge([dir("d"), file("d/x"), file("d", "f")]);
  assert.deepEqual(paths, ["/d"]);
  assert.equal(fs.get("/d")!.type, "file");
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
  assert.equal(fs.get("/l2")!.size, 13);
  assert.equal(fs.get("/l2")!.type, "hardlink");
  assert.equal(fs.get("/l2")!.target, "/lower");
  assert.equal(fs.get("/l2")!.layer, 1);
});

Deno.test("mergeLayers() follows a hard link to a hard link to its content", () => {
  const { fs } = mergeIndexes([
    index(["/file"]),
    index(["l:/one>/file", "l:/two>/one"]),
  ]);
  assert.equal(fs.get("/two")!.size, "/file".length);
  assert.equal(fs.get("/two")!.digest, "sha256:/file");
  assert.equal(fs.get("/two")!.target, "/one");
});

Deno.test("mergeLayers() links to the target as this layer left it, not as below", () => {
  const { fs } = mergeIndexes([
    index(["/t"]),
    index(["/t", "l:/link>/t"]),
  ]);
  assert.equal(fs.get("/link")!.digest, "sha256:/t");
  assert.equal(fs.get("/link")!.mtime, 1);
  assert.equal(fs.get("/link")!.layer, 1);
});

Deno.test("mergeLayers() refuses a hard link to a path that does not exist", async () => {
  await assert.rejects(
    async () => mergeLayers([await layer([hardlink("l", "missing")])]),
    rejectsWith("hard link target does not exist", "/l"),
  );
});

Deno.test("mergeLayers() names the layer of a hard link it refuses", () => {
  assert.throws(
    () => mergeLayers([index(["/a"]), index(["l:/l>/b"])]),
    (error: Error) =>
      error instanceof InputError && error.context.layer?.index === 1 &&
      error.message === 'layer 1: entry "/l": hard link target does not exist',
  );
});

Deno.test("mergeLayers() refuses a hard link to a path this layer whited out", () => {
  assert.throws(
    () =>
      mergeLayers([
        index(["/t"]),
        index(["l:/l>/t"], { whiteouts: ["/t"] }),
      ]),
    rejectsWith("hard link target does not exist", "/l"),
  );
});

Deno.test("mergeLayers() refuses a hard link stored before its target", () => {
  assert.throws(
    () => mergeLayers([index(["l:/l>/t", "/t"])]),
    rejectsWith("hard link target does not exist", "/l"),
  );
});

Deno.test("mergeLayers() refuses a hard link to a directory", () => {
  assert.throws(
    () => mergeLayers([index(["d:/d", "l:/l>/d"])]),
    rejectsWith("hard link target is a directory", "/l"),
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

Deno.test("mergeLayers() never shows whiteout markers or .wh..wh. meta entries", async () => {
  const { paths } = await merge(
    [dir("a"), file("a/x"), dir("b")],
    [
      whiteout("a/x"),
      opaque("b"),
      dir(".wh..wh.plnk"),
      file("a/.wh..wh.aufs"),
      file("b/new"),
    ],
  );
  assert.deepEqual(paths, ["/a", "/b", "/b/new"]);
});

Deno.test("mergeLayers() keeps names that are not UTF-8 distinct and whites out the exact bytes", async () => {
  const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9]); // "café" in Latin-1
  const utf8 = new TextEncoder().encode("caf\u00e9");
  const whiteoutLatin1 = new Uint8Array([0x2e, 0x77, 0x68, 0x2e, ...latin1]);
  const { paths } = await merge(
    [file(latin1, "l"), file(utf8, "u"), file("cafe", "a")],
    [file(whiteoutLatin1)],
  );
  assert.deepEqual(paths, ["/cafe", "/caf\u00e9"]);
});

Deno.test("mergeLayers() reports hidden entries with the layer that hid them", () => {
  const { hidden } = mergeIndexes([
    index(["d:/d", "/d/a", "/f", "/g"]),
    index(["/f"]),
    index(["/d/b", "d:/g"], { opaque: ["/d"] }),
    index([], { whiteouts: ["/d"] }),
  ]);
  assert.deepEqual(hidden, [
    "/d/a@0>2:opaque",
    "/d/b@2>3:whiteout",
    "/d@0>3:whiteout",
    "/f@0>1:replaced",
    "/g@0>2:replaced",
  ]);
});

Deno.test("mergeLayers() works without an onHide callback", () => {
  const fs = mergeLayers([index(["/a"]), index([], { whiteouts: ["/a"] })]);
  assert.equal(fs.size, 0);
});

Deno.test("mergeLayers() agrees with a naive path-scanning merge on random layers", () => {
  const names = ["a", "b", "c"];
  const paths: string[] = [];
  for (const x of names) {
    paths.push(`/${x}`);
    for (const y of names) {
      paths.push(`/${x}/${y}`);
      for (const z of names) paths.push(`/${x}/${y}/${z}`);
    }
  }
  const path = fc.constantFrom(...paths);
  const entrySpec = fc.oneof(
    { weight: 4, arbitrary: path.map((p) => `f:${p}`) },
    { weight: 4, arbitrary: path.map((p) => `d:${p}`) },
    { weight: 1, arbitrary: fc.constant("d:/") },
    {
      weight: 1,
      arbitrary: fc.tuple(path, path).map(([p, t]) => `l:${p}>${t}`),
    },
  );
  const layerArb = fc.record({
    entries: fc.array(entrySpec, { maxLength: 12 }),
    whiteouts: fc.array(path, { maxLength: 3 }),
    opaque: fc.array(fc.constantFrom("/", ...paths), { maxLength: 2 }),
  });
  fc.assert(
    fc.property(fc.array(layerArb, { minLength: 1, maxLength: 4 }), (specs) => {
      const layers = specs.map((spec) => index(spec.entries, spec));
      const expected = attempt(() => naiveMerge(layers));
      const actual = attempt(() => mergeIndexes(layers));
      if ("error" in expected || "error" in actual) {
        assert.deepEqual(reasonOf(actual), reasonOf(expected));
        return;
      }
      assert.deepEqual(
        sortedEntries(actual.value.fs),
        sortedEntries(expected.value.fs),
      );
      assert.deepEqual(actual.value.hidden, expected.value.hidden.sort());
    }),
    { numRuns: 1000 },
  );
});

function attempt<T>(run: () => T): { value: T } | { error: unknown } {
  try {
    return { value: run() };
  } catch (error) {
    return { error };
  }
}

function reasonOf(result: { value: unknown } | { error: unknown }): string {
  if (!("error" in result)) return "no error";
  if (result.error instanceof InputError) return result.error.reason;
  throw result.error;
}

function sortedEntries(fs: Map<string, unknown>) {
  return [...fs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

Deno.test("LayerStack applies layers one at a time as mergeLayers() does", () => {
  const layers = [
    index(["d:/d", "/d/a", "/e"]),
    index(["/d/b"], { whiteouts: ["/e"] }),
  ];
  const stack = new LayerStack();
  for (const layer of layers) stack.apply(layer);
  assert.deepEqual(stack.merged(), mergeLayers(layers));
});

Deno.test("LayerStack.fork() goes on from the layers below with their entries shared, and each side keeps its own tree", () => {
  const base = index(["d:/d", "/d/a", "/keep", "l:/link>/keep"]);
  const a = new LayerStack();
  a.apply(base);
  const hidden: string[] = [];
  const b = a.fork({
    onHide: (entry, by, reason) => hidden.push(`${entry.path}>${by}:${reason}`),
  });
  a.apply(index(["/a-only"], { whiteouts: ["/d"] }));
  b.apply(index(["/b-only"], { opaque: ["/d"] }));
  const fsA = a.merged(), fsB = b.merged();
  assert.deepEqual([...fsA.keys()].sort(), ["/a-only", "/keep", "/link"]);
  assert.deepEqual([...fsB.keys()].sort(), [
    "/b-only",
    "/d",
    "/keep",
    "/link",
  ]);
  assert.deepEqual(hidden, ["/d/a>1:opaque"], "hides go to the fork's own");
  assert.equal(fsA.get("/keep"), fsB.get("/keep"), "one shared entry");
  assert.equal(fsB.get("/b-only")!.layer, 1);
  assert.deepEqual(
    fsB,
    mergeLayers([base, index(["/b-only"], { opaque: ["/d"] })]),
  );
});

Deno.test("mergeLayers() keeps a hard link on the content its target had before the layer rewrote it", async () => {
  const { fs } = await merge([
    file("t", "first"),
    hardlink("l", "t"),
    file("t", "second"),
  ]);
  const first = (await layer([file("x", "first")])).entries.get("/x")!;
  assert.equal(fs.get("/l")!.digest, first.digest);
  assert.equal(fs.get("/l")!.size, 5);
  assert.equal(fs.get("/t")!.size, 6);
});

Deno.test("mergeLayers() links to the lower target when the layer rewrites it after the link", async () => {
  const { fs } = await merge([file("t", "lower")], [
    hardlink("l", "t"),
    file("t", "upper!"),
  ]);
  assert.equal(fs.get("/l")!.size, 5);
  assert.equal(fs.get("/l")!.layer, 1);
  assert.equal(fs.get("/t")!.size, 6);
});
