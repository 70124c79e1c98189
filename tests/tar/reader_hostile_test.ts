import { ByteReader } from "../../mod/tar/byte_reader.ts";
import { readTar } from "../../mod/tar/reader.ts";
import assert from "@std/assert";
import { buildTar, file, patchHeader } from "../fixtures/tar_builder.ts";
import {
  assertInputError,
  concat,
  countingSource,
  readAll,
  text,
  utf8,
} from "./helpers.ts";

const twoFiles = () => buildTar([file("a", "x"), file("b", "y")]);
const zeros = (n: number) => new Uint8Array(n);

/** Reads every entry but leaves bodies unread, so the reader skips them. */
async function skipAll(tar: Uint8Array, seekable: boolean): Promise<void> {
  const reader = new ByteReader(countingSource(tar, { seekable }));
  for await (const _ of readTar(reader)) { /* bodies left unread */ }
}

Deno.test("readTar() rejects a header checksum mismatch", async () => {
  const tar = twoFiles();
  tar[1024 + 10] ^= 0x20;
  await assertInputError(readAll(tar), "header checksum mismatch", {
    offset: 1024,
  });
});

Deno.test("readTar() rejects input that is not a tar", async () => {
  await assertInputError(
    readAll(utf8("{}".padEnd(600, " "))),
    "header checksum mismatch",
    {
      offset: 0,
    },
  );
});

Deno.test("readTar() rejects a non-octal numeric field", async () => {
  const tar = patchHeader(twoFiles(), 1024, { size: "0000000001x" });
  await assertInputError(readAll(tar), "invalid number in size field", {
    entry: "b",
    offset: 1024,
  });
});

Deno.test("readTar() rejects an unsupported entry type", async () => {
  const tar = patchHeader(twoFiles(), 1024, { typeflag: "S" });
  await assertInputError(readAll(tar), "unsupported entry type 'S'", {
    entry: "b",
    offset: 1024,
  });
});

Deno.test("readTar() ends at a member boundary without an end marker, as Go's archive/tar does", async () => {
  const tar = buildTar([file("a", "x")], { end: false });
  assert.deepEqual((await readAll(tar)).map((e) => text(e.content)), ["x"]);
  const unpadded = tar.subarray(0, 512 + 1);
  assert.deepEqual((await readAll(unpadded)).map((e) => text(e.content)), [
    "x",
  ]);
  assert.deepEqual(await readAll(zeros(0)), []);
});

Deno.test("readTar() rejects an archive that ends inside a member's padding", async () => {
  const tar = buildTar([file("a", "x")], { end: false });
  await assertInputError(
    readAll(tar.subarray(0, 512 + 100)),
    "unexpected end of data",
    {
      entry: "a",
      offset: 612,
    },
  );
});

Deno.test("readTar() rejects an archive truncated mid-header", async () => {
  await assertInputError(
    readAll(twoFiles().subarray(0, 1124)),
    "unexpected end of data",
    {
      offset: 1124,
    },
  );
  await assertInputError(
    readAll(twoFiles().subarray(0, 2048 + 511)),
    "unexpected end of data",
    {
      offset: 2559,
    },
  );
});

Deno.test("readTar() rejects a body truncated while it is read", async () => {
  const tar = buildTar([file("a", zeros(5000))]).subarray(0, 2512);
  await assertInputError(readAll(tar), "unexpected end of data", {
    entry: "a",
    offset: 2512,
  });
});

Deno.test("readTar() rejects a body truncated while it is skipped, seekable or not", async () => {
  const tar = buildTar([file("a", zeros(5000))]).subarray(0, 2512);
  for (const seekable of [true, false]) {
    await assertInputError(skipAll(tar, seekable), "unexpected end of data", {
      entry: "a",
      offset: 2512,
    });
  }
});

