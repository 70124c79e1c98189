/**
 * Tar names are bytes. Most are UTF-8, some are not (Latin-1 from old
 * systems, or deliberately hostile). We decode them the way Python's
 * "surrogateescape" does: valid UTF-8 becomes text, and every byte that is
 * not part of a valid sequence becomes the lone surrogate U+DC80 + (byte −
 * 0x80). Two different byte strings therefore always give two different
 * names, and `encodeName` restores the exact bytes.
 *
 * @module
 */

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/**
 * Decodes tar name bytes to a string, escaping invalid UTF-8 bytes as lone
 * surrogates U+DC80..U+DCFF so that no byte is lost.
 *
 * @example
 * ```ts
 * decodeName(new Uint8Array([0x61, 0xff])); // "a\udcff"
 * ```
 */
export function decodeName(bytes: Uint8Array): string {
  // The replacing decoder is the fastest path (faster than a fatal one);
  // a U+FFFD in its output means invalid bytes, or a real U+FFFD, and the
  // exact decoder sorts out which.
  const text = utf8.decode(bytes);
  return text.includes("\ufffd") ? decodeEscaped(bytes) : text;
}

/** Slow path: a UTF-8 decoder that escapes each invalid byte. */
function decodeEscaped(bytes: Uint8Array): string {
  const units: number[] = [];
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      units.push(b < 0x80 ? b : 0xdc00 + b);
      i++;
      continue;
    }
    let cp = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) cp = (cp << 6) | (bytes[i + k] & 0x3f);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      units.push(cp);
    }
    i += length;
  }
  let out = "";
  for (let k = 0; k < units.length; k += 4096) {
    out += String.fromCharCode.apply(null, units.slice(k, k + 4096));
  }
  return out;
}

/**
 * Length of the valid multi-byte UTF-8 sequence starting at `i`, or 0 when
 * the byte there does not start one (ASCII bytes also give 0). Overlong
 * forms, encoded surrogates and code points above U+10FFFF are invalid, as
 * in the Unicode standard (table 3-7).
 */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  const b1 = bytes[i + 1] ?? 0;
  const cont = (k: number) => ((bytes[i + k] ?? 0) & 0xc0) === 0x80;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const lo = b === 0xe0 ? 0xa0 : 0x80;
    const hi = b === 0xed ? 0x9f : 0xbf;
    return b1 >= lo && b1 <= hi && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const lo = b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xf4 ? 0x8f : 0xbf;
    return b1 >= lo && b1 <= hi && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * Encodes a name back to the tar bytes it was decoded from: the inverse of
 * `decodeName`. Lone surrogates U+DC80..U+DCFF become the bytes 0x80..0xFF;
 * other lone surrogates (which `decodeName` never produces) are written as
 * their generalised UTF-8 (WTF-8) three-byte form.
 *
 * @example
 * ```ts
 * encodeName("a\udcff"); // Uint8Array [0x61, 0xff]
 * ```
 */
export function encodeName(name: string): Uint8Array {
  const n = name.length;
  let i = 0;
  while (i < n && name.charCodeAt(i) < 0x80) i++;
  if (i === n) {
    const out = new Uint8Array(n);
    for (let k = 0; k < n; k++) out[k] = name.charCodeAt(k);
    return out;
  }
  if (name.isWellFormed()) return utf8Encoder.encode(name);
  return encodeEscaped(name);
}

/** Slow path for strings holding lone surrogates. */
function encodeEscaped(name: string): Uint8Array {
  const out = new Uint8Array(name.length * 3);
  let o = 0;
  for (let i = 0; i < name.length; i++) {
    let cp = name.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const next = name.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      }
    } else if (cp >= 0xdc80 && cp <= 0xdcff) {
      out[o++] = cp - 0xdc00;
      continue;
    }
    if (cp < 0x80) {
      out[o++] = cp;
    } else if (cp < 0x800) {
      out[o++] = 0xc0 | (cp >> 6);
      out[o++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      out[o++] = 0xe0 | (cp >> 12);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
    } else {
      out[o++] = 0xf0 | (cp >> 18);
      out[o++] = 0x80 | ((cp >> 12) & 0x3f);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
    }
  }
  return out.slice(0, o);
}

/**
 * Orders two names by their encoded bytes (as `encodeName` gives them), the
 * order `sort` and `ls` use in the C locale. Returns a negative number, zero
 * or a positive number.
 *
 * @example
 * ```ts
 * ["b", "a\udcff", "a\u00e9"].sort(compareNames); // ["a\u00e9", "a\udcff", "b"]
 * ```
 */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  const x = a.charCodeAt(i);
  const y = b.charCodeAt(i);
  // Outside the surrogate range, UTF-16 code unit order is UTF-8 byte order
  // and a differing unit decides. A surrogate needs the bytes compared.
  if ((x < 0xd800 || x > 0xdfff) && (y < 0xd800 || y > 0xdfff)) return x - y;
  const prev = i > 0 ? a.charCodeAt(i - 1) : 0;
  const from = prev >= 0xd800 && prev <= 0xdbff ? i - 1 : i;
  return compareBytes(encodeName(a.slice(from)), encodeName(b.slice(from)));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}
