import type { ImageLayer } from "../image/image.ts";
import { compareNames } from "../tar/name.ts";
import { fileBytes, type SizedPath } from "./directory_sizes.ts";

/** A file that was added or grew, with the layer that wrote it. */
export interface TopFile {
  path: string;
  /** Content bytes before; null when the path did not exist (and for inspect). */
  before: number | null;
  after: number;
  /** after − before (the size, when before is null). */
  delta: number;
  /** The layer of B (or of the inspected image) the file comes from. */
  layer: number;
  /** That layer's history step, whole; null when unknown. */
  createdBy: string | null;
}

/**
 * The `top` largest added or grown regular files, largest growth first.
 * Candidates are trimmed to the top as they come, so a million added files
 * never make a million-row list.
 */
export function topFiles(
  paths: Iterable<SizedPath>,
  layers: ImageLayer[],
  options: { top: number },
): TopFile[] {
  const order = (x: TopFile, y: TopFile) =>
    y.delta - x.delta || compareNames(x.path, y.path);
  const trimAt = 2 * options.top + 1024;
  const grown: TopFile[] = [];
  for (const { path, a, b } of paths) {
    if (b?.type !== "file") continue;
    const delta = b.size - fileBytes(a);
    if (delta <= 0) continue;
    grown.push({
      path,
      before: a ? fileBytes(a) : null,
      after: b.size,
      delta,
      layer: b.layer,
      createdBy: layers[b.layer]?.createdBy ?? null,
    });
    if (grown.length >= trimAt) grown.sort(order).length = options.top;
  }
  return grown.sort(order).slice(0, options.top);
}
