import { createHash } from "node:crypto";
import type { ChunkSource } from "../tar/byte_reader.ts";

/** A source that hashes (or only counts) what passes through it. */
export interface DigestTap {
  source: ChunkSource;
  /**
   * "sha256:<hex>" (unless made not to hash) and byte count of everything
   * read; call once, at the end.
   */
  finish(): { digest?: string; size: number };
}

/**
 * Wraps a source so every chunk read also feeds a sha256, or with
 * `hash: false` is only counted. The wrapper has no `skip`: skipped bytes
 * must still be hashed, so consumers read them.
 */
export function tapDigest(
  source: ChunkSource,
  options: { hash?: boolean } = {},
): DigestTap {
  const hash = options.hash === false ? undefined : createHash("sha256");
  let size = 0;
  return {
    source: {
      async read() {
        const chunk = await source.read();
        if (chunk !== null) {
          hash?.update(chunk);
          size += chunk.length;
        }
        return chunk;
      },
    },
    finish: () =>
      hash ? { digest: `sha256:${hash.digest("hex")}`, size } : { size },
  };
}

/** Reads a source to its end, discarding the bytes (so taps see them all). */
export async function drain(source: ChunkSource): Promise<void> {
  while (await source.read() !== null) { /* discard */ }
}
