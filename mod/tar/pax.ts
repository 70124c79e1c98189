/**
 * POSIX PAX extended headers (pax(1), "pax Extended Header"): records of the
 * form "%d %s=%s\n" whose length counts itself. A local header ('x') applies
 * to the next entry, a global one ('g') to all following entries; local
 * records override global ones and an empty value deletes a keyword.
 *
 * @module
 */

import { InputError } from "../errors.ts";
import { decodeName } from "./name.ts";

/** Keyword → value, both decoded as names (invalid UTF-8 escaped). */
export type PaxRecords = Map<string, string>;

/** The entry fields PAX records can set. */
export interface PaxFields {
  name?: string;
  linkname?: string;
  size?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
  xattrs?: Record<string, string>;
}

const SPACE = 0x20;
const EQUALS = 0x3d;
const NEWLINE = 0x0a;
const XATTR = "SCHILY.xattr.";

/**
 * Parses the records of one PAX header body. Throws InputError "malformed
 * PAX record" when a length does not match its record.
 */
export function parsePaxRecords(data: Uint8Array): PaxRecords {
  const records: PaxRecords = new Map();
  let at = 0;
  while (at < data.length) {
    let length = 0;
    let i = at;
    while (i < data.length && data[i] >= 0x30 && data[i] <= 0x39) {
      length = length * 10 + (data[i] - 0x30);
      i++;
    }
    const end = at + length;
    const digits = i - at;
    const equals = data.indexOf(EQUALS, i);
    if (
      digits === 0 || digits > 16 || data[i] !== SPACE || end < i + 4 ||
      end > data.length ||
      data[end - 1] !== NEWLINE || equals === -1 || equals >= end - 1 ||
      equals === i + 1
    ) {
      throw new InputError("malformed PAX record");
    }
    const key = decodeName(data.subarray(i + 1, equals));
    records.set(key, decodeName(data.subarray(equals + 1, end - 1)));
    at = end;
  }
  return records;
}

/**
 * Applies `update` on top of `base` and returns the result: later records
 * win, and an empty value deletes the keyword.
 */
export function mergePaxRecords(
  base: PaxRecords,
  update: PaxRecords,
): PaxRecords {
  const merged = new Map(base);
  for (const [key, value] of update) {
    if (value === "") merged.delete(key);
    else merged.set(key, value);
  }
  return merged;
}

/**
 * The entry fields set by PAX records: path, linkpath, size, uid, gid,
 * mtime (with fractions) and `SCHILY.xattr.*`. Other keywords are ignored.
 * Throws InputError on a malformed number or a GNU sparse file.
 */
export function paxFields(records: PaxRecords): PaxFields {
  const fields: PaxFields = {};
  for (const [key, value] of records) {
    switch (key) {
      case "path":
        fields.name = value;
        break;
      case "linkpath":
        fields.linkname = value;
        break;
      case "size":
      case "uid":
      case "gid":
        fields[key] = parseInteger(key, value);
        break;
      case "mtime":
        fields.mtime = parseTime(key, value);
        break;
      default:
        if (key.startsWith(XATTR)) {
          fields.xattrs ??= {};
          fields.xattrs[key.slice(XATTR.length)] = value;
        } else if (key.startsWith("GNU.sparse.")) {
          throw new InputError("unsupported sparse file");
        }
    }
  }
  return fields;
}

function parseInteger(key: string, value: string): number {
  const number = Number(value);
  if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(number)) {
    throw new InputError(`invalid PAX ${key} value`);
  }
  return number;
}

function parseTime(key: string, value: string): number {
  if (!/^-?\d{1,16}(\.\d+)?$/.test(value)) {
    throw new InputError(`invalid PAX ${key} value`);
  }
  return Number(value);
}
