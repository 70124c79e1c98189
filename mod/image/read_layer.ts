import {
  decompress,
  detectCompression,
  MAGIC_LENGTH,
} from "../source/compression.ts";
import { drain, tapDigest } from "../source/digest_tap.ts";
import { peekSource } from "../source/peek.ts";
import { ByteReader, type ChunkSource } from "../tar/byte_reader.ts";
import { readTar } from "../tar/reader.ts";
import type { LayerIndex } from "../layer/entry.ts";
import { indexLayer } from "../layer/index_layer.ts";

/** A layer blob read and indexed, with the digests measured on the way. */
export interface ReadLayer {
  index: LayerIndex;
  /** Tar members, whiteouts included. */
  entries: number;
  /** sha256 of the blob as stored. */
  digest: string;
  /** sha256 of the uncompressed tar. */
  diffId: string;
  compressedSize: number;
  size: number;
}

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
 * A layer blob read, hashed and decompressed elsewhere (a worker thread,
 * see `worker_pool.ts`), so that this thread only walks and indexes the tar.
 */
export interface DecodedBlob {
  /** The uncompressed tar. */
  tar: ChunkSource;
  /** Called once `tar` has ended. */
  digests(): Promise<BlobDigests>;
}

/**
 * Streams one layer blob: sniffs gzip/zstd, decompresses, walks the tar and
 * indexes it, hashing the stored and the uncompressed bytes in the same pass.
 * Every byte is read (the hashes need them); none is kept.
 */
export async function readLayer(blob: ChunkSource): Promise<ReadLayer> {
  const stored = tapDigest(blob);
  const peeked = await peekSource(stored.source, MAGIC_LENGTH);
  const compression = detectCompression(peeked.head);
  const tar = compression === "none"
    ? undefined
    : tapDigest(decompress(peeked.source, compression));
  return await readDecodedLayer({
    tar: tar ? tar.source : peeked.source,
    digests() {
      const digest = stored.finish();
      return Promise.resolve({
        stored: digest,
        tar: tar ? tar.finish() : digest,
      });
    },
  });
}

/** Indexes a blob another thread reads: the same result as `readLayer`. */
export async function readDecodedLayer(blob: DecodedBlob): Promise<ReadLayer> {
  const { index, entryCount } = await indexLayer(
    readTar(new ByteReader(blob.tar)),
  );
  await drain(blob.tar);
  const { stored, tar } = await blob.digests();
  return {
    index,
    entries: entryCount,
    digest: stored.digest,
    diffId: tar.digest,
    compressedSize: stored.size,
    size: tar.size,
  };
}
