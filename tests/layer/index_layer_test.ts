import assert from "@std/assert";
import { InputError } from "../../mod/errors.ts";
import { indexLayer } from "../../mod/layer/index_layer.ts";
import { ByteReader, chunkSourceFromBytes } from "../../mod/tar/byte_reader.ts";
import { readTar } from "../../mod/tar/reader.ts";
import {
  buildTar,
  dir,
  file,
  opaque,
  type TarSpec,
  whiteout,
} from "../fixtures/tar_builder.ts";

function index(entries: TarSpec[]) {
  return indexLayer(
    readTar(new ByteReader(chunkSourceFromBytes(buildTar(entries)))),
  );
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
  assert.equal(hello.size, 6);
  assert.equal(
    hello.digest,
    "sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
  );
});

Deno.test("indexLayer() sets whiteouts and opaque markers apart from entries", async () => {
  const { index: layer, entryCount } = await index([
    whiteout("etc/passwd"),
    opaque("var/cache"),
    dir(".wh..wh.plnk"),
    file("etc/.wh..wh..opq"),
  ]);
  assert.equal(entryCount, 4);
  assert.deepEqual([...layer.whiteouts], ["/etc/passwd"]);
  assert.deepEqual([...layer.opaqueDirs].sort(), ["/etc", "/var/cache"]);
  assert.equal(layer.entries.size, 0);
});

for (const name of ["a/.wh.", "a/.wh..", "a/.wh..."]) {
  Deno.test(`indexLayer() refuses the malformed whiteout ${name}`, async () => {
    await assert.rejects(
      () => index([file(name)]),
      (error: Error) =>
        error instanceof InputError &&
        error.message.includes("malformed whiteout") &&
        error.message.includes(name),
    );
  });
}

for (const name of ["../../etc/passwd", "a/../../b"]) {
  Deno.test(`indexLayer() refuses the path ${name} that escapes the root`, async () => {
    await assert.rejects(
      () => index([file(name)]),
      (error: Error) =>
        error instanceof InputError &&
        error.message.includes("path escapes the root"),
    );
  });
}

Deno.test("indexLayer() keeps names that are not UTF-8 distinct", async () => {
  const { index: layer } = await index([
    file(new Uint8Array([0x61, 0xff])),
    file(new Uint8Array([0x61, 0xfe])),
  ]);
  assert.deepEqual([...layer.entries.keys()], ["/a\udcff", "/a\udcfe"]);
});
