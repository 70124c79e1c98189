/**
 * One `LayerEntry` of a cache entry as a record: a head varint (the type in
 * the low three bits, then one bit per optional field), the path as the
 * length it shares with the previous entry's path and the rest, then the
 * numbers. Strings go to the string table, sha256 digests to the digest
 * block; a record holds their lengths. The common file (mode, owner, size,
 * mtime as the entry before, a digest) takes about ten bytes besides its
 * name and digest.
 *
 * @module
 */

import type { EntryType, LayerEntry } from "../layer/entry.ts";
import { type ByteReader, type ByteWriter, fail } from "./binary.ts";
import type { DigestBlockReader, DigestBlockWriter } from "./digest_block.ts";
import type { StringTableReader, StringTableWriter } from "./string_table.ts";

const TYPES: readonly EntryType[] = [
  "file",
  "dir",
  "symlink",
  "hardlink",
  "char",
  "block",
  "fifo",
];
const TYPE_CODES = new Map(TYPES.map((type, code) => [type, code]));

// Head bits after the type, the common ones first so that a file with a
// digest fits one byte.
const MTIME_SAME = 1 << 3;
const DIGEST_RAW = 1 << 4;
const TARGET = 1 << 5;
const DEV_MAJOR = 1 << 6;
const DEV_MINOR = 1 << 7;
const XATTRS = 1 << 8;
const LINK_RESOLVED = 1 << 9;
const LINK_RESOLVED_TRUE = 1 << 10;
const DIGEST_TEXT = 1 << 11;
/** The map key is not the entry's path; the key follows. */
const KEY_DIFFERS = 1 << 12;
/** Some optional field is present with the value undefined; a mask follows. */
const UNDEFINED = 1 << 13;
const HEAD_BITS = (1 << 14) - 1;

/** Optional fields in the order of the UNDEFINED mask. */
const OPTIONAL = [
  "target",
  "devMajor",
  "devMinor",
  "xattrs",
  "digest",
  "linkResolved",
] as const;

/** The sinks a record writes to. */
export interface RecordSinks {
  body: ByteWriter;
  strings: StringTableWriter;
  digests: DigestBlockWriter;
}

/** The sources a record reads from. */
export interface RecordSources {
  body: ByteReader;
  strings: StringTableReader;
  digests: DigestBlockReader;
}

/** Writes the records of a map's entries in order. */
export class EntryRecordWriter {
  readonly #out: RecordSinks;
  #path = "";
  #mtime = NaN;

  constructor(out: RecordSinks) {
    this.#out = out;
  }

  /** Writes the record of `entry`, stored in its map under `key`. */
  write(key: string, entry: LayerEntry): void {
    const { body, strings, digests } = this.#out;
    const { path, digest, xattrs, linkResolved } = entry;
    let head = TYPE_CODES.get(entry.type) ?? fail();
    let undefinedMask = 0;
    for (let bit = 0; bit < OPTIONAL.length; bit++) {
      const field = OPTIONAL[bit];
      if (entry[field] === undefined && field in entry) {
        undefinedMask |= 1 << bit;
      }
    }
    if (undefinedMask) head |= UNDEFINED;
    if (Object.is(entry.mtime, this.#mtime)) head |= MTIME_SAME;
    if (typeof digest === "string") {
      head |= digests.add(digest) ? DIGEST_RAW : DIGEST_TEXT;
    }
    if (entry.target !== undefined) head |= TARGET;
    if (entry.devMajor !== undefined) head |= DEV_MAJOR;
    if (entry.devMinor !== undefined) head |= DEV_MINOR;
    if (xattrs !== undefined) head |= XATTRS;
    if (linkResolved !== undefined) {
      head |= LINK_RESOLVED | (linkResolved ? LINK_RESOLVED_TRUE : 0);
    }
    if (key !== path) head |= KEY_DIFFERS;
    body.varint(head);
    if (undefinedMask) body.varint(undefinedMask);
    if (head & KEY_DIFFERS) body.varint(strings.add(key));

    const shared = sharedPrefix(this.#path, path);
    body.varint(shared);
    body.varint(strings.add(shared === 0 ? path : path.slice(shared)));
    body.number(entry.mode);
    body.number(entry.uid);
    body.number(entry.gid);
    body.number(entry.size);
    if (!(head & MTIME_SAME)) body.number(entry.mtime);
    if (head & TARGET) body.varint(strings.add(entry.target!));
    if (head & DEV_MAJOR) body.number(entry.devMajor!);
    if (head & DEV_MINOR) body.number(entry.devMinor!);
    if (xattrs !== undefined) {
      const pairs = Object.entries(xattrs);
      body.varint(pairs.length);
      for (const [name, value] of pairs) {
        body.varint(strings.add(name));
        body.varint(strings.add(value));
      }
    }
    if (head & DIGEST_TEXT) body.varint(strings.add(digest!));
    this.#path = path;
    this.#mtime = entry.mtime;
  }
}

/** Reads back, in order, the records an `EntryRecordWriter` wrote. */
export class EntryRecordReader {
  readonly #in: RecordSources;
  #path = "";
  #mtime = NaN;
  /** The map key of the entry read last. */
  key = "";

  constructor(input: RecordSources) {
    this.#in = input;
  }

  /** The next entry; its map key is then in `key`. Throws `CORRUPT`. */
  read(): LayerEntry {
    const { body, strings, digests } = this.#in;
    const head = body.varint();
    if (head & ~HEAD_BITS) fail();
    const type = TYPES[head & 7] ?? fail();
    if ((head & DIGEST_RAW) && (head & DIGEST_TEXT)) fail();
    if ((head & LINK_RESOLVED_TRUE) && !(head & LINK_RESOLVED)) fail();
    const undefinedMask = head & UNDEFINED ? body.varint() : 0;
    if ((head & UNDEFINED) && (undefinedMask === 0 || undefinedMask >= 64)) {
      fail();
    }
    const key = head & KEY_DIFFERS ? strings.take(body.varint()) : undefined;

    const shared = body.varint();
    if (shared > this.#path.length) fail();
    const rest = strings.take(body.varint());
    const entry: LayerEntry = {
      path: shared === 0 ? rest : this.#path.slice(0, shared) + rest,
      type,
      mode: body.number(),
      uid: body.number(),
      gid: body.number(),
      size: body.number(),
      mtime: head & MTIME_SAME ? this.#mtime : body.number(),
    };
    if (head & TARGET) entry.target = strings.take(body.varint());
    if (head & DEV_MAJOR) entry.devMajor = body.number();
    if (head & DEV_MINOR) entry.devMinor = body.number();
    if (head & XATTRS) {
      const pairs: [string, string][] = [];
      for (let n = body.count(2); n > 0; n--) {
        pairs.push([strings.take(body.varint()), strings.take(body.varint())]);
      }
      entry.xattrs = Object.fromEntries(pairs);
    }
    if (head & DIGEST_RAW) entry.digest = digests.take();
    else if (head & DIGEST_TEXT) entry.digest = strings.take(body.varint());
    if (head & LINK_RESOLVED) {
      entry.linkResolved = !!(head & LINK_RESOLVED_TRUE);
    }
    if (undefinedMask) {
      for (let bit = 0; bit < OPTIONAL.length; bit++) {
        if (!(undefinedMask & (1 << bit))) continue;
        const field = OPTIONAL[bit];
        if (entry[field] !== undefined) fail();
        entry[field] = undefined;
      }
    }
    this.#path = entry.path;
    this.#mtime = entry.mtime;
    this.key = key ?? entry.path;
    return entry;
  }
}

/** Length of the common prefix of `a` and `b`, in code units. */
function sharedPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
