import { hash } from "node:crypto";
import { addContext, InputError } from "../errors.ts";
import type { TarEntry } from "../tar/entry.ts";
import type { LayerEntry, LayerIndex } from "./entry.ts";
import { fileDigest, type FileDigests } from "./file_digest.ts";
import { type KeepPolicy, readBody } from "./keep_files.ts";
import { LayerTree } from "./layer_tree.ts";
import { takeTargetContent } from "./link_content.ts";
import { normalizePath } from "./path.ts";
import { classifyWhiteout } from "./whiteout.ts";

/** A layer tar indexed: what it does to the filesystem, and how many members it had. */
export interface IndexedLayer {
  index: LayerIndex;
  /** Every tar member, whiteouts and markers included. */
  entryCount: number;
}

/**
 * Builds a layer's index from its tar entries: paths normalised, whiteouts
 * and opaque markers set apart, and each file's sha256 computed as its body
 * streams past (never buffered); other bodies are left unread. A path stored
 * twice keeps the last entry, at the position of the last (the order
 * extraction would have applied them in); what an earlier non-directory
 * replaced stays replaced. A hard link to a path stored earlier in the layer
 * takes that entry's content then (see `LayerEntry.linkResolved`). Errors
 * name the entry as stored. With `fileDigests` given (another thread hashed
 * the files), bodies are left unread and each file takes its digest once
 * the walk is past it. With `keep`, the bytes of the files it asks for are
 * kept in `index.kept` (within its limits, else named in `index.notKept`).
 *
 * @example
 * ```ts
 * const { index } = await indexLayer(readTar(new ByteReader(source)));
 * index.entries.get("/etc/passwd")?.digest; // "sha256:…"
 * ```
 */
export async function indexLayer(
  entries: AsyncIterable<TarEntry>,
  options: { fileDigests?: FileDigests; keep?: KeepPolicy } = {},
): Promise<IndexedLayer> {
  const { fileDigests, keep } = options;
  const index: LayerIndex = {
    entries: new Map(),
    whiteouts: new Set(),
    opaqueDirs: new Set(),
  };
  const tree = new LayerTree();
  let entryCount = 0;
  /** The last file, while its digest (given) is not taken yet. */
  let owed: { entry?: LayerEntry } | undefined;
  for await (const entry of entries) {
    if (owed) {
      const digest = fileDigests!.next();
      const value = typeof digest === "string" ? digest : await digest;
      if (owed.entry) owed.entry.digest = value;
      owed = undefined;
    }
    entryCount++;
    try {
      if (entry.type === "file" && fileDigests?.given) owed = {};
      const path = normalizePath(entry.name);
      const whiteout = classifyWhiteout(path);
      if (whiteout) {
        if (whiteout.kind !== "meta" && entry.type === "dir") {
          throw new InputError("malformed whiteout: a directory");
        }
        if (whiteout.kind === "whiteout") index.whiteouts.add(whiteout.hidden);
        else if (whiteout.kind === "opaque") index.opaqueDirs.add(whiteout.dir);
        continue;
      }
      if (path === "/" && entry.type !== "dir") {
        throw new InputError("root is not a directory");
      }
      const layerEntry = toLayerEntry(path, entry);
      index.kept?.delete(path);
      index.notKept?.delete(path);
      const limit = entry.type === "file" ? keep?.limit(path) ?? 0 : 0;
      if (limit > 0) {
        const bytes = await keepBody(index, entry, {
          path,
          limit,
          keep: keep!,
        });
        if (bytes && !owed) {
          layerEntry.digest = `sha256:${hash("sha256", bytes, "hex")}`;
        }
      }
      if (owed) owed.entry = layerEntry;
      else if (entry.type === "file" && !layerEntry.digest) {
        const digest = fileDigest(entry.body);
        layerEntry.digest = typeof digest === "string" ? digest : await digest;
      } else if (entry.type === "hardlink") {
        resolveLink(layerEntry, index.entries.get(layerEntry.target!));
      }
      const previous = index.entries.get(path);
      if (layerEntry.type !== "dir") {
        // Extraction replaces whatever stood at the path, subtree included.
        for (const below of tree.takeBelow(path, index.entries.keys())) {
          index.entries.delete(below);
          index.kept?.delete(below);
          index.notKept?.delete(below);
        }
      } else if (previous && previous.type !== "dir") {
        // The non-directory stored earlier replaced the lower subtree.
        index.whiteouts.add(path);
      }
      if (previous) index.entries.delete(path);
      index.entries.set(path, layerEntry);
      tree.add(path);
    } catch (error) {
      throw addContext(error, { entry: entry.name, offset: entry.offset });
    }
  }
  if (owed) {
    const digest = await fileDigests!.next();
    if (owed.entry) owed.entry.digest = digest;
  }
  return { index, entryCount };
}

/**
 * Keeps a file's bytes when the policy's limit and budget allow, else
 * notes why not. Returns the bytes kept.
 */
async function keepBody(
  index: LayerIndex,
  entry: TarEntry,
  options: { path: string; limit: number; keep: KeepPolicy },
): Promise<Uint8Array | undefined> {
  const { path, limit, keep } = options;
  const reason = entry.size > limit
    ? "too-large"
    : !keep.budget.take(entry.size)
    ? "budget"
    : undefined;
  if (reason) {
    (index.notKept ??= new Map()).set(path, reason);
    return undefined;
  }
  const bytes = await readBody(entry.body, entry.size);
  (index.kept ??= new Map()).set(path, bytes);
  return bytes;
}

/** The entry's fields; a file's digest is added by the caller. */
function toLayerEntry(path: string, entry: TarEntry): LayerEntry {
  const layerEntry: LayerEntry = {
    path,
    type: entry.type,
    mode: entry.mode & 0o7777,
    uid: entry.uid,
    gid: entry.gid,
    size: 0,
    mtime: entry.mtime,
  };
  switch (entry.type) {
    case "file":
      layerEntry.size = entry.size;
      break;
    case "symlink":
      layerEntry.target = entry.linkname;
      break;
    case "hardlink":
      layerEntry.target = linkTarget(entry.linkname);
      break;
    case "char":
    case "block":
      layerEntry.devMajor = entry.devMajor;
      layerEntry.devMinor = entry.devMinor;
      break;
  }
  if (entry.xattrs) layerEntry.xattrs = entry.xattrs;
  return layerEntry;
}

/**
 * A hard link whose target this layer stored before it is that target's
 * inode as extraction leaves it at this point: it takes the target's content
 * and metadata now, so that a later rewrite of the target in the same layer
 * does not change it. Other links are resolved at merge, against the layers
 * below (a target that is a directory or an unresolved link is left to it).
 */
function resolveLink(link: LayerEntry, target: LayerEntry | undefined): void {
  if (!target || target.type === "dir") return;
  if (target.type === "hardlink" && !target.linkResolved) return;
  takeTargetContent(link, target);
  link.linkResolved = true;
}

/** A hard link's target as an absolute path, refused as any path would be. */
function linkTarget(linkname: string): string {
  try {
    return normalizePath(linkname);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      `hard link target ${error.reason.slice("path ".length)}`,
    );
  }
}
