import assert from "@std/assert";
import { createHash } from "node:crypto";
import { InputError } from "../../mod/errors.ts";
import { indexLayer } from "../../mod/layer/index_layer.ts";
import { ByteReader, chunkSourceFromBytes } from "../../mod/tar/byte_reader.ts";
import type { TarEntry } from "../../mod/tar/entry.ts";
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

function sha256(content: string | Uint8Array): string {
  return `sha256:${createHash("sha256").update(content).digest("hex")}`;
}

function index(entries: TarSpec[]) {
  return indexLayer(
    readTar(new ByteReader(chunkSourceFromBytes(buildTar(entries)))),
  );
}

/** Asserts an InputError with this reason, naming the entry as stored. */
function inputError(reason: string, entry: string) {
  return (error: Error) => {
    if (!(error instanceof InputError)) throw error;
    assert.equal(error.reason, reason);
    assert.equal(error.context.entry, entry);
    return true;
  };
}

/** A tar entry made by hand, for bodies a tar builder cannot instrument. */
function tarEntry(
  name: string,
  type: TarEntry["type"],
  body: AsyncIterable<Uint8Array>,
  size = 0,
): TarEntry {
  return {
    name,
    type,
    mode: 0o644,
    uid: 0,
    gid: 0,
    size,
    mtime: 0,
    linkname: "t",
    devMajor: 0,
    devMinor: 0,
    offset: 0,
    dataOffset: 512,
    body,
  };
}

async function* entriesOf(...entries: TarEntry[]) {
  yield* entries;
}

Deno.test("indexLayer() normalises paths and hashes file contents", async () => {
  const { index: layer, entryCount } = await index([
    dir("./"),
    dir("./usr/"),
    file("./usr/hello", "hello\n", { mode: 0o100755, uid: 1000, gid: 100 }),
  ]);
  assert.equal(entryCount, 3);
  assert.deepEqual([...layer.entries.keys()], ["/", "/usr", "/usr/hello"]);
  const hello = layer.entries.get("/usr/hello")!;
  assert.equal(hello.mode, 0o755);
  assert.equal(hello.uid, 1000);
  assert.equal(hello.gid, 100);
  assert.equal(hello.mtime, 1700000000);
  assert.equal(hello.size, 6);
  assert.equal(
    hello.digest,
    "sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
  );
});

Deno.test("indexLayer() keeps the root entry ./ as a directory", async () => {
  const { index: layer } = await index([dir("./", { mode: 0o700 })]);
  assert.deepEqual(layer.entries.get("/"), {
    path: "/",
    type: "dir",
    mode: 0o700,
    uid: 0,
    gid: 0,
    size: 0,
    mtime: 1700000000,
  });
});

Deno.test("indexLayer() keeps special mode bits and drops the file type bits", async () => {
  const { index: layer } = await index([
    file("su", "x", { mode: 0o104755 }),
    dir("tmp", { mode: 0o41777 }),
  ]);
  assert.equal(layer.entries.get("/su")!.mode, 0o4755);
  assert.equal(layer.entries.get("/tmp")!.mode, 0o1777);
});

Deno.test("indexLayer() keeps symlink targets as stored and makes hard link targets absolute", async () => {
  const { index: layer } = await index([
    file("bin/busybox", "bb"),
    symlink("bin/sh", "./busybox"),
    hardlink("bin/ls", "./bin//busybox"),
  ]);
  const sh = layer.entries.get("/bin/sh")!;
  assert.equal(sh.target, "./busybox");
  assert.equal(sh.size, 0);
  assert.equal(sh.digest, undefined);
  const ls = layer.entries.get("/bin/ls")!;
  assert.equal(ls.type, "hardlink");
  assert.equal(ls.target, "/bin/busybox");
});

