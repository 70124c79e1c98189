import { InputError } from "../errors.ts";
import type { ChunkSource } from "../tar/byte_reader.ts";
import type { Archive, BlobHandler } from "./archive.ts";
import { decompress, detectCompression, MAGIC_LENGTH } from "./compression.ts";
import { drain } from "./digest_tap.ts";
import { openDirectoryArchive } from "./directory_archive.ts";
import { openFileRange } from "./file_source.ts";
import { peekSource } from "./peek.ts";
import { openStreamArchive } from "./stream_archive.ts";
import { openTarFileArchive } from "./tar_file_archive.ts";

/** What the user named: a path, or "-" given as the bytes of stdin. */
export type ArchiveInput = string | { name: string; stream: ChunkSource };

/**
 * Opens an image archive, deciding by content: a directory is an OCI
 * layout; a pipe (`<(docker save app)`, a FIFO) or a file or stream that
 * starts with gzip or zstd magic is read in one pass, like stdin; a plain
 * tar file is read by offset, so unused blobs are never read. `onBlob` sees
 * the blobs of one-pass archives (see `Archive.kind`).
 */
export async function openArchive(
  input: ArchiveInput,
  onBlob: BlobHandler,
): Promise<Archive> {
  if (typeof input !== "string") {
    return await openStream(input.stream, input.name, onBlob);
  }
  const info = await statInput(input);
  if (info.isDirectory) return openDirectoryArchive(input, input);
  if (info.isFile && info.size === 0) {
    throw new InputError("empty file", { file: input });
  }
  const file = await openFileRange(input);
  const peeked = await peekSource(file, MAGIC_LENGTH);
  if (info.isFile && detectCompression(peeked.head) === "none") {
    file.close();
    return await openTarFileArchive(input, input);
  }
  try {
    return await openStream(peeked.source, input, onBlob);
  } finally {
    file.close();
  }
}

async function openStream(
  source: ChunkSource,
  name: string,
  onBlob: BlobHandler,
): Promise<Archive> {
  const peeked = await peekSource(source, MAGIC_LENGTH);
  if (peeked.head.length === 0) {
    throw new InputError("empty input", { file: name });
  }
  const compression = detectCompression(peeked.head);
  const tar = decompress(peeked.source, compression);
  const archive = await openStreamArchive(tar, name, onBlob);
  // Read a compressed stream to its end, after the tar's end marker, so a
  // truncated or corrupt trailer (gzip's CRC and length) is noticed.
  if (compression !== "none") await drain(tar);
  return archive;
}

async function statInput(path: string): Promise<Deno.FileInfo> {
  try {
    return await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new InputError("no such file or directory", { file: path });
    }
    if (error instanceof Deno.errors.PermissionDenied) {
      throw new InputError("permission denied", { file: path });
    }
    throw error;
  }
}
