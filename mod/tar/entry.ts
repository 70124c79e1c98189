/** Entry kinds a tar stream can describe once PAX and GNU headers are folded in. */
export type TarEntryType =
  | "file"
  | "hardlink"
  | "symlink"
  | "char"
  | "block"
  | "dir"
  | "fifo";

/**
 * One tar member with its metadata decoded. Names that are not valid UTF-8
 * keep their bytes as lone surrogates (see `name.ts`).
 */
export interface TarHeader {
  /** Path as stored (PAX `path` or GNU long name folded in), not normalised. */
  name: string;
  type: TarEntryType;
  /** Full mode field as stored; consumers mask it. */
  mode: number;
  uid: number;
  gid: number;
  /** Body size in bytes (0 for links, dirs and devices). */
  size: number;
  /** Seconds since the epoch; PAX may carry fractions. */
  mtime: number;
  /** Link target (PAX `linkpath` or GNU long link name folded in). */
  linkname: string;
  devMajor: number;
  devMinor: number;
  /** PAX `SCHILY.xattr.*` records, without the prefix. */
  xattrs?: Record<string, string>;
  /** Byte offset of this member's first header (including PAX/GNU headers). */
  offset: number;
  /** Byte offset of the body. */
  dataOffset: number;
}

/**
 * A member as the reader yields it. `body` may be iterated once, before the
 * reader moves on; a body left unread is skipped (seeking where possible).
 */
export interface TarEntry extends TarHeader {
  body: AsyncIterable<Uint8Array>;
}
