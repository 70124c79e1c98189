import assert from "@std/assert";
import { gzipSync } from "node:zlib";
import {
  CACHE_FORMAT_VERSION,
  decodeLayer,
  encodeLayer,
} from "../../mod/cache/layer_cache_codec.ts";
import { type ReadLayer, readLayer } from "../../mod/image/read_layer.ts";
import { KeepBudget } from "../../mod/layer/keep_files.ts";
import { chunkSourceFromBytes } from "../../mod/tar/byte_reader.ts";
import {
  buildTar,
  dir,
  file,
  hardlink,
  opaque,
  symlink,
  whiteout,
} from "../fixtures/tar_builder.ts";
import { seededRandom } from "../fixtures/mutation_fuzz.ts";

/** A layer with every kind of entry and field the index holds. */
function everyKindTar(): Uint8Array {
  return buildTar([
    dir("etc/", { mode: 0o755 }),
    file("etc/passwd", "root:x:0:0::/root:/bin/sh\n", { uid: 0, gid: 0 }),
    file("etc/app.conf", "port = 80\n", { mtime: 1700000000.25 }),
    file("etc/big.conf", "x".repeat(5000)),
    file("usr/bin/tool", "\x7fELF binary", {
      mode: 0o4755,
      uid: 1000,
      gid: 1000,
      xattrs: { "security.capability": "\x01\x00\x00\x02" },
    }),
    hardlink("usr/bin/tool-link", "usr/bin/tool"),
    hardlink("usr/bin/elsewhere", "usr/lib/from-below"),
    symlink("usr/bin/sh", "busybox"),
    { path: "dev/null", type: "char", devMajor: 1, devMinor: 3, mode: 0o666 },
    { path: "dev/sda", type: "block", devMajor: 8, devMinor: 0 },
    { path: "run/fifo", type: "fifo" },
    file(new Uint8Array([0x6f, 0x70, 0x74, 0x2f, 0xff, 0xfe, 0x2e, 0x74]), "?"),
    file("opt/" + "long-name-".repeat(20), "long"),
    file("var/lib/dpkg/status", "Package: base\nVersion: 1\n\n"),
    whiteout("var/cache/old"),
    opaque("srv/www"),
    file("etc/passwd", "root:x:0:0::/root:/bin/bash\n", { mtime: 1 }),
  ]);
}

async function readEveryKind(): Promise<ReadLayer> {
  const tar = everyKindTar();
  return await readLayer(chunkSourceFromBytes(gzipSync(tar)), {
    keep: {
      limit: (path) => path.startsWith("/etc/") ? 1024 : 0,
      budget: new KeepBudget(1 << 20),
    },
  });
}

Deno.test("decodeLayer(encodeLayer()) gives back the layer read, deep-equal, entry order and kept bytes included", async () => {
  const layer = await readEveryKind();
  assert.ok(layer.index.kept?.has("/etc/passwd"));
  assert.equal(layer.index.notKept?.get("/etc/big.conf"), "too-large");
  const decoded = decodeLayer(encodeLayer(layer));
  assert.deepStrictEqual(decoded, layer);
  assert.deepEqual(
    [...decoded!.index.entries.keys()],
    [...layer.index.entries.keys()],
  );
});

Deno.test("decodeLayer() round-trips a layer read unhashed and an empty one", async () => {
  const unhashed = await readLayer(chunkSourceFromBytes(everyKindTar()), {
    hash: false,
  });
  assert.equal(unhashed.digest, undefined);
  assert.deepStrictEqual(decodeLayer(encodeLayer(unhashed)), unhashed);
  const empty = await readLayer(chunkSourceFromBytes(buildTar([])));
  assert.deepStrictEqual(decodeLayer(encodeLayer(empty)), empty);
});

Deno.test("decodeLayer() refuses every truncation, every flipped byte, trailing bytes and another version", async () => {
  const bytes = encodeLayer(await readEveryKind());
  for (let length = 0; length < bytes.length; length++) {
    assert.equal(
      decodeLayer(bytes.subarray(0, length)),
      undefined,
      `${length}`,
    );
  }
  const random = seededRandom(7);
  for (let at = 0; at < bytes.length; at++) {
    const flipped = bytes.slice();
    flipped[at] ^= 1 + Math.floor(random() * 255);
    assert.equal(decodeLayer(flipped), undefined, `byte ${at}`);
  }
  const longer = new Uint8Array(bytes.length + 1);
  longer.set(bytes);
  assert.equal(decodeLayer(longer), undefined);
  const other = bytes.slice();
  new DataView(other.buffer).setUint32(4, CACHE_FORMAT_VERSION + 1, true);
  assert.equal(decodeLayer(other), undefined);
});

Deno.test("encodeLayer() stores a file of a 100,000-file layer in a few dozen bytes besides its name", async () => {
  const specs = [];
  for (let i = 0; i < 100_000; i++) {
    specs.push(file(`usr/share/pkg${i % 500}/file-${i}.txt`, `content ${i}`));
  }
  const layer = await readLayer(chunkSourceFromBytes(buildTar(specs)));
  const bytes = encodeLayer(layer);
  const names = [...layer.index.entries.keys()].reduce(
    (sum, path) => sum + path.length,
    0,
  );
  // 32 bytes of raw digest and a few of fields per file, names shared by prefix.
  assert.ok(bytes.length < names + 100_000 * 48, `${bytes.length} bytes`);
  assert.deepStrictEqual(decodeLayer(bytes), layer);
});
