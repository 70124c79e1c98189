/**
 * Property: whatever the tar builder writes, readTar() reads back exactly:
 * arbitrary name and link bytes (not UTF-8 included) in every long-name
 * form, sizes around block boundaries, large and fractional numbers, PAX
 * records (local and global) and xattrs, fed in chunks of any size down
 * to one byte, from seekable and one-way sources.
 */

import assert from "@std/assert";
import fc from "fast-check";
import { ByteReader } from "../../mod/tar/byte_reader.ts";
import type { TarEntryType } from "../../mod/tar/entry.ts";
import { decodeName } from "../../mod/tar/name.ts";
import { readTar } from "../../mod/tar/reader.ts";
import { buildTar, type TarSpec } from "../fixtures/tar_builder.ts";
import { concat, countingSource } from "../tar/helpers.ts";

/** Bytes without NUL (tar fields end at the first NUL). */
const nameBytes = (maxLength: number) =>
  fc.uint8Array({ minLength: 1, maxLength }).map((bytes) =>
    bytes.map((b) => b === 0 ? 0x2f : b)
  );

/** Sizes near block boundaries, and anything else. */
const content = fc.oneof(
  fc.uint8Array({ maxLength: 1200 }),
  fc.constantFrom(0, 1, 511, 512, 513, 1023, 1024, 4097).map((n) =>
    new Uint8Array(n).map((_, i) => (i * 31) & 0xff)
  ),
);

/** Values that stay octal, and values that need GNU base-256. */
const id = fc.oneof(
  fc.integer({ min: 0, max: 0o7777777 }),
  fc.integer({ min: 0o10000000, max: 2 ** 40 }),
);

const mtime = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 34 }),
  fc.integer({ min: 0, max: 2 ** 31 }).map((s) => s + 0.25),
);

/** PAX text: any bytes but NUL, decoded as the reader does. */
const paxText = nameBytes(40).map(decodeName);

interface Case {
  spec: TarSpec;
  /** What readTar() must report. */
  expected: {
    name: string;
    type: TarEntryType;
    linkname: string;
    size: number;
    mode: number;
    uid: number;
    gid: number;
    mtime: number;
    devMajor: number;
    devMinor: number;
    xattrs?: Record<string, string>;
    content: Uint8Array;
  };
}

const entryCase: fc.Arbitrary<Case> = fc.record({
  name: nameBytes(300),
  type: fc.constantFrom<TarEntryType>(
    "file",
    "file",
    "dir",
    "symlink",
    "hardlink",
    "char",
    "block",
    "fifo",
  ),
  content,
  target: nameBytes(250),
  longName: fc.constantFrom<"pax" | "gnu">("pax", "gnu"),
  mode: fc.integer({ min: 0, max: 0o7777 }),
  uid: id,
  gid: id,
  paxUid: fc.option(id, { nil: undefined }),
  mtime,
  device: fc.tuple(
    fc.integer({ min: 0, max: 4095 }),
    fc.integer({ min: 0, max: 2 ** 20 }),
  ),
  xattrs: fc.dictionary(
    nameBytes(20).map((b) => decodeName(b.map((x) => x === 0x3d ? 0x2e : x))),
    paxText,
    { maxKeys: 3 },
  ).map((dictionary) => ({ ...dictionary })),
}).map((r) => {
  const isFile = r.type === "file";
  const isLink = r.type === "symlink" || r.type === "hardlink";
  const isDevice = r.type === "char" || r.type === "block";
  const spec: TarSpec = {
    path: r.name,
    type: r.type,
    content: isFile ? r.content : undefined,
    target: isLink ? r.target : undefined,
    longName: r.longName,
    mode: r.mode,
    uid: r.uid,
    gid: r.gid,
    mtime: r.mtime,
    devMajor: isDevice ? r.device[0] : undefined,
    devMinor: isDevice ? r.device[1] : undefined,
    xattrs: r.xattrs,
    pax: r.paxUid === undefined ? undefined : { uid: String(r.paxUid) },
  };
  const hasXattrs = Object.keys(r.xattrs).length > 0;
  return {
    spec,
    expected: {
      name: decodeName(r.name),
      type: r.type,
      linkname: isLink ? decodeName(r.target) : "",
      size: isFile ? r.content.length : 0,
      mode: r.mode,
      uid: r.paxUid ?? r.uid,
      gid: r.gid,
      mtime: r.mtime,
      devMajor: isDevice ? r.device[0] : 0,
      devMinor: isDevice ? r.device[1] : 0,
      ...(hasXattrs ? { xattrs: r.xattrs } : {}),
      content: isFile ? r.content : new Uint8Array(0),
    },
  };
});

const chunkSize = fc.oneof(
  fc.constant(1),
  fc.integer({ min: 1, max: 700 }),
  fc.integer({ min: 512, max: 70000 }),
);

Deno.test("readTar() reads back every entry the builder writes, in chunks of any size", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(entryCase, { minLength: 0, maxLength: 6 }),
      chunkSize,
      fc.boolean(),
      fc.option(id, { nil: undefined }),
      async (cases, size, seekable, globalGid) => {
        const tar = buildTar(
          cases.map((c) => c.spec),
          globalGid === undefined
            ? {}
            : { globalPax: { gid: String(globalGid) } },
        );
        const source = countingSource(tar, { chunkSize: size, seekable });
        const read = [];
        for await (const entry of readTar(new ByteReader(source))) {
          const { body, offset: _, dataOffset, ...header } = entry;
          const chunks: Uint8Array[] = [];
          for await (const chunk of body) chunks.push(chunk.slice());
          assert.deepEqual(
            tar.subarray(dataOffset, dataOffset + header.size),
            concat(chunks),
            "the body lies at dataOffset",
          );
          read.push({ ...header, content: concat(chunks) });
        }
        assert.deepEqual(
          read,
          cases.map((c) => ({
            ...c.expected,
            gid: globalGid ?? c.expected.gid,
          })),
        );
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("readTar() skips unread bodies to the same entries, in chunks of any size", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(entryCase, { maxLength: 6 }),
      chunkSize,
      fc.boolean(),
      async (cases, size, seekable) => {
        const tar = buildTar(cases.map((c) => c.spec));
        const source = countingSource(tar, { chunkSize: size, seekable });
        const names = [];
        for await (const entry of readTar(new ByteReader(source))) {
          names.push(entry.name);
        }
        assert.deepEqual(names, cases.map((c) => c.expected.name));
      },
    ),
    { numRuns: 200 },
  );
});
