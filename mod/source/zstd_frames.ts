/**
 * node:zlib's zstd decoder (in Deno) ends quietly when its input stops in the
 * middle of a frame, so a truncated zstd layer would read as a shorter one.
 * This walks the frame structure of the compressed bytes (RFC 8878: frame
 * header, then block headers with their sizes) without decoding anything,
 * and fails when the input ends anywhere but at a frame boundary.
 *
 * @module
 */

import { InputError } from "../errors.ts";
import type { ChunkSource } from "../tar/byte_reader.ts";

const ZSTD_MAGIC = 0xfd2fb528;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const DICTIONARY_ID_BYTES = [0, 1, 2, 4];
const CONTENT_SIZE_BYTES = [0, 2, 4, 8];

/**
 * Passes a zstd stream through unchanged; throws InputError "corrupt zstd
 * data: unexpected end of data" when it ends inside a frame. Input that is
 * not a frame is left to the decoder to report.
 */
export function checkZstdFrames(source: ChunkSource): ChunkSource {
  const walker = new FrameWalker();
  return {
    async read() {
      const chunk = await source.read();
      if (chunk === null) {
        if (!walker.atBoundary) {
          throw new InputError("corrupt zstd data: unexpected end of data");
        }
        return null;
      }
      walker.feed(chunk);
      return chunk;
    },
  };
}

type Step = "magic" | "skippableSize" | "frameHeader" | "blockHeader" | "off";

/** Follows frame and block headers, skipping everything they size. */
class FrameWalker {
  #step: Step = "magic";
  /** Header bytes the current step needs, and those gathered so far. */
  #need = 4;
  #have: number[] = [];
  /** Bytes to pass over before the next header. */
  #skip = 0;
  #checksum = false;

  /** Whether the bytes so far end exactly at a frame boundary. */
  get atBoundary(): boolean {
    return this.#step === "off" ||
      (this.#step === "magic" && this.#have.length === 0 && this.#skip === 0);
  }

  feed(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length && this.#step !== "off") {
      if (this.#skip > 0) {
        const n = Math.min(this.#skip, chunk.length - at);
        this.#skip -= n;
        at += n;
        continue;
      }
      this.#have.push(chunk[at++]);
      if (this.#have.length === this.#need) {
        const bytes = this.#have;
        this.#have = [];
        this.#advance(bytes);
      }
    }
  }

  #advance(bytes: number[]): void {
    const u32 = () =>
      (bytes[0] | bytes[1] << 8 | bytes[2] << 16 | bytes[3] << 24) >>> 0;
    switch (this.#step) {
      case "magic": {
        const magic = u32();
        if (magic === ZSTD_MAGIC) this.#expect("frameHeader", 1);
        else if (((magic & SKIPPABLE_MASK) >>> 0) === SKIPPABLE_MAGIC) {
          this.#expect("skippableSize", 4);
        } else this.#step = "off";
        return;
      }
      case "skippableSize":
        this.#skip = u32();
        this.#expect("magic", 4);
        return;
      case "frameHeader": {
        const descriptor = bytes[0];
        const singleSegment = (descriptor >> 5) & 1;
        this.#checksum = ((descriptor >> 2) & 1) === 1;
        const contentSize = descriptor >> 6;
        this.#skip = (singleSegment ? 0 : 1) +
          DICTIONARY_ID_BYTES[descriptor & 3] +
          (contentSize === 0 ? singleSegment : CONTENT_SIZE_BYTES[contentSize]);
        this.#expect("blockHeader", 3);
        return;
      }
      case "blockHeader": {
        const header = bytes[0] | bytes[1] << 8 | bytes[2] << 16;
        const rle = ((header >> 1) & 3) === 1;
        this.#skip = rle ? 1 : header >>> 3;
        if (header & 1) {
          this.#skip += this.#checksum ? 4 : 0;
          this.#expect("magic", 4);
        }
        return;
      }
    }
  }

  #expect(step: Step, need: number): void {
    this.#step = step;
    this.#need = need;
  }
}
