import {
  decompress,
  detectCompression,
  MAGIC_LENGTH,
} from "../source/compression.ts";
import { tapDigest } from "../source/digest_tap.ts";
import { peekSource } from "../source/peek.ts";
import type { ChunkSource } from "../tar/byte_reader.ts";

/** sha256 ("sha256:<hex>") and byte count of a stream. */
export interface StreamDigest {
  digest: string;
  size: number;
}

/** The digests of a layer blob: as stored, and of the tar inside. */
export interface BlobDigests {
  stored: StreamDigest;
  /** The same as `stored` for an uncompressed blob. */
  tar: StreamDigest;
}

/**
 * A layer blob being read, hashed and decompressed, here by `decodeBlob` or
 * on a worker thread (see `worker_pool.ts`): the tar inside, and its digests
 * once it has been read to the end.
 */
export interface DecodedBlob {
  /** The uncompressed tar. */
  tar: ChunkSource;
  /** Called once `tar` has ended. */
  digests(): Promise<BlobDigests>;
}

/**
 * Sniffs a layer blob (gzip, zstd or a plain tar), decompresses it, and
 * hashes both the stored and the uncompressed bytes as `tar` is read.
 */
export async function decodeBlob(
  blob: ChunkSource,
): Promise<DecodedBlob & { compressed: boolean }> {
  const stored = tapDigest(blob);
  const peeked = await peekSource(stored.source, MAGIC_LENGTH);
  const compression = detectCompression(peeked.head);
  const inflated = compression === "none"
    ? undefined
    : tapDigest(decompress(peeked.source, compression));
  return {
    tar: inflated ? inflated.source : peeked.source,
    compressed: inflated !== undefined,
    digests() {
      const digest = stored.finish();
      return Promise.resolve({
        stored: digest,
        tar: inflated ? inflated.finish() : digest,
      });
    },
  };
}
