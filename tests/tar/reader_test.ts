import assert from "@std/assert";
import { ByteReader, chunkSourceFromBytes } from "../../mod/tar/byte_reader.ts";
import { decodeName, encodeName } from "../../mod/tar/name.ts";
import { bufferedBody, readTar } from "../../mod/tar/reader.ts";
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
import { concat, countingSource, readAll, text, utf8 } from "./helpers.ts";

const MTIME = 1700000000;
const name150 = `a/${"b".repeat(60)}/${"c".repeat(86)}`;
const name300 = `${"d".repeat(99)}/${"e".repeat(99)}/${"f".repeat(100)}`;
const pattern = (size: number) =>
  new Uint8Array(size).map((_, i) => (i * 31 + (i >> 9)) & 0xff);

const everyType: TarSpec[] = [
  dir("./"),
  dir("./etc/", { mode: 0o700 }),
  file("./etc/passwd", "root:x:0:0\n", { uid: 1, gid: 2, mode: 0o600 }),
  file("big.bin", pattern(70000), { mtime: 1 }),
  file("empty", ""),
  file("exact", pattern(1024)),
  symlink("etc/link", "passwd"),
  hardlink("etc/hard", "./etc/passwd"),
  { path: "dev/null", type: "char", devMajor: 1, devMinor: 3, mode: 0o666 },
  { path: "dev/sda", type: "block", devMajor: 8, devMinor: 0 },
  { path: "run/fifo", type: "fifo" },
  whiteout("etc/gone"),
  opaque("var"),
];

Deno.test("readTar() reads every entry type with its fields and body", async () => {
  const entries = await readAll(buildTar(everyType));
  assert.deepEqual(entries.map((e) => [e.name, e.type]), [
    ["./", "dir"],
    ["./etc/", "dir"],
    ["./etc/passwd", "file"],
    ["big.bin", "file"],
    ["empty", "file"],
    ["exact", "file"],
    ["etc/link", "symlink"],
    ["etc/hard", "hardlink"],
    ["dev/null", "char"],
    ["dev/sda", "block"],
    ["run/fifo", "fifo"],
    ["etc/.wh.gone", "file"],
    ["var/.wh..wh..opq", "file"],
  ]);
  const [, etc, passwd, big, empty, exact, link, hard, devNull, sda] = entries;
  assert.equal(etc.mode, 0o700);
  assert.deepEqual({ ...passwd, content: text(passwd.content) }, {
    name: "./etc/passwd",
    type: "file",
    mode: 0o600,
    uid: 1,
    gid: 2,
    size: 11,
    mtime: MTIME,
    linkname: "",
    devMajor: 0,
    devMinor: 0,
    offset: 1024,
    dataOffset: 1536,
    content: "root:x:0:0\n",
  });
  assert.deepEqual(big.content, pattern(70000));
  assert.equal(big.mtime, 1);
  assert.equal(empty.size, 0);
  assert.deepEqual(exact.content, pattern(1024));
  assert.equal(link.linkname, "passwd");
  assert.equal(hard.linkname, "./etc/passwd");
  assert.deepEqual([devNull.devMajor, devNull.devMinor, devNull.mode], [
    1,
    3,
    0o666,
  ]);
  assert.deepEqual([sda.devMajor, sda.devMinor], [8, 0]);
});

Deno.test("readTar() gives each entry the offset of its header and body", async () => {
  const tar = buildTar(everyType);
  for (const entry of await readAll(tar)) {
    assert.equal(entry.dataOffset, entry.offset + 512, entry.name);
    const header = tar.subarray(entry.offset, entry.offset + 100);
    assert.equal(decodeName(header.subarray(0, header.indexOf(0))), entry.name);
  }
});

for (const longName of ["pax", "gnu"] as const) {
  Deno.test(`readTar() folds long names and link names stored in ${longName} form`, async () => {
    const tar = buildTar([
      file(name150, "x", { longName }),
      file(name300, "y", { longName }),
      symlink("s150", name150, { longName }),
      hardlink(name300 + "h", name300, { longName }),
      dir(name300 + "/", { longName }),
      file("after", "z"),
    ]);
    const entries = await readAll(tar, { chunkSize: 100 });
    assert.deepEqual(
      entries.map((e) => [e.name, e.linkname, text(e.content)]),
      [
        [name150, "", "x"],
        [name300, "", "y"],
        ["s150", name150, ""],
        [name300 + "h", name300, ""],
        [name300 + "/", "", ""],
        ["after", "", "z"],
      ],
    );
    // The member starts at its first extension header; the body follows
    // the entry header.
    assert.equal(entries[0].offset, 0);
    assert.ok(entries[0].dataOffset >= 1536);
    assert.equal(entries[1].offset, entries[0].dataOffset + 512);
  });
}

