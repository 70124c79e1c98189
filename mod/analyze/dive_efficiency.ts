import type { LayerIndex } from "../layer/entry.ts";
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
 * image's merge trace and no opaque marker in any layer, the trace's
 * whiteouts are reused instead of merging the layers again.
 */
export function diveEfficiency(
  indexes: LayerIndex[],
  options: { trace?: LayerTrace } = {},
): DiveEfficiency {
  const deleted = deletedDirectoryBytes(indexes, options.trace);
  // A path seen in one layer holds its size; a second sighting makes it a
  // tally, so a million paths stored once cost a map and no objects.
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
  const layerBytes = indexes.map((index, i) => {
    const parents = new Set<string>();
    const addParents = (path: string) => {
      for (let p = parentOf(path); !parents.has(p); p = parentOf(p)) {
        parents.add(p);
        if (p === "/") break;
      }
    };
    for (const path of index.entries.keys()) addParents(path);
    for (const path of index.whiteouts) addParents(path);
    let bytes = 0;
    for (const entry of index.entries.values()) {
      // Only a file's tar header holds bytes; a hard link's holds none,
      // whatever content the index gave it.
      const size = entry.type === "file" ? entry.size : 0;
      bytes += size;
      if (entry.path !== "/" && !parents.has(entry.path)) see(entry.path, size);
    }
    for (const path of index.whiteouts) {
      see(path, deleted.get(`${i}:${path}`) ?? 0);
    }
    return bytes;
  });
  let min = 0, total = 0, wastedBytes = 0;
  for (const seen of paths.values()) {
    if (typeof seen === "number") {
      min += seen;
      total += seen;
    } else {
      min += seen.min;
      total += seen.total;
      wastedBytes += seen.total;
    }
  }
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
  if (trace && indexes.every((index) => index.opaqueDirs.size === 0)) {
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
