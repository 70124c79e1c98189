import type { NotKeptReason } from "./keep_files.ts";

/** The kinds of filesystem object a layer can hold. */
export type EntryType =
  | "file"
  | "dir"
  | "symlink"
  | "hardlink"
  | "char"
  | "block"
  | "fifo";

/**
 * One path of one layer, after normalisation. Paths are absolute ("/a/b"),
 * without trailing slash; names that are not valid UTF-8 keep their bytes as
 * lone surrogates U+DC80..U+DCFF (see `mod/tar/name.ts`).
 */
export interface LayerEntry {
  path: string;
  type: EntryType;
  /** Permission bits, `mode & 0o7777`. */
  mode: number;
  uid: number;
  gid: number;
  /** Content bytes; 0 for everything but files and hard links (see `linkResolved`). */
  size: number;
  /** Modification time, seconds since the epoch (PAX may give fractions). */
  mtime: number;
  /** Symlink target as stored, or the hardlink's target as an absolute path. */
  target?: string;
  /** Device numbers of char and block devices. */
  devMajor?: number;
  devMinor?: number;
  /** "sha256:<hex>" of the content of files and hard links to files. */
  digest?: string;
  /** Extended attributes from PAX `SCHILY.xattr.*` records. */
  xattrs?: Record<string, string>;
  /**
   * Hard links only: true when the target was stored earlier in the same
   * layer, so size, digest, mode, owner and mtime are already the target's
   * (as extraction leaves them there); false or absent when the merge must
   * look the target up in the layers below.
   */
  linkResolved?: boolean;
}

/**
 * What one layer does to the filesystem below it: entries it adds or
 * replaces, paths it deletes (`.wh.NAME`) and directories it makes opaque
 * (`.wh..wh..opq`). Whiteouts and opaque markers only affect lower layers.
 */
export interface LayerIndex {
  /** Path → entry; a path stored twice keeps the last one, as extraction does. */
  entries: Map<string, LayerEntry>;
  /** Absolute paths hidden, with everything below them, in lower layers. */
  whiteouts: Set<string>;
  /** Directories whose lower children are hidden. */
  opaqueDirs: Set<string>;
  /** Bytes of the files a `KeepPolicy` asked for (see `keep_files.ts`), by path. */
  kept?: Map<string, Uint8Array>;
  /** Files the policy asked for but that were not kept, and why. */
  notKept?: Map<string, NotKeptReason>;
}
