import { addContext, LayerdiffError } from "../errors.ts";
import type { Image } from "../image/image.ts";
import type { LayerIndex } from "../layer/entry.ts";
import { type HideReason, mergeLayers } from "../merge/merge_layers.ts";
import type { MergedEntry, MergedFs } from "../merge/merged_entry.ts";

/** One entry a higher layer hid while the layers were merged. */
export interface HiddenCopy {
  /** The hidden entry; `entry.layer` is the layer that stored it. */
  entry: MergedEntry;
  /** The layer that hid it. */
  byLayer: number;
  reason: HideReason;
  /**
   * What the hide aimed at: the whited-out or replaced path, or the opaque
   * directory. Members of a hidden subtree share their root's.
   */
  root: string;
}

/** An image's merged filesystem plus every entry that did not make it. */
export interface LayerTrace {
  fs: MergedFs;
  /** In the order the merge hid them: by hiding layer, subtrees parents first. */
  hidden: HiddenCopy[];
}

/**
 * Merges the layers once, keeping what each layer hid (subtree members
 * included): the raw material of per-layer attribution and wasted bytes.
 */
export function traceLayers(indexes: LayerIndex[]): LayerTrace {
  const hidden: HiddenCopy[] = [];
  let last: HiddenCopy | undefined;
  const fs = mergeLayers(indexes, {
    onHide: (entry, byLayer, reason) => {
      const continues = last !== undefined && last.byLayer === byLayer &&
        last.reason === reason && isBelow(entry.path, last.root);
      const root = continues
        ? last!.root
        : reason === "opaque"
        ? parentOf(entry.path)
        : entry.path;
      last = { entry, byLayer, reason, root };
      hidden.push(last);
    },
  });
  return { fs, hidden };
}

/**
 * `traceLayers` of an image's layers; an error names the archive and the
 * layer's digest.
 */
export function traceImage(image: Image): LayerTrace {
  try {
    return traceLayers(image.indexes);
  } catch (error) {
    const index = error instanceof LayerdiffError
      ? error.context.layer?.index
      : undefined;
    const layer = index === undefined ? undefined : image.layers[index];
    throw addContext(error, {
      file: image.source,
      ...(layer ? { layer: { index: layer.index, digest: layer.digest } } : {}),
    });
  }
}

/** Whether `path` lies strictly below directory `dir`. */
export function isBelow(path: string, dir: string): boolean {
  return dir === "/"
    ? path !== "/"
    : path.length > dir.length && path.startsWith(dir) &&
      path[dir.length] === "/";
}

/** "/a/b" → "/a", "/a" → "/". */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash <= 0 ? "/" : path.slice(0, slash);
}
