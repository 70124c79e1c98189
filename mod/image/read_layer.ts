import { drain } from "../source/digest_tap.ts";
import { ByteReader, type ChunkSource } from "../tar/byte_reader.ts";
import { readTar } from "../tar/reader.ts";
import type { LayerIndex } from "../layer/entry.ts";
import type { KeepPolicy } from "../layer/keep_files.ts";
import { indexLayer } from "../layer/index_layer.ts";
import {
  decodeBlob,
  type DecodedBlob,
  type HashOptions,
} from "./decode_blob.ts";

/** A layer blob read and indexed, with the digests measured on the way. */
export interface ReadLayer {
  index: LayerIndex;
  /** Tar members, whiteouts included. */
  entries: number;
  /** sha256 of the blob as stored; undefined when read with `hash: false`. */
  digest?: string;
  /** sha256 of the uncompressed tar; undefined likewise. */
  diffId?: string;
  compressedSize: number;
  size: number;
}

/** How to read a layer: hashed or only counted, and which files to keep. */
export interface ReadLayerOptions extends HashOptions {
  keep?: KeepPolicy;
}

/**
 * Streams one layer blob: sniffs gzip/zstd, decompresses, walks the tar and
 * indexes it, hashing the stored and the uncompressed bytes in the same pass
 * (with `hash: false`, as for `--no-verify`, only counting them; files are
 * hashed either way). Every byte is read; none is kept but the files
 * `keep` asks for.
 */
export async function readLayer(
  blob: ChunkSource,
  options: ReadLayerOptions = {},
): Promise<ReadLayer> {
  return await readDecodedLayer(await decodeBlob(blob, options), options);
}

/** Indexes a blob another thread reads: the same result as `readLayer`. */
export async function readDecodedLayer(
  blob: DecodedBlob,
  options: { keep?: KeepPolicy } = {},
): Promise<ReadLayer> {
  const { index, entryCount } = await indexLayer(
    readTar(new ByteReader(blob.tar)),
    { fileDigests: blob.fileDigests, keep: options.keep },
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
