/**
 * Helpers for tar tests: a counting ChunkSource (fixed-size chunks down to
 * one byte, records which bytes were read and which skipped), reading a
 * whole archive, and asserting InputErrors.
 */

import assert from "@std/assert";
import { InputError } from "../../mod/errors.ts";
import { ByteReader, type ChunkSource } from "../../mod/tar/byte_reader.ts";
import type { TarHeader } from "../../mod/tar/entry.ts";
import { readTar, type ReadTarOptions } from "../../mod/tar/reader.ts";

/** A ChunkSource that records how many bytes it handed out and skipped. */
export interface CountingSource extends ChunkSource {
  bytesRead: number;
  bytesSkipped: number;
  /** Ranges [start, end) handed out by read(). */
  reads: [number, number][];
}

/**
 * Chunks of `chunkSize` bytes (copies, so a reader cannot rely on one big
 * buffer); seekable unless `seekable` is false.
 */
export function countingSource(
  bytes: Uint8Array,
  options: { chunkSize?: number; seekable?: boolean } = {},
): CountingSource {
  const chunkSize = options.chunkSize ?? 4096;
  let at = 0;
  const source: CountingSource = {
    bytesRead: 0,
    bytesSkipped: 0,
    reads: [],
    read() {
      if (at >= bytes.length) return Promise.resolve(null);
      const chunk = bytes.slice(at, at + chunkSize);
      source.reads.push([at, at + chunk.length]);
      at += chunk.length;
      source.bytesRead += chunk.length;
      return Promise.resolve(chunk);
    },
  };
  if (options.seekable ?? true) {
    source.skip = (n) => {
      const skipped = Math.min(n, bytes.length - at);
      at += skipped;
      source.bytesSkipped += skipped;
      return Promise.resolve(skipped);
    };
  }
  return source;
}

/** Asserts that `promise` rejects with an InputError of this reason and context. */
export async function assertInputError(
  promise: Promise<unknown>,
  reason: string,
  context: Record<string, unknown> = {},
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    if (!(error instanceof InputError)) throw error;
    assert.equal(error.reason, reason);
    for (const [key, value] of Object.entries(context)) {
      assert.deepEqual(
        error.context[key as keyof typeof error.context],
        value,
        key,
      );
    }
    return true;
  });
}

/** An entry with its body read into `content`. */
export type ReadEntry = TarHeader & { content: Uint8Array };

/** Reads every entry of `tar` and its whole body. */
export async function readAll(
  tar: Uint8Array | ChunkSource,
  options: ReadTarOptions & { chunkSize?: number } = {},
): Promise<ReadEntry[]> {
  const source = tar instanceof Uint8Array
    ? countingSource(tar, { chunkSize: options.chunkSize })
    : tar;
  const entries: ReadEntry[] = [];
  for await (
    const { body, ...header } of readTar(new ByteReader(source), options)
  ) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk.slice());
    entries.push({ ...header, content: concat(chunks) });
  }
  return entries;
}

/** Concatenates byte arrays. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** UTF-8 bytes of a string, or the text of bytes. */
export const utf8 = (text: string): Uint8Array =>
  new TextEncoder().encode(text);
export const text = (bytes: Uint8Array): string =>
  new TextDecoder().decode(bytes);
