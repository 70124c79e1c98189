import type { LayerEntry } from "../layer/entry.ts";

/** An entry of the merged filesystem, with the layer that put it there. */
export interface MergedEntry extends LayerEntry {
  /** Index (0-based, bottom first) of the layer the entry came from. */
  layer: number;
}

/**
 * The merged filesystem of an image: absolute path → entry, including "/"
 * only when a layer stores it. Iteration order is unspecified; sort with
 * `compareNames` (mod/tar/name.ts) for output.
 */
export type MergedFs = Map<string, MergedEntry>;
