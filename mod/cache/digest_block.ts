/**
 * The file digests of a cache entry ("sha256:<64 lowercase hex>") as their
 * 32 raw bytes, half the size of the text, turned back into text in one
 * pass over the block and one decoder call, each digest a slice of it.
 *
 * @module
 */

import { type ByteReader, type ByteWriter, fail } from "./binary.ts";

const PREFIX = "sha256:";
const TEXT_LENGTH = PREFIX.length + 64;
/**
 * Each digest's text is laid out in 72 bytes, " sha256:" then the hex, so
 * that the hex starts on an even offset and takes two digits a store.
 */
const SLOT = TEXT_LENGTH + 1;
const SLOT_PREFIX = new TextEncoder().encode(` ${PREFIX}`);
const ascii = new TextDecoder();
const encoder = new TextEncoder();

/** Value of each lowercase hex digit by its byte, −1 for other bytes. */
const HEX_VALUE = new Int8Array(256).fill(-1);
/** The two hex digits of each byte value, as the bytes of one u16 (any endianness). */
const HEX_PAIRS = new Uint16Array(256);
const hexPairBytes = new Uint8Array(HEX_PAIRS.buffer);
for (let value = 0; value < 256; value++) {
  const digits = value.toString(16).padStart(2, "0");
  hexPairBytes[2 * value] = digits.charCodeAt(0);
  hexPairBytes[2 * value + 1] = digits.charCodeAt(1);
  if (value < 16) HEX_VALUE[digits.charCodeAt(1)] = value;
}

/**
 * Collects digests, converted to raw bytes all at once by `write` (one
 * native encode, then a loop over bytes: twice as fast as reading the
 * strings a character at a time).
 */
export class DigestBlockWriter {
  readonly #digests: string[] = [];
  readonly #raw: boolean;

  /** With `raw` false, takes no digest: every one stays text. */
  constructor(raw = true) {
    this.#raw = raw;
  }

  /**
   * Takes `digest` when it has the form "sha256:" and 64 characters; false
   * for any other string, which the caller stores as text.
   */
  add(digest: string): boolean {
    if (
      !this.#raw || digest.length !== TEXT_LENGTH || !digest.startsWith(PREFIX)
    ) {
      return false;
    }
    this.#digests.push(digest);
    return true;
  }

  /**
   * Writes the count, then the bytes. False, and nothing written, when a
   * digest taken holds a character that is not a lowercase hex digit: the
   * caller then encodes again without raw digests.
   */
  write(out: ByteWriter): boolean {
    const count = this.#digests.length;
    const text = encoder.encode(this.#digests.join(""));
    if (text.length !== TEXT_LENGTH * count) return false;
    const raw = new Uint8Array(32 * count);
    for (let i = 0; i < count; i++) {
      const from = TEXT_LENGTH * i + PREFIX.length;
      const to = 32 * i;
      for (let k = 0; k < 32; k++) {
        const high = HEX_VALUE[text[from + 2 * k]];
        const low = HEX_VALUE[text[from + 2 * k + 1]];
        if ((high | low) < 0) return false;
        raw[to + k] = (high << 4) | low;
      }
    }
    out.varint(count);
    out.bytes(raw);
    return true;
  }
}

/** Hands back, in order, the digests a `DigestBlockWriter` stored. */
export class DigestBlockReader {
  readonly #text: string;
  readonly #count: number;
  #next = 0;

  constructor(input: ByteReader) {
    this.#count = input.count(32);
    const raw = input.view(32 * this.#count);
    const text = new Uint8Array(SLOT * this.#count);
    const pairs = new Uint16Array(text.buffer);
    for (let i = 0; i < this.#count; i++) {
      text.set(SLOT_PREFIX, SLOT * i);
      const to = (SLOT * i + SLOT_PREFIX.length) / 2;
      const from = 32 * i;
      for (let k = 0; k < 32; k++) pairs[to + k] = HEX_PAIRS[raw[from + k]];
    }
    this.#text = ascii.decode(text);
  }

  /** The next digest. */
  take(): string {
    if (this.#next === this.#count) fail();
    const at = SLOT * this.#next++ + 1;
    return this.#text.slice(at, at + TEXT_LENGTH);
  }

  /** True once every digest has been taken. */
  get done(): boolean {
    return this.#next === this.#count;
  }
}
