/**
 * All the strings of a cache entry as one UTF-8 block, decoded in one call
 * and sliced by UTF-16 lengths. Paths may hold lone surrogates (the escaped
 * bytes of non-UTF-8 names, see `mod/tar/name.ts`), which UTF-8 cannot
 * carry: the block holds U+FFFD in their place and a list of patches, each
 * a position and the code unit to put back, restores them exactly. A layer
 * of UTF-8 names pays nothing for this; one lone surrogate costs about four
 * bytes.
 *
 * @module
 */

import { type ByteReader, type ByteWriter, fail } from "./binary.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const REPLACEMENT = 0xfffd;

/** Collects strings in order; `write` stores them, lengths kept by the caller. */
export class StringTableWriter {
  readonly #parts: string[] = [];

  /** Adds `text` and returns its length in UTF-16 code units. */
  add(text: string): number {
    this.#parts.push(text);
    return text.length;
  }

  /**
   * Writes the block: its length in code units, its UTF-8 length and bytes,
   * then the patches (count, then for each the distance from the previous
   * one and the code unit).
   */
  write(out: ByteWriter): void {
    const text = this.#parts.join("");
    const wellFormed = text.isWellFormed();
    const bytes = encoder.encode(wellFormed ? text : text.toWellFormed());
    out.varint(text.length);
    out.varint(bytes.length);
    out.bytes(bytes);
    const patches = wellFormed ? [] : loneSurrogates(text);
    out.varint(patches.length);
    let last = 0;
    for (const at of patches) {
      out.varint(at - last);
      out.varint(text.charCodeAt(at));
      last = at;
    }
  }
}

/** Hands back, in order, the strings a `StringTableWriter` stored. */
export class StringTableReader {
  readonly #text: string;
  #at = 0;

  /** Reads the block; throws `CORRUPT` if it is not one `write` gives. */
  constructor(input: ByteReader) {
    const units = input.varint();
    const bytes = input.view(input.count());
    let text = decoder.decode(bytes);
    if (text.length !== units) fail();
    const patches = input.count(2);
    if (patches > 0) {
      const pieces: string[] = [];
      let from = 0;
      let at = -1;
      for (let i = 0; i < patches; i++) {
        const step = input.varint();
        at = i === 0 ? step : at + step;
        if ((i > 0 && step === 0) || at >= units) fail();
        const unit = input.varint();
        if (text.charCodeAt(at) !== REPLACEMENT) fail();
        if (unit < 0xd800 || unit > 0xdfff) fail();
        pieces.push(text.slice(from, at), String.fromCharCode(unit));
        from = at + 1;
      }
      pieces.push(text.slice(from));
      text = pieces.join("");
    }
    this.#text = text;
  }

  /** The next string, `length` code units long. */
  take(length: number): string {
    const end = this.#at + length;
    if (end > this.#text.length) fail();
    const out = this.#text.slice(this.#at, end);
    this.#at = end;
    return out;
  }

  /** True once every string has been taken. */
  get done(): boolean {
    return this.#at === this.#text.length;
  }
}

/** Positions of the surrogates in `text` that are not half of a pair. */
function loneSurrogates(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    if (unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    out.push(i);
  }
  return out;
}
