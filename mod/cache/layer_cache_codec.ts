/**
 * The bytes of one layer cache entry: a `ReadLayer` (its index, the kept
 * files' bytes, its digests and sizes) in a compact binary form that decodes
 * to a value deep-equal to the one encoded, with entry order, absent versus
 * undefined fields and lone surrogates in names all preserved.
 *
 * Layout: the magic "LDIX", the format version (u32, little-endian), the
 * payload, and the sha256 of everything before it. The payload holds one
 * string table (every string, see `string_table.ts`), the file digests as
 * raw bytes (`digest_block.ts`), the layer's numbers and flags, one record
 * per entry (`entry_record.ts`), the whiteouts, opaque directories, kept
 * and not-kept paths, and last the kept files' bytes.
 *
 * @module
 */

import { hash } from "node:crypto";
import type { ReadLayer } from "../image/read_layer.ts";
import type { LayerIndex } from "../layer/entry.ts";
import type { NotKeptReason } from "../layer/keep_files.ts";
import { ByteReader, ByteWriter, CORRUPT, fail } from "./binary.ts";
import { DigestBlockReader, DigestBlockWriter } from "./digest_block.ts";
import { EntryRecordReader, EntryRecordWriter } from "./entry_record.ts";
import { StringTableReader, StringTableWriter } from "./string_table.ts";

/**
 * Version of the format and of what it holds. Bump it when the encoding or
 * the meaning of a `LayerIndex` changes (a new field, another reading of a
 * tar): entries of any other version are misses, replaced by the next put.
 */
export const CACHE_FORMAT_VERSION = 1;

const MAGIC = [0x4c, 0x44, 0x49, 0x58]; // "LDIX"
const HEADER = 8;
const HASH = 32;

// The layer's flags: digest and diffId each as 0 absent, 1 present but
// undefined, 2 a string; then whether kept and notKept are present.
const KEPT = 1 << 4;
const NOT_KEPT = 1 << 5;
const FLAG_BITS = KEPT | NOT_KEPT | 0xf;

/**
 * Encodes a layer as `readLayer` gives it into the bytes of a cache entry.
 *
 * @example
 * ```ts
 * const bytes = encodeLayer(await readLayer(blob));
 * decodeLayer(bytes); // a ReadLayer deep-equal to the one read
 * ```
 */
export function encodeLayer(layer: ReadLayer): Uint8Array {
  return encodeWith(layer, true) ?? encodeWith(layer, false)!;
}

/** The entry, or undefined when a digest taken as raw was not hex. */
function encodeWith(
  layer: ReadLayer,
  rawDigests: boolean,
): Uint8Array | undefined {
  const { index } = layer;
  const strings = new StringTableWriter();
  const digests = new DigestBlockWriter(rawDigests);
  const body = new ByteWriter(index.entries.size * 24 + 64);

  body.number(layer.entries);
  body.number(layer.compressedSize);
  body.number(layer.size);
  body.varint(
    optionalState(layer, "digest") | (optionalState(layer, "diffId") << 2) |
      (index.kept ? KEPT : 0) | (index.notKept ? NOT_KEPT : 0),
  );
  if (typeof layer.digest === "string") body.varint(strings.add(layer.digest));
  if (typeof layer.diffId === "string") body.varint(strings.add(layer.diffId));

  body.varint(index.entries.size);
  const records = new EntryRecordWriter({ body, strings, digests });
  for (const [key, entry] of index.entries) records.write(key, entry);
  for (const set of [index.whiteouts, index.opaqueDirs]) {
    body.varint(set.size);
    for (const path of set) body.varint(strings.add(path));
  }
  let keptBytes = 0;
  if (index.kept) {
    body.varint(index.kept.size);
    for (const [path, bytes] of index.kept) {
      body.varint(strings.add(path));
      body.varint(bytes.length);
      keptBytes += bytes.length;
    }
  }
  if (index.notKept) {
    body.varint(index.notKept.size);
    for (const [path, reason] of index.notKept) {
      body.varint(strings.add(path));
      body.varint(strings.add(reason));
    }
  }

  const head = new ByteWriter(body.length + 64);
  head.bytes(new Uint8Array(HEADER));
  strings.write(head);
  if (!digests.write(head)) return undefined;
  const out = new Uint8Array(head.length + body.length + keptBytes + HASH);
  out.set(head.result());
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, CACHE_FORMAT_VERSION, true);
  out.set(body.result(), head.length);
  let at = head.length + body.length;
  for (const bytes of index.kept?.values() ?? []) {
    out.set(bytes, at);
    at += bytes.length;
  }
  out.set(hash("sha256", out.subarray(0, at), "buffer"), at);
  return out;
}

