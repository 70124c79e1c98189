import type { LayerEntry, LayerIndex } from "../layer/entry.ts";
import { type HideReason, mergeLayers } from "../merge/merge_layers.ts";
import type { MergedEntry } from "../merge/merged_entry.ts";
import { isBelow, type LayerTrace, parentOf } from "./trace_layers.ts";

/**
 * Image efficiency as dive (github.com/wagoodman/dive) computes it, so
 * thresholds of `dive --ci` carry over. Every leaf of every layer's own
 * tree counts at its path: a file with its size, a whiteout with the bytes
 * of the directory it deletes (0 when it deletes anything else). Opaque
 * markers are ignored, as dive ignores them.
 */
export interface DiveEfficiency {
  /** Σ smallest size seen per path ÷ Σ all sizes seen per path; 1 when nothing has bytes. */
  efficiency: number;
  /** Σ of all sizes seen at paths that appear in two or more layers (the kept copy included). */
  wastedBytes: number;
  /** wastedBytes ÷ userSizeBytes; null when the layers above the first hold no bytes. */
  userWastedPercent: number | null;
  /** Content bytes of all layers (dive's image size). */
  sizeBytes: number;
  /** Content bytes of all layers but the first. */
  userSizeBytes: number;
}

/**
 * Computes dive's efficiency, wastedBytes and userWastedPercent. With the
 * image's merge trace, the trace's whiteouts are reused instead of merging
 * the layers again, unless an opaque marker changes what a whiteout deletes
 * (see `opaqueMarkersSpareWhiteouts`).
 */
export function diveEfficiency(
  indexes: LayerIndex[],
  options: { trace?: LayerTrace } = {},
): DiveEfficiency {
  const deleted = deletedDirectoryBytes(indexes, options.trace);
  // The paths seen above the first layer, and every whiteout. A path seen
  // once holds its size; a second sighting makes it a tally, so a million
  // paths stored once cost a map and no objects.
  const paths = new Map<string, number | { total: number; min: number }>();
  const see = (path: string, size: number) => {
    const seen = paths.get(path);
    if (seen === undefined) paths.set(path, size);
    else if (typeof seen === "number") {
      paths.set(path, { total: seen + size, min: Math.min(seen, size) });
    } else {
      seen.total += size;
      seen.min = Math.min(seen.min, size);
    }
  };
  indexes.forEach((index, i) => {
    if (i > 0) {
      const { parents } = layerTree(index);
      for (const entry of index.entries.values()) {
        const size = leafSize(entry, parents);
        if (size !== undefined) see(entry.path, size);
      }
    }
    for (const path of index.whiteouts) {
      see(path, deleted.get(`${i}:${path}`) ?? 0);
    }
  });
  // The first layer's leaves (often a large base both images share, its
  // tree walked once) join in at the paths seen again.
  const first = indexes.length > 0 ? layerTree(indexes[0]) : undefined;
  let min = first?.leafBytes ?? 0, total = min, wastedBytes = 0;
  for (const [path, seen] of paths) {
    const again = typeof seen !== "number";
    const seenMin = again ? seen.min : seen;
    const seenTotal = again ? seen.total : seen;
    const entry = indexes[0].entries.get(path);
    const firstSize = entry && leafSize(entry, first!.parents);
    total += seenTotal;
    if (firstSize === undefined) {
      min += seenMin;
      if (again) wastedBytes += seenTotal;
    } else {
      min += Math.min(firstSize, seenMin) - firstSize;
      wastedBytes += firstSize + seenTotal;
    }
  }
  const layerBytes = indexes.map((index) => layerTree(index).bytes);
  const sizeBytes = layerBytes.reduce((sum, bytes) => sum + bytes, 0);
  const userSizeBytes = sizeBytes - (layerBytes[0] ?? 0);
  return {
    efficiency: total === 0 ? 1 : min / total,
    wastedBytes,
    userWastedPercent: userSizeBytes > 0 ? wastedBytes / userSizeBytes : null,
    sizeBytes,
    userSizeBytes,
  };
}

/** What dive sees of one layer's own tree, whichever image holds it. */
interface LayerTree {
  /** Content bytes of the layer's files. */
  bytes: number;
  /** Directories above the layer's entries and whiteouts; the other entries are leaves. */
  parents: Set<string>;
  /** Σ of the leaves' sizes. */
  leafBytes: number;
}

