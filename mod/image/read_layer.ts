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
  const tarSource = tar ? tar.source : peeked.source;
  const { index, entryCount } = await indexLayer(
    readTar(new ByteReader(tarSource)),
  );
  await drain(tarSource);
  const blobDigest = stored.finish();
  const tarDigest = tar ? tar.finish() : blobDigest;
  return {
    index,
    entries: entryCount,
    digest: blobDigest.digest,
    diffId: tarDigest.digest,
    compressedSize: blobDigest.size,
    size: tarDigest.size,
  };
}