/**
 * Decodes the bytes of a cache entry. Anything but an intact entry of this
 * format version (truncated, altered, another version, trailing bytes,
 * counts larger than the bytes that would hold them) gives undefined; no
 * allocation is larger than a small multiple of the input.
 */
export function decodeLayer(bytes: Uint8Array): ReadLayer | undefined {
  if (bytes.length < HEADER + HASH) return undefined;
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) return undefined;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (view.getUint32(4, true) !== CACHE_FORMAT_VERSION) return undefined;
  const end = bytes.length - HASH;
  const expected = hash("sha256", bytes.subarray(0, end), "buffer");
  for (let i = 0; i < HASH; i++) {
    if (bytes[end + i] !== expected[i]) return undefined;
  }
  try {
    return readPayload(new ByteReader(bytes, HEADER, end));
  } catch (error) {
    if (error === CORRUPT) return undefined;
    throw error;
  }
}

function readPayload(body: ByteReader): ReadLayer {
  const strings = new StringTableReader(body);
  const digests = new DigestBlockReader(body);
  const entries = body.number();
  const compressedSize = body.number();
  const size = body.number();
  const flags = body.varint();
  if (flags & ~FLAG_BITS) fail();
  const digest = readOptional(flags & 3, body, strings);
  const diffId = readOptional((flags >> 2) & 3, body, strings);

  const index: LayerIndex = {
    entries: new Map(),
    whiteouts: new Set(),
    opaqueDirs: new Set(),
  };
  const records = new EntryRecordReader({ body, strings, digests });
  for (let n = body.count(2); n > 0; n--) {
    const entry = records.read();
    const before = index.entries.size;
    index.entries.set(records.key, entry);
    if (index.entries.size === before) fail();
  }
  for (const set of [index.whiteouts, index.opaqueDirs]) {
    for (let n = body.count(); n > 0; n--) {
      const before = set.size;
      set.add(strings.take(body.varint()));
      if (set.size === before) fail();
    }
  }
  const keptLengths: [string, number][] = [];
  if (flags & KEPT) {
    for (let n = body.count(2); n > 0; n--) {
      keptLengths.push([strings.take(body.varint()), body.varint()]);
    }
  }
  if (flags & NOT_KEPT) {
    index.notKept = new Map();
    const count = body.count(2);
    for (let n = count; n > 0; n--) {
      const path = strings.take(body.varint());
      index.notKept.set(path, strings.take(body.varint()) as NotKeptReason);
    }
    if (index.notKept.size !== count) fail();
  }
  if (flags & KEPT) {
    index.kept = new Map();
    for (const [path, length] of keptLengths) {
      index.kept.set(path, body.view(length).slice());
    }
    if (index.kept.size !== keptLengths.length) fail();
  }
  if (body.remaining !== 0 || !strings.done || !digests.done) fail();
  return {
    index,
    entries,
    ...(digest.present ? { digest: digest.value } : {}),
    ...(diffId.present ? { diffId: diffId.value } : {}),
    compressedSize,
    size,
  };
}

/** 0 absent, 1 present but undefined, 2 a string. */
function optionalState(layer: ReadLayer, field: "digest" | "diffId"): number {
  if (!(field in layer)) return 0;
  return typeof layer[field] === "string" ? 2 : 1;
}

/** A digest or diffId by its state. */
function readOptional(
  state: number,
  body: ByteReader,
  strings: StringTableReader,
): { present: boolean; value?: string } {
  if (state === 0) return { present: false };
  if (state === 1) return { present: true, value: undefined };
  if (state === 2) return { present: true, value: strings.take(body.varint()) };
  fail();
}
