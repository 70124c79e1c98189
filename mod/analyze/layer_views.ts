import type { Image } from "../image/image.ts";
import type { MergedEntry } from "../merge/merged_entry.ts";
import type { LayerTrace } from "./trace_layers.ts";

/** Diff changes a layer accounts for (see `LayerView.changes`). */
export interface LayerChanges {
  added: number;
  modified: number;
  removed: number;
}

/**
 * One layer of one image and what it does to the merged filesystem below
 * it (the layers under it merged). Counts cover files, symlinks, hard links
 * and devices; directories are left out, since every layer restates its
 * parents. Byte counts are regular-file content.
 */
export interface LayerView {
  index: number;
  diffId: string;
  /** Uncompressed bytes of the layer tar. */
  size: number;
  /** Stored bytes of the layer blob. */
  compressedSize: number;
  /** The history step that made the layer, whole; null when unknown. */
  createdBy: string | null;
  /** Paths the layer writes that did not exist below it. */
  added: number;
  /** Paths the layer writes over an entry that existed below it. */
  modified: number;
  /** Paths below it that the layer deletes (whiteout, opaque marker, replacement by a directory). */
  removed: number;
  /** Content bytes the layer writes and keeps (its added and modified files). */
  addedBytes: number;
  /** Content bytes of lower layers that this layer hides (deletes or overwrites). */
  removedBytes: number;
  /** Content bytes this layer stores that the merged filesystem does not show. */
  wastedBytes: number;
  /** diff only: index of the layer with the same diffID in the other image, or null. */
  sharedIndex?: number | null;
  /** diff only: whether the layer is part of the common base (the shared prefix). */
  sharedPrefix?: boolean;
  /**
   * diff only: changes whose entry in this image comes from this layer
   * (B: added and modified; A: removed and modified), and in B the paths of
   * A that this layer deletes.
   */
  changes?: LayerChanges;
}

/** The per-layer view of an image, from its merge trace. */
export function layerViews(image: Image, trace: LayerTrace): LayerView[] {
  const views: LayerView[] = image.layers.map((layer) => ({
    index: layer.index,
    diffId: layer.diffId,
    size: layer.size,
    compressedSize: layer.compressedSize,
    createdBy: layer.createdBy ?? null,
    added: 0,
    modified: 0,
    removed: 0,
    addedBytes: 0,
    removedBytes: 0,
    wastedBytes: 0,
  }));
  // Paths each layer found below it and hid: it removed or overwrote them.
  const hidBelow = views.map(() => new Map<string, MergedEntry>());
  // Versions a layer wrote that did not survive the layer itself.
  const diedYoung = new Set<MergedEntry>();
  for (const { entry, byLayer } of trace.hidden) {
    if (entry.type === "file") views[entry.layer].wastedBytes += entry.size;
    if (entry.layer === byLayer) {
      diedYoung.add(entry);
      continue;
    }
    hidBelow[byLayer].set(entry.path, entry);
    if (entry.type === "file") views[byLayer].removedBytes += entry.size;
  }
  // Paths each layer wrote that a higher layer hid; what it wrote that
  // is still visible is looked up in the merged filesystem instead.
  const overwritten = views.map(() => new Set<string>());
  const visit = (entry: MergedEntry) => {
    if (entry.type === "dir" || diedYoung.has(entry)) return false;
    const view = views[entry.layer];
    if (hidBelow[entry.layer].has(entry.path)) view.modified++;
    else view.added++;
    if (entry.type === "file") view.addedBytes += entry.size;
    return true;
  };
  for (const entry of trace.fs.values()) visit(entry);
  for (const { entry } of trace.hidden) {
    if (visit(entry)) overwritten[entry.layer].add(entry.path);
  }
  const wrote = (layer: number, path: string) => {
    const visible = trace.fs.get(path);
    return (visible?.layer === layer && visible.type !== "dir") ||
      overwritten[layer].has(path);
  };
  hidBelow.forEach((paths, i) => {
    for (const [path, entry] of paths) {
      if (entry.type !== "dir" && !wrote(i, path)) views[i].removed++;
    }
  });
  return views;
}
