/**
 * The bloat figures the budget rules read, taken from the analysis the
 * reports show (`mod/analyze/bloat.ts`), so a rule and the report it comes
 * with agree:
 *
 * - wasted bytes: content bytes of every stored file copy the merged
 *   filesystem hides (overwritten, deleted, under an opaque directory);
 * - dive's figures (wagoodman/dive, filetree/efficiency.go), so `.dive-ci`
 *   limits keep their meaning: dive's wasted bytes (every copy of a path
 *   stored in two or more layers, the kept one included), efficiency, and
 *   wasted bytes per byte of the layers above the first.
 *
 * Ignored paths are taken out of the layers before measuring.
 */
import { analyzeBloat } from "../analyze/bloat.ts";
import { type LayerTrace, traceImage } from "../analyze/trace_layers.ts";
import type { Image } from "../image/image.ts";
import type { LayerIndex } from "../layer/entry.ts";

/** The bloat figures of one image. */
export interface BloatFigures {
  /** Bytes of stored file copies the image never shows. */
  wastedBytes: number;
  /** dive's wasted bytes. */
  diveWastedBytes: number;
  /** dive's efficiency, 0..1; 1 when no path is stored twice. */
  efficiency: number;
  /**
   * dive's user-wasted percent, as a ratio: dive's wasted bytes over the
   * content bytes of every layer but the first (may exceed 1). When those
   * layers hold no bytes, the divisor is 1.
   */
  userWastedRatio: number;
}

/** Options of `measureBloat`. */
export interface MeasureOptions {
  /** Paths to leave out; absent when nothing is ignored. */
  ignore?: (path: string) => boolean;
  /** The image's merge trace, when already made; used when nothing is ignored. */
  trace?: LayerTrace;
}

/** Measures an image's bloat; tests and other analyses can stand in. */
export type MeasureBloat = (
  image: Image,
  options: MeasureOptions,
) => BloatFigures;

/**
 * Measures an image's bloat, leaving out paths `ignore` returns true for.
 * Without `ignore`, a given `trace` saves merging the layers again.
 */
export function measureBloat(
  image: Image,
  options: MeasureOptions = {},
): BloatFigures {
  const { ignore } = options;
  const kept = ignore
    ? { ...image, indexes: image.indexes.map((i) => withoutPaths(i, ignore)) }
    : image;
  const trace = !ignore && options.trace ? options.trace : traceImage(kept);
  const bloat = analyzeBloat(kept.indexes, trace, { top: 0 });
  const dive = bloat.dive;
  return {
    wastedBytes: bloat.wastedBytes,
    diveWastedBytes: dive.wastedBytes,
    efficiency: dive.efficiency,
    userWastedRatio: dive.userWastedPercent ?? dive.wastedBytes,
  };
}

/** A layer without the ignored paths (and hard links to them). */
function withoutPaths(
  index: LayerIndex,
  ignore: (path: string) => boolean,
): LayerIndex {
  const kept = (path: string) => !ignore(path);
  return {
    entries: new Map(
      [...index.entries].filter(([path, entry]) =>
        kept(path) && (entry.type !== "hardlink" || kept(entry.target!))
      ),
    ),
    whiteouts: new Set([...index.whiteouts].filter(kept)),
    opaqueDirs: new Set([...index.opaqueDirs].filter(kept)),
  };
}
