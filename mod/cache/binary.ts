/**
 * The byte-level pieces of the layer cache format: a growable writer and a
 * bounds-checked reader of LEB128 varints, numbers and raw bytes. A reader
 * past its end, or a value no writer produces, throws `CORRUPT`, which the
 * decoder turns into a cache miss.
 *
 * @module
 */

/** Thrown by `ByteReader` on malformed input; caught by the decoder only. */
export const CORRUPT: unique symbol = Symbol("corrupt cache entry");

const F64 = new Float64Array(1);
const F64_BYTES = new Uint8Array(F64.buffer);
/** Largest integer a varint number holds (2n must stay a safe integer). */
const MAX_VARINT_NUMBER = 2 ** 52 - 1;

/** Appends varints, numbers and bytes to a buffer that grows by doubling. */
export class ByteWriter {
  #bytes: Uint8Array;
  #at = 0;

  constructor(capacity = 1 << 16) {
    this.#bytes = new Uint8Array(capacity);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#at;
  }

  /** An unsigned integer up to 2^53 − 1, seven bits a byte, low first. */
  varint(value: number): void {
    this.#reserve(8);
    const bytes = this.#bytes;
    let at = this.#at;
    while (value > 0x7fffffff) {
      bytes[at++] = (value % 128) | 0x80;
      value = Math.floor(value / 128);
    }
    while (value > 0x7f) {
      bytes[at++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    bytes[at++] = value;
    this.#at = at;
  }

  /**
   * Any number, exactly: a non-negative integer below 2^52 as the varint
   * 2n, anything else (fractions, negatives, −0, NaN, huge) as 1 and then
   * the eight bytes of its float64.
   */
  number(value: number): void {
    if (
      Number.isInteger(value) && value >= 0 && value <= MAX_VARINT_NUMBER &&
      !Object.is(value, -0)
    ) {
      this.varint(value * 2);
      return;
    }
    this.varint(1);
    F64[0] = value;
    this.bytes(F64_BYTES);
  }

  /** Raw bytes. */
  bytes(data: Uint8Array): void {
    this.#reserve(data.length);
    this.#bytes.set(data, this.#at);
    this.#at += data.length;
  }

  /** A view of the bytes written (valid until the next write). */
  result(): Uint8Array {
    return this.#bytes.subarray(0, this.#at);
  }

  #reserve(extra: number): void {
    if (this.#at + extra <= this.#bytes.length) return;
    let capacity = this.#bytes.length * 2;
    while (capacity < this.#at + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.#bytes.subarray(0, this.#at));
    this.#bytes = grown;
  }
}

/** Reads what `ByteWriter` wrote; throws `CORRUPT` rather than read past `end`. */
export class ByteReader {
  readonly #bytes: Uint8Array;
  #at: number;
  readonly #end: number;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.#bytes = bytes;
    this.#at = start;
    this.#end = end;
  }

  /** Bytes left before the end. */
  get remaining(): number {
    return this.#end - this.#at;
  }

  /** A varint of at most eight bytes (56 bits, larger than any count). */
  varint(): number {
    const bytes = this.#bytes;
    let at = this.#at;
    let byte = at < this.#end ? bytes[at++] : fail();
    if (byte < 0x80) {
      this.#at = at;
      return byte;
    }
    let value = byte & 0x7f;
    let scale = 128;
    for (let n = 1;; n++) {
      if (n === 8 || at >= this.#end) fail();
      byte = bytes[at++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
      scale *= 128;
    }
    this.#at = at;
    if (value > Number.MAX_SAFE_INTEGER) fail();
    return value;
  }

  /** A varint that counts things each taking at least `unit` bytes of what is left. */
  count(unit = 1): number {
    const n = this.varint();
    if (n * unit > this.remaining) fail();
    return n;
  }

  /** A number written by `ByteWriter.number`. */
  number(): number {
    const tag = this.varint();
    if (tag % 2 === 0) return tag / 2;
    if (tag !== 1) fail();
    F64_BYTES.set(this.view(8));
    return F64[0];
  }

  /** The next `length` bytes, as a view (no copy). */
  view(length: number): Uint8Array {
    if (length > this.remaining) fail();
    const out = this.#bytes.subarray(this.#at, this.#at + length);
    this.#at += length;
    return out;
  }
}

/** Throws `CORRUPT`. */
export function fail(): never {
  throw CORRUPT;
}
