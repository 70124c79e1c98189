import type { LayerIndex } from "../layer/entry.ts";
import type { HideReason } from "../merge/merge_layers.ts";
import type { MergedEntry } from "../merge/merged_entry.ts";
import { compareNames } from "../tar/name.ts";
import { type DiveEfficiency, diveEfficiency } from "./dive_efficiency.ts";
import type { HiddenCopy, LayerTrace } from "./trace_layers.ts";

/** A path (or deleted directory) whose stored bytes the image never shows. */
export interface WastedPath {
  /** The overwritten or deleted path, or the directory a whiteout or opaque marker emptied. */
  path: string;
  /** Content bytes of the hidden copies at and below the path. */
  bytes: number;
  /** Hidden regular files counted in `bytes`. */
  files: number;
  /** Layers that stored the hidden copies, ascending. */
  storedIn: number[];
  /** Layers that hid them, ascending. */
  hiddenBy: number[];
  reasons: HideReason[];
}

/** Regular files with the same content at several paths of the merged filesystem. */
export interface DuplicateGroup {
  digest: string;
  /** Bytes of one copy. */
  size: number;
  /** Sorted by path. */
  paths: string[];
  /** Bytes a dedupe would save: size × (paths − 1). */
  savableBytes: number;
}

/** Where an image stores bytes it does not need. */
export interface Bloat {
  /** Content bytes of every stored file copy the merged filesystem hides. */
  wastedBytes: number;
  /**
   * Hidden bytes counted once per path, leaving out copies a visible hard
   * link still needs; what rewriting the layers without the waste saves.
   */
  reclaimableBytes: number;
  /** Number of wasted paths (entries of `topWasted` before trimming). */
  wastedPaths: number;
  /** The largest wasted paths, by bytes. */
  topWasted: WastedPath[];
  duplicates: {
    groups: number;
    /** Paths in all groups. */
    files: number;
    savableBytes: number;
    /** The groups that would save the most. */
    top: DuplicateGroup[];
  };
  /** Labelled dive-compatible: dive's own definitions. */
  dive: DiveEfficiency;
}

/** Wasted bytes, duplicates and dive's figures of one image. */
export function analyzeBloat(
  indexes: LayerIndex[],
  trace: LayerTrace,
  options: { top: number },
): Bloat {
  const wasted = wastedPaths(trace.hidden);
  const duplicates = duplicateGroups(trace.fs.values());
  return {
    wastedBytes: wasted.reduce((sum, path) => sum + path.bytes, 0),
    reclaimableBytes: reclaimableBytes(trace),
    wastedPaths: wasted.length,
    topWasted: wasted.slice(0, options.top),
    duplicates: {
      groups: duplicates.length,
      files: duplicates.reduce((sum, group) => sum + group.paths.length, 0),
      savableBytes: duplicates.reduce((sum, g) => sum + g.savableBytes, 0),
      top: duplicates.slice(0, options.top),
    },
    dive: diveEfficiency(indexes, { trace }),
  };
}

/** Hidden copies grouped by what the hide aimed at, largest first. */
function wastedPaths(hidden: HiddenCopy[]): WastedPath[] {
  const byRoot = new Map<string, WastedPath>();
  for (const { entry, byLayer, reason, root } of hidden) {
    if (entry.type !== "file" || entry.size === 0) continue;
    let path = byRoot.get(root);
    if (!path) {
      path = {
        path: root,
        bytes: 0,
        files: 0,
        storedIn: [],
        hiddenBy: [],
        reasons: [],
      };
      byRoot.set(root, path);
    }
    path.bytes += entry.size;
    path.files++;
    addSorted(path.storedIn, entry.layer);
    addSorted(path.hiddenBy, byLayer);
    if (!path.reasons.includes(reason)) path.reasons.push(reason);
  }
  return [...byRoot.values()].sort((x, y) =>
    y.bytes - x.bytes || compareNames(x.path, y.path)
  );
}

/**
 * Hidden file bytes, each hidden copy once, less the copies that a hard
 * link of the merged filesystem still takes its content from.
 */
function reclaimableBytes(trace: LayerTrace): number {
  const copies = new Map<string, MergedEntry[]>();
  const byLayer = new Map<MergedEntry, number>();
  let bytes = 0;
  for (const { entry, byLayer: by } of trace.hidden) {
    if (entry.type !== "file") continue;
    bytes += entry.size;
    const atPath = copies.get(entry.path);
    if (atPath) atPath.push(entry);
    else copies.set(entry.path, [entry]);
    byLayer.set(entry, by);
  }
  const needed = new Set<MergedEntry>();
  for (const link of trace.fs.values()) {
    if (link.type !== "hardlink") continue;
    const source = copies.get(link.target!)?.find((copy) =>
      copy.layer <= link.layer && byLayer.get(copy)! >= link.layer &&
      copy.digest === link.digest
    );
    if (source && !needed.has(source)) {
      needed.add(source);
      bytes -= source.size;
    }
  }
  return bytes;
}

/**
 * Files of the merged filesystem sharing a sha256, most savable first. A
 * digest seen once keeps only its entry; a group is made at the second
 * copy, so a million distinct files cost a map, not a million groups.
 */
function duplicateGroups(entries: Iterable<MergedEntry>): DuplicateGroup[] {
  const byDigest = new Map<string, MergedEntry | DuplicateGroup>();
  const groups: DuplicateGroup[] = [];
  for (const entry of entries) {
    if (entry.type !== "file" || entry.size === 0 || !entry.digest) continue;
    const seen = byDigest.get(entry.digest);
    if (seen === undefined) byDigest.set(entry.digest, entry);
    else if ("paths" in seen) seen.paths.push(entry.path);
    else {
      const group = {
        digest: entry.digest,
        size: seen.size,
        paths: [seen.path, entry.path],
        savableBytes: 0,
      };
      byDigest.set(entry.digest, group);
      groups.push(group);
    }
  }
  for (const group of groups) {
    group.paths.sort(compareNames);
    group.savableBytes = group.size * (group.paths.length - 1);
  }
  return groups.sort((x, y) =>
    y.savableBytes - x.savableBytes || compareNames(x.paths[0], y.paths[0])
  );
}

function addSorted(list: number[], value: number): void {
  if (list.includes(value)) return;
  list.push(value);
  list.sort((x, y) => x - y);
}
