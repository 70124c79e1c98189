import assert from "@std/assert";
import { gzipSync, zstdCompressSync } from "node:zlib";
import { InputError } from "../../mod/errors.ts";
import { openArchive } from "../../mod/source/open_archive.ts";
import { chunkSourceFrom } from "../../mod/tar/byte_reader.ts";
import { buildTar, file, symlink } from "../fixtures/tar_builder.ts";

const noBlobs = () => Promise.reject(new Error("unexpected blob"));
const decoder = new TextDecoder();

async function writeTemp(bytes: Uint8Array): Promise<string> {
  const path = await Deno.makeTempFile();
  await Deno.writeFile(path, bytes);
  return path;
}

Deno.test("openArchive() reads members of a tar file by offset, following symlinks", async () => {
  const path = await writeTemp(buildTar([
    file("manifest.json", "[]"),
    file("x/layer.tar", "layer bytes"),
    symlink("y/layer.tar", "../x/layer.tar"),
  ]));
  const archive = await openArchive(path, noBlobs);
  assert.equal(archive.kind, "tar-file");
  assert.equal(
    decoder.decode(await archive.readDocument("manifest.json")),
    "[]",
  );
  assert.equal(await archive.resolve("y/layer.tar"), "x/layer.tar");
  assert.equal(await archive.size("y/layer.tar"), 11);
  const blob = await archive.openBlob("y/layer.tar");
  assert.equal(decoder.decode((await blob.read())!), "layer bytes");
  assert.equal(await blob.read(), null);
});

for (
  const [name, compress] of [["gzip", gzipSync], [
    "zstd",
    zstdCompressSync,
  ]] as const
) {
  Deno.test(`openArchive() reads a ${name}-compressed tar in one pass, handing blobs on`, async () => {
    const tar = buildTar([
      file("index.json", "{}"),
      file("blobs/sha256/ab", "not json"),
    ]);
    const path = await writeTemp(new Uint8Array(compress(tar)));
    const seen: string[] = [];
    const archive = await openArchive(path, async (member, body) => {
      const chunk = await body.read();
      seen.push(`${member}=${decoder.decode(chunk!)}`);
    });
    assert.equal(archive.kind, "stream");
    assert.deepEqual(seen, ["blobs/sha256/ab=not json"]);
    assert.equal(
      decoder.decode(await archive.readDocument("index.json")),
      "{}",
    );
  });
}

Deno.test("openArchive() reads stdin given as a stream", async () => {
  const tar = buildTar([file("manifest.json", "[1]")]);
  const archive = await openArchive({
    name: "-",
    stream: chunkSourceFrom(toAsync([tar.subarray(0, 700), tar.subarray(700)])),
  }, noBlobs);
  assert.equal(
    decoder.decode(await archive.readDocument("manifest.json")),
    "[1]",
  );
});

Deno.test("openArchive() rejects an empty file, a missing path and a truncated gzip by name", async () => {
  const empty = await writeTemp(new Uint8Array());
  await assert.rejects(
    () => openArchive(empty, noBlobs),
    (e: Error) =>
      e instanceof InputError && e.message === `${empty}: empty file`,
  );
  await assert.rejects(
    () => openArchive(`${empty}.nope`, noBlobs),
    /no such file or directory/,
  );
  const gz = gzipSync(buildTar([file("manifest.json", "[]".repeat(1000))]));
  const truncated = await writeTemp(
    new Uint8Array(gz.subarray(0, gz.length - 20)),
  );
  await assert.rejects(
    () => openArchive(truncated, noBlobs),
    (e: Error) => e instanceof InputError && /gzip/.test(e.message),
  );
});

async function* toAsync(items: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* items;
}
