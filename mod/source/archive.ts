import type { ChunkSource } from "../tar/byte_reader.ts";

/** Largest JSON document (manifest, index, config) layerdiff will hold in memory. */
export const MAX_DOCUMENT_SIZE = 16 << 20;

/**
 * An opened image archive, seen as named members: a tar (from a file or a
 * stream) or an OCI layout directory. Names are relative ("blobs/sha256/…").
 */
export interface Archive {
  /** What the user named: a path or "-". */
  readonly name: string;
  /**
   * "stream" archives were read in one pass; their blobs went to `onBlob`.
   * "registry" members are fetched from a registry when asked for.
   */
  readonly kind: "tar-file" | "directory" | "stream" | "registry";
  /** Whether the member exists (links followed). */
  has(path: string): Promise<boolean>;
  /** The member name a path resolves to after following links. */
  resolve(path: string): Promise<string | undefined>;
  /** Size in bytes of a member (links followed), or undefined when missing. */
  size(path: string): Promise<number | undefined>;
  /** The bytes of a small document; InputError when missing or too large. */
  readDocument(path: string): Promise<Uint8Array>;
  /** Streams a member (not for "stream" archives); InputError when missing. */
  openBlob(path: string): Promise<ChunkSource & { close?(): void }>;
  /**
   * Where a member's bytes lie in a file, so another thread can read them;
   * undefined for stream archives and missing members.
   */
  locate(path: string): Promise<FileRange | undefined>;
  /** Every member name (files only), for error messages and detection. */
  names(): Promise<string[]>;
}

/** A byte range of a file on disk. */
export interface FileRange {
  file: string;
  offset: number;
  length: number;
}

/**
 * Called for each member of a stream archive that is not a JSON document,
 * with its body; the body must be consumed before the promise resolves.
 */
export type BlobHandler = (path: string, body: ChunkSource) => Promise<void>;
