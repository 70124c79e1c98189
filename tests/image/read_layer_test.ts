import assert from "@std/assert";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { readLayer } from "../../mod/image/read_layer.ts";
import { chunkSourceFromBytes } from "../../mod/tar/byte_reader.ts";
import { buildTar, file } from "../fixtures/tar_builder.ts";

const sha256 = (bytes: string | Uint8Array) =>
  `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

Deno.test("readLayer() hashes a blob as stored and its tar", async () => {
  const tar = buildTar([file("a", "hello")]);
  const gzip = gzipSync(tar);
  const layer = await readLayer(chunkSourceFromBytes(gzip));
  assert.equal(layer.digest, sha256(gzip));
  assert.equal(layer.diffId, sha256(tar));
  assert.equal(layer.compressedSize, gzip.length);
  assert.equal(layer.size, tar.length);
});

Deno.test("readLayer() with hash: false counts the blob and the tar but hashes only the files", async () => {
  const tar = buildTar([file("a", "hello")]);
  const gzip = gzipSync(tar);
  for (
    const [blob, compressedSize] of [[tar, tar.length], [
      gzip,
      gzip.length,
    ]] as const
  ) {
    const layer = await readLayer(chunkSourceFromBytes(blob), { hash: false });
    assert.equal(layer.digest, undefined);
    assert.equal(layer.diffId, undefined);
    assert.equal(layer.size, tar.length);
    assert.equal(layer.compressedSize, compressedSize);
    assert.equal(
      layer.index.entries.get("/a")?.digest,
      `sha256:${createHash("sha256").update("hello").digest("hex")}`,
    );
  }
});