Deno.test("readTar() rejects an archive truncated in the padding of a body", async () => {
  const tar = buildTar([file("a", zeros(100))]).subarray(0, 812);
  await assertInputError(readAll(tar), "unexpected end of data", {
    entry: "a",
    offset: 812,
  });
});

Deno.test("readTar() rejects a PAX record with a bad length", async () => {
  const tar = buildTar([file("a", "", { pax: { comment: "hello" } })]);
  assert.equal(String.fromCharCode(tar[512], tar[513]), "17");
  tar[513] = 0x39; // "19": runs past the record's newline
  await assertInputError(readAll(tar), "malformed PAX record", { offset: 0 });
});

Deno.test("readTar() rejects a PAX record with a malformed number", async () => {
  const tar = buildTar([file("f", "", { pax: { size: "12abc" } })]);
  await assertInputError(readAll(tar), "invalid PAX size value", {
    entry: "f",
    offset: 0,
  });
});

Deno.test("readTar() rejects GNU sparse files", async () => {
  const tar = buildTar([file("f", "", { pax: { "GNU.sparse.major": "1" } })]);
  await assertInputError(readAll(tar), "unsupported sparse file", {
    entry: "f",
    offset: 0,
  });
});

Deno.test("readTar() rejects an oversized PAX header", async () => {
  const tar = buildTar([file("x".repeat(2 << 20))]);
  await assertInputError(readAll(tar), "PAX header too large", { offset: 0 });
  const small = buildTar([file("x".repeat(2000))]);
  await assertInputError(
    readAll(small, { maxMetaSize: 1000 }),
    "PAX header too large",
    {
      offset: 0,
    },
  );
  assert.equal(
    (await readAll(small, { maxMetaSize: 4000 }))[0].name,
    "x".repeat(2000),
  );
});

Deno.test("readTar() rejects a PAX header declaring a huge size without reading it", async () => {
  const tar = buildTar([file("x".repeat(200))]);
  const huge = new Uint8Array(12);
  huge[0] = 0x80;
  huge[7] = 1; // 2^32 bytes
  patchHeader(tar, 0, { size: huge });
  const source = countingSource(tar, { chunkSize: 512 });
  await assertInputError(readAll(source), "PAX header too large", {
    offset: 0,
  });
  assert.equal(source.bytesRead, 512);
});

Deno.test("readTar() rejects an oversized GNU long name or link name", async () => {
  const name = buildTar([file("n".repeat(2 << 20), "", { longName: "gnu" })]);
  await assertInputError(readAll(name), "GNU long name too large", {
    offset: 0,
  });
  const link = buildTar([{
    path: "l",
    type: "symlink",
    target: "t".repeat(2 << 20),
    longName: "gnu",
  }]);
  await assertInputError(readAll(link), "GNU long name too large", {
    offset: 0,
  });
});

Deno.test("readTar() rejects global PAX headers that add up beyond the cap", async () => {
  const big = "v".repeat(600 * 1024);
  const tar = concat([
    buildTar([file("a")], { end: false, globalPax: { k1: big } }),
    buildTar([file("b")], { globalPax: { k2: big } }),
  ]);
  await assertInputError(readAll(tar), "PAX header too large", {
    offset: 615424 + 512,
  });
});

Deno.test("readTar() rejects an extension header followed by the end marker", async () => {
  const member = buildTar([file("x".repeat(200))]).subarray(0, 1024);
  await assertInputError(
    readAll(concat([member, zeros(1024)])),
    "extended header not followed by an entry",
    {
      offset: 1024,
    },
  );
  await assertInputError(readAll(member), "unexpected end of data", {
    offset: 1024,
  });
});

Deno.test("readTar() rejects a lone zero block followed by data", async () => {
  const tar = concat([
    buildTar([file("a", "x")], { end: false }),
    zeros(512),
    buildTar([file("b")]),
  ]);
  await assertInputError(readAll(tar), "lone zero block followed by data", {
    offset: 1536,
  });
});
