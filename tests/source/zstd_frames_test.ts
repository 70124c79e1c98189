import assert from "@std/assert";
import { constants, zstdCompressSync } from "node:zlib";
import { InputError } from "../../mod/errors.ts";
import { chunkSourceFromBytes } from "../../mod/tar/byte_reader.ts";
import { checkZstdFrames } from "../../mod/source/zstd_frames.ts";

const data = new Uint8Array(300_000).map((_, i) => (i * 7919 >> 3) % 251);

async function readAll(bytes: Uint8Array, chunkSize: number): Promise<number> {
  const source = checkZstdFrames(chunkSourceFromBytes(bytes, { chunkSize }));
  let total = 0;
  for (let chunk = await source.read(); chunk; chunk = await source.read()) {
    total += chunk.length;
  }
  return total;
}

const variants = {
  "plain": {},
  "with a checksum": { [constants.ZSTD_c_checksumFlag]: 1 },
  "without a content size": { [constants.ZSTD_c_contentSizeFlag]: 0 },
};
for (const [name, params] of Object.entries(variants)) {
  Deno.test(`checkZstdFrames() passes a whole stream ${name} and refuses every truncation`, async () => {
    const zst = new Uint8Array(zstdCompressSync(data, { params }));
    assert.equal(await readAll(zst, 1), zst.length);
    assert.equal(await readAll(zst, 4096), zst.length);
    for (let cut = 1; cut < zst.length; cut += 97) {
      await assert.rejects(
        () => readAll(zst.subarray(0, cut), 1000),
        (error: Error) =>
          error instanceof InputError &&
          error.message === "corrupt zstd data: unexpected end of data",
      );
    }
  });
}

Deno.test("checkZstdFrames() follows concatenated and skippable frames", async () => {
  const zst = new Uint8Array(zstdCompressSync(data));
  const skippable = new Uint8Array([
    0x50,
    0x2a,
    0x4d,
    0x18,
    3,
    0,
    0,
    0,
    1,
    2,
    3,
  ]);
  const stream = new Uint8Array([...skippable, ...zst, ...zst]);
  assert.equal(await readAll(stream, 777), stream.length);
  await assert.rejects(() => readAll(stream.subarray(0, 9), 777), InputError);
});

Deno.test("checkZstdFrames() leaves bytes that are not a frame to the decoder", async () => {
  const junk = new TextEncoder().encode("not zstd at all");
  assert.equal(await readAll(junk, 4), junk.length);
});