Deno.test("readTar() joins a ustar prefix and name", async () => {
  const name = `${"p".repeat(150)}/${"n".repeat(100)}`;
  const [entry] = await readAll(
    buildTar([file(name, "x", { longName: "ustar" })]),
  );
  assert.equal(entry.name, name);
  assert.equal(entry.offset, 0);
});

Deno.test("readTar() reads base-256 numeric fields", async () => {
  const entries = await readAll(buildTar([
    file("uid", "abc", { uid: 2 ** 24, gid: 2 ** 33, mtime: -86400 }),
    file("forced", "def", { base256: true, uid: 5, mode: 0o751 }),
  ]));
  assert.deepEqual(
    entries.map((e) => [e.uid, e.gid, e.mtime, e.mode, text(e.content)]),
    [
      [2 ** 24, 2 ** 33, -86400, 0o644, "abc"],
      [5, 0, MTIME, 0o751, "def"],
    ],
  );
});

Deno.test("readTar() applies PAX uid, gid, size, fractional mtime and xattrs", async () => {
  const entries = await readAll(buildTar([
    file("pax", pattern(3000), {
      size: 0,
      pax: {
        uid: "5000000000",
        gid: "4000000000",
        size: "3000",
        mtime: "1700000000.123456",
      },
      xattrs: {
        "user.comment": "hello",
        "security.capability": "\x01\x00\udcff",
      },
    }),
    file("plain", "after"),
  ]));
  const [pax, plain] = entries;
  assert.deepEqual(
    [pax.uid, pax.gid, pax.size, pax.mtime],
    [5000000000, 4000000000, 3000, 1700000000.123456],
  );
  assert.deepEqual(pax.content, pattern(3000));
  assert.deepEqual(pax.xattrs, {
    "user.comment": "hello",
    "security.capability": "\x01\x00\udcff",
  });
  assert.deepEqual(
    encodeName(pax.xattrs!["security.capability"]),
    new Uint8Array([1, 0, 0xff]),
  );
  assert.equal(plain.xattrs, undefined);
  assert.equal(text(plain.content), "after");
});

Deno.test("readTar() applies global PAX records to all following entries", async () => {
  const tar = concat([
    buildTar([file("before")], { end: false }),
    buildTar([
      file("a"),
      file("b", "", { pax: { uid: "9" } }),
      file("c", "", { pax: { gid: "" } }),
      file("d"),
    ], {
      end: true,
      globalPax: { uid: "7", gid: "8", "SCHILY.xattr.user.g": "1" },
    }),
  ]);
  const entries = await readAll(tar);
  assert.deepEqual(entries.map((e) => [e.name, e.uid, e.gid, e.xattrs]), [
    ["before", 0, 0, undefined],
    ["a", 7, 8, { "user.g": "1" }],
    ["b", 9, 8, { "user.g": "1" }],
    ["c", 7, 0, { "user.g": "1" }],
    ["d", 7, 8, { "user.g": "1" }],
  ]);
  // A global header is a member of its own: the next entry starts after it.
  assert.equal(entries[1].offset, 512 + 1024);
});

Deno.test("readTar() keeps non-UTF-8 names and link names byte for byte", async () => {
  const e9 = new Uint8Array([0x66, 0xe9]); // Latin-1 "fé"
  const e8 = new Uint8Array([0x66, 0xe8]);
  const long = concat([utf8("x".repeat(200)), new Uint8Array([0xff, 0xfe])]);
  const tar = buildTar([
    file(e9, "1"),
    file(e8, "2"),
    file(utf8("f\u00e9"), "3"),
    file(long, "4"),
    file(long, "5", { longName: "gnu" }),
    symlink("l", e9),
  ]);
  const entries = await readAll(tar);
  const names = entries.map((e) => e.name);
  assert.equal(new Set(names).size, 5);
  assert.deepEqual(encodeName(names[0]), e9);
  assert.deepEqual(encodeName(names[1]), e8);
  assert.equal(names[2], "f\u00e9");
  assert.deepEqual(encodeName(names[3]), long);
  assert.deepEqual(encodeName(names[4]), long);
  assert.deepEqual(encodeName(entries[5].linkname), e9);
});

Deno.test("readTar() streams bodies from a source of one-byte chunks", async () => {
  const tar = buildTar([...everyType, file(name300, pattern(1500))], {
    globalPax: { comment: "c" },
  });
  const one = await readAll(tar, { chunkSize: 1 });
  const whole = await readAll(tar, { chunkSize: tar.length });
  assert.deepEqual(one, whole);
  assert.equal(one.length, everyType.length + 1);
});

Deno.test("readTar() hands out bodies as views of the source chunks", async () => {
  const tar = buildTar([file("a", pattern(5000))]);
  const reader = new ByteReader(
    chunkSourceFromBytes(tar, { chunkSize: tar.length }),
  );
  for await (const entry of readTar(reader)) {
    for await (const chunk of entry.body) {
      assert.equal(chunk.buffer, tar.buffer);
      assert.equal(chunk.length, 5000);
    }
  }
});

