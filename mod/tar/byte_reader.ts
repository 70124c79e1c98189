/**
 * Exact-size reads over a stream of chunks, without copying body data: a
 * read that fits in the current chunk returns a view of it. Tar parsing
 * needs fixed 512-byte blocks and bounded body slices; this is the one
 * place that buffers.
 *
 * @module
 */

import { InputError } from "../errors.ts";

/** A source of bytes in order. */
export interface ChunkSource {
  /** Next chunk (length > 0), or null at the end. The caller owns the chunk. */
  read(): Promise<Uint8Array | null>;
  /**
   * Optional: advance `n` bytes without reading them (a file seeks). Returns
   * the number of bytes actually skipped, fewer than `n` only at the end.
   */
  skip?(n: number): Promise<number>;
}

/**
 * Adapts any `AsyncIterable<Uint8Array>` (a node:zlib stream, a
 * ReadableStream, an async generator) to a ChunkSource. Empty chunks are
 * dropped.
 */
export function chunkSourceFrom(
  iterable: AsyncIterable<Uint8Array>,
): ChunkSource {
  const iterator = iterable[Symbol.asyncIterator]();
  return {
    async read() {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return null;
        if (next.value.length > 0) return next.value;
      }
    },
  };
}

/**
 * A seekable ChunkSource over bytes in memory, handing out views of at most
 * `chunkSize` bytes (default 64 KiB).
 */
export function chunkSourceFromBytes(
  bytes: Uint8Array,
  options: { chunkSize?: number } = {},
): ChunkSource {
  const chunkSize = options.chunkSize ?? 65536;
  let at = 0;
  return {
    read() {
      if (at >= bytes.length) return Promise.resolve(null);
      const chunk = bytes.subarray(at, at + chunkSize);
      at += chunk.length;
      return Promise.resolve(chunk);
    },
    skip(n) {
      const skipped = Math.min(n, bytes.length - at);
      at += skipped;
      return Promise.resolve(skipped);
    },
  };
}

const EMPTY = new Uint8Array(0);

/** Buffered exact-size reads over a ChunkSource; knows its position. */
export class ByteReader {
  #source: ChunkSource;
  #chunk: Uint8Array = EMPTY;
  #at = 0;
  #position = 0;
  #ended = false;

  constructor(source: ChunkSource) {
    this.#source = source;
  }

  /** Bytes consumed so far: the offset of the next byte in the stream. */
  get position(): number {
    return this.#position;
  }

  /**
   * Exactly `n` bytes, or null if the source ends before any byte. A source
   * that ends part way throws InputError "unexpected end of data". The
   * result may be a view of a source chunk; callers must not write to it.
   */
  async readExact(n: number): Promise<Uint8Array | null> {
    const available = this.#chunk.length - this.#at;
    if (available >= n) return this.#take(n);
    if (available === 0 && !(await this.#fill())) return null;
    if (this.#chunk.length - this.#at >= n) return this.#take(n);
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      if (this.#at === this.#chunk.length && !(await this.#fill())) {
        throw new InputError("unexpected end of data", {
          offset: this.#position,
        });
      }
      const piece = this.#take(
        Math.min(n - filled, this.#chunk.length - this.#at),
      );
      out.set(piece, filled);
      filled += piece.length;
    }
    return out;
  }

  /**
   * The next `n` bytes as a view when they are already buffered, without
   * consuming them; null otherwise. Lets parsers skip an await per block.
   */
  peekBuffered(n: number): Uint8Array | null {
    return this.#chunk.length - this.#at >= n
      ? this.#chunk.subarray(this.#at, this.#at + n)
      : null;
  }

  /** Consumes `n` bytes known to be buffered (see `peekBuffered`). */
  advanceBuffered(n: number): void {
    if (this.#chunk.length - this.#at < n) {
      throw new RangeError("advance beyond the buffered bytes");
    }
    this.#at += n;
    this.#position += n;
  }

  /**
   * Between 1 and `n` bytes for streaming bodies, or null at the end. Returns
   * a view of a source chunk, never a copy.
   */
  async readUpTo(n: number): Promise<Uint8Array | null> {
    if (this.#at === this.#chunk.length && !(await this.#fill())) return null;
    return this.#take(Math.min(n, this.#chunk.length - this.#at));
  }

  /**
   * Skips `n` bytes, seeking through `source.skip` when the source has it.
   * Throws InputError "unexpected end of data" if the source ends first.
   */
  async skip(n: number): Promise<void> {
    const buffered = Math.min(n, this.#chunk.length - this.#at);
    this.#take(buffered);
    let left = n - buffered;
    if (left > 0 && this.#source.skip && !this.#ended) {
      const skipped = await this.#source.skip(left);
      this.#position += skipped;
      left -= skipped;
      if (left > 0) this.#ended = true;
    }
    while (left > 0) {
      if (!(await this.#fill())) {
        throw new InputError("unexpected end of data", {
          offset: this.#position,
        });
      }
      left -= this.#take(Math.min(left, this.#chunk.length)).length;
    }
  }

  /**
   * Skips up to `n` bytes and returns how many there were: fewer only when
   * the source ended.
   */
  async skipAtMost(n: number): Promise<number> {
    let skipped = this.#take(Math.min(n, this.#chunk.length - this.#at)).length;
    while (skipped < n && await this.#fill()) {
      skipped += this.#take(Math.min(n - skipped, this.#chunk.length)).length;
    }
    return skipped;
  }

  #take(n: number): Uint8Array {
    const view = this.#chunk.subarray(this.#at, this.#at + n);
    this.#at += n;
    this.#position += n;
    return view;
  }

  /** Replaces the (consumed) current chunk with the next one. */
  async #fill(): Promise<boolean> {
    this.#chunk = EMPTY;
    this.#at = 0;
    while (!this.#ended) {
      const chunk = await this.#source.read();
      if (chunk === null) this.#ended = true;
      else if (chunk.length > 0) {
        this.#chunk = chunk;
        return true;
      }
    }
    return false;
  }
}
