import { Readable } from "node:stream";
import { createGunzip, createZstdDecompress } from "node:zlib";
import { InputError } from "../errors.ts";
import { type ChunkSource, chunkSourceFrom } from "../tar/byte_reader.ts";
import { checkZstdFrames } from "./zstd_frames.ts";

/** Stream compressions layerdiff recognises by their magic bytes. */
export type Compression = "gzip" | "zstd" | "none";

/** Bytes needed by `detectCompression`. */
export const MAGIC_LENGTH = 4;

/** Tells gzip (1f 8b) and zstd (28 b5 2f fd) from anything else. */
export function detectCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (
    head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 &&
    head[2] === 0x2f && head[3] === 0xfd
  ) return "zstd";
  return "none";
}

/**
 * Decompresses a source with node:zlib (faster here than
 * DecompressionStream). Corrupt or truncated data becomes an InputError;
 * errors of the underlying source pass through unchanged.
 */
export function decompress(
  source: ChunkSource,
  compression: Compression,
): ChunkSource {
  if (compression === "none") return source;
  const inflater = compression === "gzip"
    ? createGunzip({ chunkSize: 1 << 20 })
    : createZstdDecompress({ chunkSize: 1 << 20 });
  const errors = new Set<unknown>();
  const input = Readable.from(
    chunksOf(compression === "zstd" ? checkZstdFrames(source) : source, errors),
    { objectMode: false },
  );
  input.on("error", (error) => inflater.destroy(error));
  input.pipe(inflater);
  const output = chunkSourceFrom(inflater as AsyncIterable<Uint8Array>);
  return {
    async read() {
      try {
        return await output.read();
      } catch (error) {
        if (errors.has(error)) throw error;
        throw new InputError(`corrupt ${compression} data: ${describe(error)}`);
      }
    },
  };
}

/** The decoder's complaint as a short lowercase phrase. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.replace(/^zstd decompress error: /i, "");
  return reason.charAt(0).toLowerCase() + reason.slice(1);
}

/** Yields the source's chunks; errors it throws are recorded in `errors`. */
async function* chunksOf(
  source: ChunkSource,
  errors: Set<unknown>,
): AsyncGenerator<Uint8Array> {
  try {
    for (let chunk = await source.read(); chunk; chunk = await source.read()) {
      yield chunk;
    }
  } catch (error) {
    errors.add(error);
    throw error;
  }
}
