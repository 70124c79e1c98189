import { addContext, LayerdiffError } from "../errors.ts";
import type { Image } from "../image/image.ts";
import type { LayerIndex } from "../layer/entry.ts";
import {
  type HideReason,
  LayerStack,
  mergeLayers,
} from "../merge/merge_layers.ts";
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
  const recorder = new HideRecorder();
  const fs = mergeLayers(indexes, { onHide: recorder.onHide });
  return { fs, hidden: recorder.hidden };
}

/**
 * `traceLayers` of an image's layers; an error names the archive and the
 * layer's digest.
 */
export function traceImage(image: Image): LayerTrace {
  return inImage(image, () => traceLayers(image.indexes));
}

/**
 * `traceImage` of two images at once. The lower layers both hold (the same
 * layer indexes at the same positions, as `openImages` gives a layer read
 * once) are merged once, and both traces share their entries: a common
 * base of a million files costs its merged entries once, not twice.
 */
export function traceImages(
  a: Image,
  b: Image,
): { a: LayerTrace; b: LayerTrace } {
  const base = sharedBase(a, b);
  if (base === 0) return { a: traceImage(a), b: traceImage(b) };
  const { trace, fork, forkHides } = traceForking(a, base);
  inImage(b, () => {
    for (const index of b.indexes.slice(base)) fork.apply(index);
  });
  return { a: trace, b: { fs: fork.merged(), hidden: forkHides.hidden } };
}

/**
 * How many lower layers two images hold in common: the same layer indexes
 * at the same positions, as `openImages` gives a layer read once.
 */
function sharedBase(a: Image, b: Image): number {
  let base = 0;
  while (
    base < a.indexes.length && base < b.indexes.length &&
    a.indexes[base] === b.indexes[base]
  ) base++;
  return base;
}

/**
 * Traces an image, forking the merge after its first `base` layers; the
 * image's merge tree is let go on return, the fork's is kept.
 */
function traceForking(
  image: Image,
  base: number,
): { trace: LayerTrace; fork: LayerStack; forkHides: HideRecorder } {
  const hides = new HideRecorder();
  const stack = new LayerStack({ onHide: hides.onHide });
  return inImage(image, () => {
    for (const index of image.indexes.slice(0, base)) stack.apply(index);
    const forkHides = new HideRecorder([...hides.hidden]);
    const fork = stack.fork({ onHide: forkHides.onHide });
    for (const index of image.indexes.slice(base)) stack.apply(index);
    const trace = { fs: stack.merged(), hidden: hides.hidden };
    return { trace, fork, forkHides };
  });
}

/** Collects hides in merge order, each with the root of its subtree. */
class HideRecorder {
  readonly hidden: HiddenCopy[];
  #last: HiddenCopy | undefined;

  /** Goes on from `hidden`, the hides of the lower layers of another merge. */
  constructor(hidden: HiddenCopy[] = []) {
    this.hidden = hidden;
    this.#last = hidden.at(-1);
  }

  readonly onHide = (
    entry: MergedEntry,
    byLayer: number,
    reason: HideReason,
  ): void => {
    const last = this.#last;
    const continues = last !== undefined && last.byLayer === byLayer &&
      last.reason === reason && isBelow(entry.path, last.root);
    const root = continues
      ? last!.root
      : reason === "opaque"
      ? parentOf(entry.path)
      : entry.path;
    this.#last = { entry, byLayer, reason, root };
    this.hidden.push(this.#last);
  };
}

/** Runs `merge`; an error it throws names the image's archive and layer. */
function inImage<T>(image: Image, merge: () => T): T {
  try {
    return merge();
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
