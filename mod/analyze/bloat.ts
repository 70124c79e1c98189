import type { Image } from "../image/image.ts";
import type { LayerIndex } from "../layer/entry.ts";
import type { HideReason } from "../merge/merge_layers.ts";
import type { MergedEntry } from "../merge/merged_entry.ts";
import { compareNames } from "../tar/name.ts";
import { type DiveEfficiency, diveEfficiency } from "./dive_efficiency.ts";
import {
  type HiddenCopy,
  type LayerTrace,
  sharedBase,
} from "./trace_layers.ts";

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
  options: {
    top: number;
    /** The image's duplicate groups, when made already (see `pairDuplicateGroups`). */
    duplicates?: DuplicateGroup[];
  },
): Bloat {
  const wasted = wastedPaths(trace.hidden);
  const duplicates = options.duplicates ??
    sortGroups(indexDigests(trace.fs.values()).groups);
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
 * The duplicate groups of two images, from their traces. When the images
 * share lower layers (see `sharedBase`), B's are A's redone only at the
 * digests of the files either image's own layers add or hide: a shared
 * base of a million files is grouped once. A digest's size is its first
 * file's.
 */
export function pairDuplicateGroups(
  images: { a: Image; b: Image },
  traces: { a: LayerTrace; b: LayerTrace },
): { a: DuplicateGroup[]; b: DuplicateGroup[] } {
  const { byDigest, groups } = indexDigests(traces.a.fs.values());
  const a = sortGroups(groups);
  const base = sharedBase(images.a, images.b);
  if (base === 0) {
    return { a, b: sortGroups(indexDigests(traces.b.fs.values()).groups) };
  }
  // Base files are told apart by path: the base's merge has one per path.
  const hiddenBase = (trace: LayerTrace) => {
    const hidden = new Map<string, MergedEntry>();
    for (const { entry, byLayer } of trace.hidden) {
      if (byLayer >= base && entry.layer < base && counts(entry)) {
        hidden.set(entry.path, entry);
      }
    }
    return hidden;
  };
  const hiddenInA = hiddenBase(traces.a), hiddenInB = hiddenBase(traces.b);
  // Digest → path → the file B has there, or null for one it lacks.
  const edits = new Map<string, Map<string, MergedEntry | null>>();
  const edit = (entry: MergedEntry, inB: boolean) => {
    const atDigest = edits.get(entry.digest!) ?? new Map();
    edits.set(entry.digest!, atDigest.set(entry.path, inB ? entry : null));
  };
  for (const entry of ownFiles(images.a, traces.a, base)) edit(entry, false);
  for (const [path, entry] of hiddenInB) {
    if (!hiddenInA.has(path)) edit(entry, false);
  }
  for (const [path, entry] of hiddenInA) {
    if (!hiddenInB.has(path)) edit(entry, true);
  }
  for (const entry of ownFiles(images.b, traces.b, base)) edit(entry, true);
  const b: DuplicateGroup[] = [];
  for (const group of a) {
    if (!edits.has(group.digest)) b.push({ ...group, paths: [...group.paths] });
  }
  for (const [digest, atDigest] of edits) {
    const seen = byDigest.get(digest);
    const paths = new Set(
      seen === undefined ? [] : "paths" in seen ? seen.paths : [seen.path],
    );
    let size = seen?.size;
    for (const [path, entry] of atDigest) {
      if (entry === null) paths.delete(path);
      else {
        paths.add(path);
        size ??= entry.size;
      }
    }
    if (paths.size > 1) {
      b.push({ digest, size: size!, paths: [...paths], savableBytes: 0 });
    }
  }
  return { a, b: sortGroups(b) };
}

/**
 * The files of the merged filesystem that the image's layers above `base`
 * put there, found from those layers' entries.
 */
function* ownFiles(
  image: Image,
  trace: LayerTrace,
  base: number,
): Generator<MergedEntry> {
  for (let layer = base; layer < image.indexes.length; layer++) {
    for (const { path, type } of image.indexes[layer].entries.values()) {
      const entry = type === "file" ? trace.fs.get(path) : undefined;
      if (entry?.layer === layer && counts(entry)) yield entry;
    }
  }
}

/** Whether a file of the merged filesystem can be part of a duplicate group. */
function counts(entry: MergedEntry): boolean {
  return entry.type === "file" && entry.size !== 0 && !!entry.digest;
}

/**
 * Files of the merged filesystem by sha256, and the groups of those
 * sharing one. A digest seen once keeps only its entry; a group is made at
 * the second copy, so a million distinct files cost a map, not a million
 * groups.
 */
function indexDigests(
  entries: Iterable<MergedEntry>,
): {
  byDigest: Map<string, MergedEntry | DuplicateGroup>;
  groups: DuplicateGroup[];
} {
  const byDigest = new Map<string, MergedEntry | DuplicateGroup>();
  const groups: DuplicateGroup[] = [];
  for (const entry of entries) {
    if (!counts(entry)) continue;
    const seen = byDigest.get(entry.digest!);
    if (seen === undefined) byDigest.set(entry.digest!, entry);
    else if ("paths" in seen) seen.paths.push(entry.path);
    else {
      const group = {
        digest: entry.digest!,
        size: seen.size,
        paths: [seen.path, entry.path],
        savableBytes: 0,
      };
      byDigest.set(entry.digest!, group);
      groups.push(group);
    }
  }
  return { byDigest, groups };
}

/** Sorts each group's paths and the groups, most savable first. */
function sortGroups(groups: DuplicateGroup[]): DuplicateGroup[] {
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