/** Per layer index, so a base two images share is walked once. */
const trees = new WeakMap<LayerIndex, LayerTree>();

function layerTree(index: LayerIndex): LayerTree {
  const cached = trees.get(index);
  if (cached) return cached;
  const parents = new Set<string>();
  const addParents = (path: string) => {
    for (let p = parentOf(path); !parents.has(p); p = parentOf(p)) {
      parents.add(p);
      if (p === "/") break;
    }
  };
  for (const path of index.entries.keys()) addParents(path);
  for (const path of index.whiteouts) addParents(path);
  let bytes = 0, leafBytes = 0;
  for (const entry of index.entries.values()) {
    bytes += entry.type === "file" ? entry.size : 0;
    leafBytes += leafSize(entry, parents) ?? 0;
  }
  const tree = { bytes, parents, leafBytes };
  trees.set(index, tree);
  return tree;
}

/**
 * The size dive counts for a leaf of its layer's tree; undefined for a
 * parent. Only a file's tar header holds bytes; a hard link's holds none,
 * whatever content the index gave it.
 */
function leafSize(entry: LayerEntry, parents: Set<string>): number | undefined {
  if (entry.path === "/" || parents.has(entry.path)) return undefined;
  return entry.type === "file" ? entry.size : 0;
}

/**
 * For each whiteout ("layer:path") that deletes a directory, the file bytes
 * below it in the layers under it, stacked without opaque markers as dive
 * stacks them. A whiteout inside a deleted directory counts its own subtree
 * too, as dive sizes each whiteout on its own.
 */
function deletedDirectoryBytes(
  indexes: LayerIndex[],
  trace: LayerTrace | undefined,
): Map<string, number> {
  const bytes = new Map<string, number>();
  // Whiteouts being sized, outermost first (hides arrive parents first).
  const open: { key: string; path: string; layer: number }[] = [];
  const onHide = (entry: MergedEntry, byLayer: number, reason: HideReason) => {
    if (reason !== "whiteout") return;
    while (
      open.length > 0 &&
      !(open.at(-1)!.layer === byLayer &&
        isBelow(entry.path, open.at(-1)!.path))
    ) open.pop();
    if (indexes[byLayer].whiteouts.has(entry.path)) {
      const key = `${byLayer}:${entry.path}`;
      open.push({ key, path: entry.path, layer: byLayer });
      if (entry.type === "dir") bytes.set(key, 0);
    }
    if (entry.type !== "file") return;
    for (const { key } of open) {
      const sum = bytes.get(key);
      if (sum !== undefined) bytes.set(key, sum + entry.size);
    }
  };
  if (trace && opaqueMarkersSpareWhiteouts(indexes)) {
    for (const hidden of trace.hidden) {
      onHide(hidden.entry, hidden.byLayer, hidden.reason);
    }
  } else {
    mergeLayers(
      indexes.map((index) => ({ ...index, opaqueDirs: new Set<string>() })),
      { onHide },
    );
  }
  return bytes;
}

/**
 * Whether the layers' whiteouts hide the same entries, in the same order,
 * with their opaque markers as without: no whiteout of a layer above an
 * opaque marker's is at, above or below its directory. An opaque marker
 * changes only what lies below its directory (a whiteout of its own layer
 * comes before it), so a whiteout elsewhere meets the same subtree.
 */
export function opaqueMarkersSpareWhiteouts(indexes: LayerIndex[]): boolean {
  const opaque = new Set<string>();
  const atOrAboveOpaque = new Set<string>();
  for (const index of indexes) {
    if (opaque.size > 0) {
      for (const path of index.whiteouts) {
        if (atOrAboveOpaque.has(path)) return false;
        for (let p = path; p !== "/";) {
          p = parentOf(p);
          if (opaque.has(p)) return false;
        }
      }
    }
    for (const dir of index.opaqueDirs) {
      opaque.add(dir);
      for (let p = dir; !atOrAboveOpaque.has(p); p = parentOf(p)) {
        atOrAboveOpaque.add(p);
        if (p === "/") break;
      }
    }
  }
  return true;
}
