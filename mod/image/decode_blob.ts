import {
  decompress,
  detectCompression,
  MAGIC_LENGTH,
} from "../source/compression.ts";
import { tapDigest } from "../source/digest_tap.ts";
import { peekSource } from "../source/peek.ts";
import type { FileDigests } from "../layer/file_digest.ts";
import type { ChunkSource } from "../tar/byte_reader.ts";

/** sha256 ("sha256:<hex>") and byte count of a stream. */
export interface StreamDigest {
  /** Undefined when the stream was only counted (`hash: false`). */
  digest?: string;
  size: number;
}

/** Whether to hash blobs (default true); false only counts their bytes. */
export interface HashOptions {
  hash?: boolean;
}

/** The digests of a layer blob: as stored, and of the tar inside. */
export interface BlobDigests {
  stored: StreamDigest;
  /** The same as `stored` for an uncompressed blob. */
  tar: StreamDigest;
}

/**
 * A layer blob being read, hashed and decompressed, here by `decodeBlob` or
 * with a worker thread (see `worker_pool.ts`): the tar inside, and its
 * digests once it has been read to the end.
 */
export interface DecodedBlob {
  /** The uncompressed tar. */
  tar: ChunkSource;
  /** Called once `tar` has ended. */
  digests(): Promise<BlobDigests>;
  /** The files' digests, when the reader hashed them (see `indexLayer`). */
  fileDigests?: FileDigests;
}

/** A blob sniffed and decompressed (see `inflateBlob`). */
export interface InflatedBlob {
  /** The uncompressed tar, not hashed. */
  tar: ChunkSource;
  compressed: boolean;
  /** The stored bytes' digest of a compressed blob, once `tar` has ended. */
  storedDigest(): StreamDigest | undefined;
}

/**
 * Sniffs a layer blob (gzip, zstd or a plain tar) and decompresses it,
 * hashing (or with `hash: false` counting) the stored bytes of a compressed
 * blob as they pass: an uncompressed blob is its own tar, hashed by
 * whoever reads that.
 */
export async function inflateBlob(
  blob: ChunkSource,
  options: HashOptions = {},
): Promise<InflatedBlob> {
  const peeked = await peekSource(blob, MAGIC_LENGTH);
  const compression = detectCompression(peeked.head);
  if (compression === "none") {
    return {
      tar: peeked.source,
      compressed: false,
      storedDigest: () => undefined,
    };
  }
  const stored = tapDigest(peeked.source, options);
  return {
    tar: decompress(stored.source, compression),
    compressed: true,
    storedDigest: () => stored.finish(),
  };
}

/**
 * Sniffs a layer blob, decompresses it, and hashes both the stored and the
 * uncompressed bytes as `tar` is read (with `hash: false`, counts them).
 */
export async function decodeBlob(
  blob: ChunkSource,
  options: HashOptions = {},
): Promise<DecodedBlob> {
  const inflated = await inflateBlob(blob, options);
  return hashedTar(inflated.tar, () => inflated.storedDigest(), options);
}

/**
 * A decoded blob whose tar is hashed (or counted) here as it is read; the
 * stored digest (of a compressed blob) comes from `stored` at the end.
 */
export function hashedTar(
  tar: ChunkSource,
  stored: () => StreamDigest | undefined | Promise<StreamDigest | undefined>,
  options: HashOptions = {},
): DecodedBlob {
  const tap = tapDigest(tar, options);
  return {
    tar: tap.source,
    async digests() {
      const tarDigest = tap.finish();
      return { stored: (await stored()) ?? tarDigest, tar: tarDigest };
    },
  };
}
