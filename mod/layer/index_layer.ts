import { createHash } from "node:crypto";
import { addContext, InputError } from "../errors.ts";
import type { TarEntry } from "../tar/entry.ts";
import type { LayerEntry, LayerIndex } from "./entry.ts";
import { LayerTree } from "./layer_tree.ts";
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
 * replaced stays replaced. Errors name the entry as stored.
 *
 * @example
 * ```ts
 * const { index } = await indexLayer(readTar(new ByteReader(source)));
 * index.entries.get("/etc/passwd")?.digest; // "sha256:…"
 * ```
 */
export async function indexLayer(
  entries: AsyncIterable<TarEntry>,
): Promise<IndexedLayer> {
  const index: LayerIndex = {
    entries: new Map(),
    whiteouts: new Set(),
    opaqueDirs: new Set(),
  };
  const tree = new LayerTree();
  let entryCount = 0;
  for await (const entry of entries) {
    entryCount++;
    try {
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
      const layerEntry = await toLayerEntry(path, entry);
      const previous = index.entries.get(path);
      if (layerEntry.type !== "dir") {
        // Extraction replaces whatever stood at the path, subtree included.
        for (const below of tree.takeBelow(path, index.entries.keys())) {
          index.entries.delete(below);
        }
      } else if (previous && previous.type !== "dir") {
        // The non-directory stored earlier replaced the lower subtree.
        index.whiteouts.add(path);
      }
      index.entries.delete(path);
      index.entries.set(path, layerEntry);
      tree.add(path);
    } catch (error) {
      throw addContext(error, { entry: entry.name, offset: entry.offset });
    }
  }
  return { index, entryCount };
}

async function toLayerEntry(
  path: string,
  entry: TarEntry,
): Promise<LayerEntry> {
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
      layerEntry.digest = await sha256Of(entry.body);
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

async function sha256Of(body: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of body) hash.update(chunk);
  return `sha256:${hash.digest("hex")}`;
}