Deno.test("indexLayer() gives a hard link the content its target had when the link was stored", async () => {
  const { index: layer } = await index([
    file("t", "first", { mode: 0o755, uid: 7, mtime: 5 }),
    hardlink("l", "t", { mode: 0o644, uid: 0 }),
    file("t", "second, longer"),
  ]);
  assert.deepEqual([...layer.entries.keys()], ["/l", "/t"]);
  const link = layer.entries.get("/l")!;
  assert.deepEqual(
    [link.type, link.size, link.digest, link.mode, link.uid, link.mtime],
    ["hardlink", 5, sha256("first"), 0o755, 7, 5],
  );
  assert.equal(link.linkResolved, true);
  assert.equal(layer.entries.get("/t")!.digest, sha256("second, longer"));
});

Deno.test("indexLayer() follows a hard link to a resolved hard link in the same layer", async () => {
  const { index: layer } = await index([
    file("t", "content"),
    hardlink("one", "t"),
    hardlink("two", "one"),
  ]);
  const two = layer.entries.get("/two")!;
  assert.deepEqual([two.size, two.digest, two.linkResolved], [
    7,
    sha256("content"),
    true,
  ]);
});

Deno.test("indexLayer() leaves a hard link to a lower layer or a directory for the merge", async () => {
  const { index: layer } = await index([
    hardlink("below", "lower/file"),
    dir("d"),
    hardlink("to-dir", "d"),
    hardlink("early", "late"),
    file("late", "x"),
  ]);
  for (const path of ["/below", "/to-dir", "/early"]) {
    const link = layer.entries.get(path)!;
    assert.deepEqual([link.size, link.digest, link.linkResolved], [
      0,
      undefined,
      undefined,
    ]);
  }
});

