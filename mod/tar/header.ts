/**
 * Decodes one 512-byte tar header block: ustar, GNU and v7 layouts, octal
 * and GNU base-256 numbers, the checksum, and the typeflag. Extension headers
 * (PAX, GNU long names) are recognised here and folded in by the reader.
 *
 * @module
 */

import { InputError } from "../errors.ts";
import type { TarEntryType } from "./entry.ts";
import { decodeName } from "./name.ts";

/** Size of a tar block: every header and every padded body is a multiple. */
export const BLOCK_SIZE = 512;

/** What a header announces: an entry, or an extension for the next one. */
export type HeaderKind =
  | TarEntryType
  | "pax"
  | "globalPax"
  | "gnuLongName"
  | "gnuLongLink";

/** The fields of one header block, before extension headers are applied. */
export interface RawHeader {
  kind: HeaderKind;
  /** Name field, joined with the ustar prefix when there is one. */
  name: string;
  linkname: string;
  mode: number;
  uid: number;
  gid: number;
  /** Declared size of the data following the header. */
  size: number;
  mtime: number;
  devMajor: number;
  devMinor: number;
}

const KINDS: Record<string, HeaderKind> = {
  "0": "file",
  "\0": "file",
  "7": "file",
  "1": "hardlink",
  "2": "symlink",
  "3": "char",
  "4": "block",
  "5": "dir",
  "6": "fifo",
  "x": "pax",
  "g": "globalPax",
  "L": "gnuLongName",
  "K": "gnuLongLink",
};

/**
 * Decodes a header block, or returns null for an all-zero block (the end of
 * the archive). Throws InputError on a bad checksum, a malformed number or
 * an unsupported typeflag; `offset` is the block's position, for errors.
 */
export function decodeHeader(block: Uint8Array, offset = 0): RawHeader | null {
  const sum = byteSum(block);
  if (sum === 0) return null;
  if (!checksumMatches(block, sum, parseOctal(block, 148, 8))) {
    throw new InputError("header checksum mismatch", { offset });
  }

  const format = formatOf(block);
  let name = field(block, 0, 100);
  if (format === "ustar" || format === "star") {
    const prefix = field(block, 345, format === "star" ? 131 : 155);
    if (prefix !== "") name = `${prefix}/${name}`;
  }
  const context = { entry: name, offset };
  const flag = String.fromCharCode(block[156]);
  let kind = KINDS[flag];
  if (kind === undefined) {
    throw new InputError(
      `unsupported entry type '${printable(flag)}'`,
      context,
    );
  }
  // Pre-POSIX archives mark directories by a trailing slash alone.
  if (flag === "\0" && name.endsWith("/")) kind = "dir";

  const number = (at: number, width: number, label: string, signed = false) => {
    const value = parseNumber(block, at, width);
    if (value === undefined) {
      throw new InputError(`invalid number in ${label} field`, context);
    }
    if (value < 0 && !signed) {
      throw new InputError(`negative number in ${label} field`, context);
    }
    return value;
  };
  const devices = format !== "v7";
  return {
    kind,
    name,
    linkname: field(block, 157, 100),
    mode: number(100, 8, "mode"),
    uid: number(108, 8, "uid"),
    gid: number(116, 8, "gid"),
    size: number(124, 12, "size"),
    mtime: number(136, 12, "mtime", true),
    devMajor: devices ? number(329, 8, "devmajor") : 0,
    devMinor: devices ? number(337, 8, "devminor") : 0,
  };
}

/** True for an all-zero block, as the end of an archive is marked. */
export function isZeroBlock(block: Uint8Array): boolean {
  return byteSum(block) === 0;
}

/** A view of the buffer the last block summed lay in, reused while it is. */
let sumView = new DataView(new ArrayBuffer(0));

/** Sum of the 512 bytes as unsigned numbers: 0 only for a zero block. */
function byteSum(block: Uint8Array): number {
  // Four bytes at a time, in 16-bit lanes that cannot overflow
  // (128 words × 255 < 65536). Blocks of one chunk share a view.
  if (sumView.buffer !== block.buffer) {
    sumView = new DataView(block.buffer as ArrayBuffer);
  }
  const view = sumView;
  const start = block.byteOffset;
  const end = start + BLOCK_SIZE;
  let even = 0;
  let odd = 0;
  for (let i = start; i < end; i += 4) {
    const word = view.getInt32(i, true);
    even += word & 0x00ff00ff;
    odd += (word >>> 8) & 0x00ff00ff;
  }
  return (even & 0xffff) + (even >>> 16) + (odd & 0xffff) + (odd >>> 16);
}

/**
 * Whether `stored` matches the block summed with the checksum field read as
 * spaces, over unsigned bytes (POSIX) or signed bytes (some old writers).
 */
function checksumMatches(
  block: Uint8Array,
  sum: number,
  stored: number | undefined,
): boolean {
  let unsigned = sum + 8 * 0x20;
  for (let i = 148; i < 156; i++) unsigned -= block[i];
  if (stored === unsigned) return true;
  let high = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) {
    if (block[i] >= 0x80 && (i < 148 || i >= 156)) high++;
  }
  return stored === unsigned - 256 * high;
}

type Format = "ustar" | "star" | "gnu" | "v7";

function formatOf(block: Uint8Array): Format {
  const is = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) {
      if (block[at + i] !== text.charCodeAt(i)) return false;
    }
    return true;
  };
  if (is(257, "ustar\0")) return is(508, "tar\0") ? "star" : "ustar";
  if (is(257, "ustar  \0")) return "gnu";
  return "v7";
}

/** A NUL-terminated string field. */
function field(block: Uint8Array, at: number, width: number): string {
  if (block[at] === 0) return ""; // most link names and ustar prefixes
  const bytes = block.subarray(at, at + width);
  const end = bytes.indexOf(0);
  return decodeName(end === -1 ? bytes : bytes.subarray(0, end));
}

/**
 * A numeric field: GNU base-256 when the high bit of the first byte is set
 * (two's complement, so 0xff… is negative), octal otherwise. Undefined when
 * the field is malformed or beyond 2^53.
 */
function parseNumber(
  block: Uint8Array,
  at: number,
  width: number,
): number | undefined {
  const first = block[at];
  if (first < 0x80) return parseOctal(block, at, width);
  const negative = (first & 0x40) !== 0;
  const invert = negative ? 0xff : 0;
  let value = 0;
  for (let i = 0; i < width; i++) {
    let b = block[at + i] ^ invert;
    if (i === 0) b &= 0x7f;
    value = value * 256 + b;
    if (value > Number.MAX_SAFE_INTEGER) return undefined;
  }
  return negative ? -value - 1 : value;
}

/**
 * Octal digits, with leading and trailing spaces or NULs tolerated and
 * nothing else. An empty field is 0. Undefined when malformed.
 */
function parseOctal(
  block: Uint8Array,
  at: number,
  width: number,
): number | undefined {
  const end = at + width;
  let i = at;
  while (i < end && (block[i] === 0x20 || block[i] === 0)) i++;
  let value = 0;
  while (i < end && block[i] >= 0x30 && block[i] <= 0x37) {
    value = value * 8 + (block[i] - 0x30);
    i++;
  }
  while (i < end && (block[i] === 0x20 || block[i] === 0)) i++;
  return i === end ? value : undefined;
}

/** The typeflag as it can be shown in a message. */
function printable(flag: string): string {
  const code = flag.charCodeAt(0);
  return code >= 0x21 && code < 0x7f
    ? flag
    : `\\x${code.toString(16).padStart(2, "0")}`;
}