Deno.test("readTar() skips bodies left unread or read in part", async () => {
  const tar = buildTar([
    file("a", pattern(3000)),
    file("b", pattern(100000)),
    file("c", "see"),
  ]);
  const reader = new ByteReader(
    countingSource(tar, { chunkSize: 1000, seekable: false }),
  );
  const seen: string[] = [];
  for await (const entry of readTar(reader)) {
    seen.push(entry.name);
    if (entry.name === "b") {
      for await (const chunk of entry.body) {
        assert.deepEqual(chunk, pattern(100000).subarray(0, chunk.length));
        break;
      }
    }
    if (entry.name === "c") {
      const chunks = [];
      for await (const chunk of entry.body) chunks.push(chunk);
      assert.equal(text(concat(chunks)), "see");
    }
  }
  assert.deepEqual(seen, ["a", "b", "c"]);
});

Deno.test("readTar() seeks over unread bodies when the source can skip", async () => {
  const size = 4 * 1024 * 1024;
  const tar = buildTar([
    file("small", "x"),
    file("huge", new Uint8Array(size)),
    file("last", "y"),
  ]);
  const source = countingSource(tar, { chunkSize: 65536 });
  const names = [];
  let huge = { dataOffset: 0, size: 0 };
  for await (const entry of readTar(new ByteReader(source))) {
    names.push(entry.name);
    if (entry.name === "huge") huge = entry;
  }
  assert.deepEqual(names, ["small", "huge", "last"]);
  assert.ok(source.bytesSkipped > size - 65536);
  assert.ok(source.bytesRead < 3 * 65536);
  // No read touched the inside of the skipped body (past the chunk holding its start).
  const inside = [huge.dataOffset + 65536, huge.dataOffset + huge.size];
  for (const [start, end] of source.reads) {
    assert.ok(end <= inside[0] || start >= inside[1], `read ${start}..${end}`);
  }
});

Deno.test("readTar() gives links, directories and devices no body whatever their size field", async () => {
  const tar = buildTar([
    hardlink("h", "target", { size: 1000 }),
    symlink("s", "target", { size: 600 }),
    dir("d/", { size: 512 }),
    { path: "c", type: "char", size: 10 },
    file("f", "body"),
  ]);
  const entries = await readAll(tar);
  assert.deepEqual(entries.map((e) => [e.name, e.size, e.content.length]), [
    ["h", 0, 0],
    ["s", 0, 0],
    ["d/", 0, 0],
    ["c", 0, 0],
    ["f", 4, 4],
  ]);
});

Deno.test("readTar() ends at a single zero block or two, leaving what follows unread", async () => {
  const tar = buildTar([file("a", "1")], { end: false });
  const one = concat([tar, new Uint8Array(512)]);
  assert.deepEqual((await readAll(one)).map((e) => e.name), ["a"]);
  const padded = concat([tar, new Uint8Array(10240)]);
  const reader = new ByteReader(chunkSourceFromBytes(padded));
  for await (const entry of readTar(reader)) assert.equal(entry.name, "a");
  assert.equal(reader.position, tar.length + 1024);
  assert.deepEqual(await readAll(buildTar([])), []);
});

Deno.test("readTar() reads an old-style file with a trailing slash as a directory", async () => {
  const [entry] = await readAll(
    buildTar([file("old/", "", { typeflag: "\0" })]),
  );
  assert.deepEqual([entry.name, entry.type], ["old/", "dir"]);
});

Deno.test("readTar() body can be read once and only before the reader moves on", async () => {
  const tar = buildTar([file("a", "1"), file("b", "2")]);
  const entries = readTar(new ByteReader(chunkSourceFromBytes(tar)));
  const first = await entries.next();
  assert.ok(!first.done);
  for await (const _ of first.value.body) { /* drain */ }
  assert.throws(() => first.value.body[Symbol.asyncIterator](), /only once/);
  const second = await entries.next();
  assert.ok(!second.done);
  const late = second.value.body[Symbol.asyncIterator]();
  await entries.next();
  await assert.rejects(late.next(), /before the next entry/);
});

Deno.test("bufferedBody() hands over a body already in the chunk, once, and leaves spanning bodies to streaming", async () => {
  const tar = buildTar([file("small", "abc"), file("big", pattern(5000))]);
  const reader = new ByteReader(chunkSourceFromBytes(tar, { chunkSize: 4096 }));
  const seen: [string, string | undefined, number][] = [];
  for await (const entry of readTar(reader)) {
    const bytes = bufferedBody(entry.body);
    let streamed = 0;
    if (!bytes) {
      for await (const chunk of entry.body) streamed += chunk.length;
    }
    seen.push([entry.name, bytes && text(bytes), streamed]);
    assert.equal(bufferedBody(entry.body), undefined);
  }
  assert.deepEqual(seen, [["small", "abc", 0], ["big", undefined, 5000]]);
});