Deno.test("indexLayer() agrees with GNU tar extraction on a target rewritten after its link", async () => {
  const tar = buildTar([
    file("t", "first"),
    hardlink("l", "t"),
    file("t", "second"),
  ]);
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/layer.tar`, tar);
    await Deno.mkdir(`${dir}/root`);
    const tarRun = await new Deno.Command("tar", {
      args: ["-xf", `${dir}/layer.tar`, "-C", `${dir}/root`],
    }).output();
    assert.equal(tarRun.code, 0);
    const { index: layer } = await index([
      file("t", "first"),
      hardlink("l", "t"),
      file("t", "second"),
    ]);
    for (const name of ["l", "t"]) {
      const extracted = await Deno.readFile(`${dir}/root/${name}`);
      assert.equal(layer.entries.get(`/${name}`)!.digest, sha256(extracted));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("indexLayer() records device numbers of character and block devices", async () => {
  const { index: layer } = await index([
    { path: "dev/null", type: "char", devMajor: 1, devMinor: 3 },
    { path: "dev/sda", type: "block", devMajor: 8, devMinor: 0 },
    { path: "run/pipe", type: "fifo" },
  ]);
  const devNull = layer.entries.get("/dev/null")!;
  assert.deepEqual([devNull.type, devNull.devMajor, devNull.devMinor], [
    "char",
    1,
    3,
  ]);
  const sda = layer.entries.get("/dev/sda")!;
  assert.deepEqual([sda.type, sda.devMajor, sda.devMinor], ["block", 8, 0]);
  const pipe = layer.entries.get("/run/pipe")!;
  assert.equal(pipe.type, "fifo");
  assert.equal(pipe.devMajor, undefined);
});

Deno.test("indexLayer() keeps extended attributes", async () => {
  const { index: layer } = await index([
    file("bin/ping", "p", { xattrs: { "security.capability": "cap" } }),
  ]);
  assert.deepEqual(layer.entries.get("/bin/ping")!.xattrs, {
    "security.capability": "cap",
  });
});

Deno.test("indexLayer() hashes a body chunk by chunk as it streams", async () => {
  const chunks = ["first ", "second ", "third"].map((text) =>
    new TextEncoder().encode(text)
  );
  let handedOut = 0;
  async function* body() {
    for (const chunk of chunks) {
      handedOut++;
      yield chunk;
    }
  }
  const { index: layer } = await indexLayer(
    entriesOf(tarEntry("f", "file", body(), 18)),
  );
  assert.equal(handedOut, 3);
  const expected = createHash("sha256").update("first second third").digest(
    "hex",
  );
  assert.equal(layer.entries.get("/f")!.digest, `sha256:${expected}`);
});

Deno.test("indexLayer() leaves the bodies of everything but files unread", async () => {
  const untouchable: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]() {
      throw new Error("body read");
    },
  };
  const { entryCount } = await indexLayer(entriesOf(
    tarEntry("d", "dir", untouchable),
    tarEntry("l", "symlink", untouchable),
    tarEntry("h", "hardlink", untouchable),
    tarEntry(".wh.gone", "file", untouchable),
    tarEntry("d/.wh..wh..opq", "file", untouchable),
  ));
  assert.equal(entryCount, 5);
});

Deno.test("indexLayer() sets whiteouts and opaque markers apart from entries", async () => {
  const { index: layer, entryCount } = await index([
    whiteout("etc/passwd"),
    opaque("var/cache"),
    dir(".wh..wh.plnk"),
    file("etc/.wh..wh..opq"),
    opaque("./"),
  ]);
  assert.equal(entryCount, 5);
  assert.deepEqual([...layer.whiteouts], ["/etc/passwd"]);
  assert.deepEqual([...layer.opaqueDirs].sort(), ["/", "/etc", "/var/cache"]);
  assert.equal(layer.entries.size, 0);
});

Deno.test("indexLayer() keeps both a whiteout and a new entry of the same path", async () => {
  const { index: layer } = await index([whiteout("a"), dir("a"), file("a/x")]);
  assert.deepEqual([...layer.whiteouts], ["/a"]);
  assert.deepEqual([...layer.entries.keys()], ["/a", "/a/x"]);
});

Deno.test("indexLayer() keeps the last of a path stored twice, in the place of the last", async () => {
  const { index: layer, entryCount } = await index([
    dir("d"),
    file("d/x"),
    file("d", "now a file"),
  ]);
  assert.equal(entryCount, 3);
  // The file replaced the directory and what the layer had put in it.
  assert.deepEqual([...layer.entries.keys()], ["/d"]);
  assert.equal(layer.entries.get("/d")!.type, "file");
  assert.equal(layer.entries.get("/d")!.size, 10);
});

for (const name of ["a/.wh.", "a/.wh..", "a/.wh...", "./.wh.."]) {
  Deno.test(`indexLayer() refuses the malformed whiteout ${name}`, async () => {
    await assert.rejects(
      () => index([file(name)]),
      inputError("malformed whiteout", name),
    );
  });
}

for (const name of ["a/.wh.b/", "a/.wh..wh..opq/"]) {
  Deno.test(`indexLayer() refuses the whiteout ${name}, which is a directory`, async () => {
    await assert.rejects(
      () => index([dir(name)]),
      inputError("malformed whiteout: a directory", name),
    );
  });
}

for (const name of ["../../etc/passwd", "a/../../b", "./a/../b"]) {
  Deno.test(`indexLayer() refuses the path ${name} that escapes the root`, async () => {
    await assert.rejects(
      () => index([file(name)]),
      inputError("path escapes the root", name),
    );
  });
}

Deno.test("indexLayer() refuses a hard link whose target escapes the root", async () => {
  await assert.rejects(
    () => index([hardlink("bin/ls", "../../etc/shadow")]),
    inputError("hard link target escapes the root", "bin/ls"),
  );
});

Deno.test("indexLayer() refuses a root entry that is not a directory", async () => {
  await assert.rejects(
    () => index([file("./", "x")]),
    inputError("root is not a directory", "./"),
  );
});

Deno.test("indexLayer() keeps names that are not UTF-8 distinct", async () => {
  const { index: layer } = await index([
    file(new Uint8Array([0x61, 0xff])),
    file(new Uint8Array([0x61, 0xfe])),
    file(new Uint8Array([0x61, 0xc3, 0xbf])),
  ]);
  assert.deepEqual([...layer.entries.keys()], [
    "/a\udcff",
    "/a\udcfe",
    "/a\u00ff",
  ]);
});
