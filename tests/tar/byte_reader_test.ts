import assert from "@std/assert";
import {
  ByteReader,
  chunkSourceFrom,
  chunkSourceFromBytes,
} from "../../mod/tar/byte_reader.ts";
import { assertInputError, countingSource } from "./helpers.ts";

const data = new Uint8Array(1000).map((_, i) => i & 0xff);

Deno.test("ByteReader.readExact() joins reads across chunks and tracks the position", async () => {
  const reader = new ByteReader(countingSource(data, { chunkSize: 7 }));
  assert.deepEqual(await reader.readExact(3), data.subarray(0, 3));
  assert.deepEqual(await reader.readExact(20), data.subarray(3, 23));
  assert.equal(reader.position, 23);
  assert.deepEqual(await reader.readExact(977), data.subarray(23));
  assert.equal(await reader.readExact(1), null);
  assert.equal(reader.position, 1000);
});

Deno.test("ByteReader.readExact() returns a view of the chunk when it fits", async () => {
  const chunk = data.slice(0, 600);
  const reader = new ByteReader(chunkSourceFrom((async function* () {
    yield chunk;
  })()));
  const block = await reader.readExact(512);
  assert.equal(block?.buffer, chunk.buffer);
});

Deno.test("ByteReader.readExact() throws on a partial read", async () => {
  const reader = new ByteReader(countingSource(data, { chunkSize: 100 }));
  await reader.readExact(900);
  await assertInputError(reader.readExact(512), "unexpected end of data", {
    offset: 1000,
  });
});

Deno.test("ByteReader.readUpTo() returns views of at most n bytes", async () => {
  const source = chunkSourceFromBytes(data, { chunkSize: 300 });
  const reader = new ByteReader(source);
  const first = await reader.readUpTo(1000);
  assert.equal(first?.length, 300);
  assert.equal(first?.buffer, data.buffer);
  assert.equal((await reader.readUpTo(50))?.length, 50);
  assert.equal((await reader.readUpTo(1000))?.length, 250);
  assert.equal((await reader.readUpTo(1000))?.length, 300);
  assert.equal((await reader.readUpTo(1000))?.length, 100);
  assert.equal(await reader.readUpTo(1000), null);
});

Deno.test("ByteReader.skip() seeks without reading when the source can", async () => {
  const source = countingSource(data, { chunkSize: 100 });
  const reader = new ByteReader(source);
  await reader.readExact(10);
  await reader.skip(600);
  assert.equal(reader.position, 610);
  assert.deepEqual(await reader.readExact(5), data.subarray(610, 615));
  assert.equal(source.bytesSkipped, 510);
  assert.deepEqual(source.reads, [[0, 100], [610, 710]]);
});

Deno.test("ByteReader.skip() reads and drops bytes from a stream", async () => {
  const source = countingSource(data, { chunkSize: 64, seekable: false });
  const reader = new ByteReader(source);
  await reader.skip(999);
  assert.deepEqual(await reader.readExact(1), data.subarray(999));
});

Deno.test("ByteReader.skip() throws at an early end, seekable or not", async () => {
  for (const seekable of [true, false]) {
    const reader = new ByteReader(countingSource(data, { seekable }));
    await assertInputError(reader.skip(1001), "unexpected end of data", {
      offset: 1000,
    });
  }
});

Deno.test("chunkSourceFrom() drops empty chunks", async () => {
  const source = chunkSourceFrom(ReadableStream.from([
    new Uint8Array(0),
    new Uint8Array([1, 2]),
    new Uint8Array(0),
    new Uint8Array([3]),
  ]));
  assert.deepEqual(await source.read(), new Uint8Array([1, 2]));
  assert.deepEqual(await source.read(), new Uint8Array([3]));
  assert.equal(await source.read(), null);
});
