import type { Image } from "../image/image.ts";
import { compareNames } from "../tar/name.ts";
import { analyzeBloat } from "./bloat.ts";
import { contentChanges } from "./content_changes.ts";
import type { Change } from "./diff.ts";
import type { DiffSections } from "./diff_sections.ts";
import { directorySizes } from "./directory_sizes.ts";
import { CONTENT_FILE_LIMIT } from "./keep_policy.ts";
import { type LayerView, layerViews } from "./layer_views.ts";
import { diffPackages } from "./packages/package_diff.ts";
import { scanPackages } from "./packages/scan_packages.ts";
import {
  orderedSections,
  type ReportOptions,
  resolveOptions,
} from "./sections.ts";
import { sharedLayerDetails, sharedLayers } from "./shared_layers.ts";
import { sizeTree, type TreeOptions } from "./size_tree.ts";
import { topFiles } from "./top_files.ts";
import type { LayerTrace } from "./trace_layers.ts";

/** Which modified files' content a diff shows (`--content`). */
export interface ContentOptions {
  /** Paths whose content diff to show; their bytes must have been kept. */
  content?: (path: string) => boolean;
  /** The per-file cap the bytes were kept with (default 256 KiB), for the report. */
  contentLimit?: number;
}

/**
 * Builds the asked-for sections of a diff's explanation from both images,
 * their merge traces and the diff's changes.
 */
export function explainDiff(
  images: { a: Image; b: Image },
  options: ReportOptions & ContentOptions & TreeOptions & {
    traces: { a: LayerTrace; b: LayerTrace };
    changes: Change[];
  },
): DiffSections {
  const { a, b } = images;
  const { traces, changes } = options;
  const { sections, depth, top, directoryRows } = resolveOptions(options);
  const report: DiffSections = { sections: orderedSections(sections) };
  const removedBy = removedByLayer(changes, traces.b);
  if (sections.has("summary")) {
    report.sharedLayers = sharedLayerDetails(a.layers, b.layers);
  }
  if (sections.has("layers")) {
    report.layers = {
      a: layerViews(a, traces.a),
      b: layerViews(b, traces.b),
    };
    markShared(report.layers, sharedLayers(a.layers, b.layers).sharedPrefix);
    countChanges(report.layers, changes, removedBy);
  }
  if (sections.has("bloat")) {
    report.bloat = {
      a: analyzeBloat(a.indexes, traces.a, { top }),
      b: analyzeBloat(b.indexes, traces.b, { top }),
    };
  }
  if (sections.has("directories")) {
    report.directories = directorySizes(changes, {
      depth,
      rows: directoryRows,
    });
  }
  if (sections.has("files")) {
    report.topFiles = topFiles(changes, b.layers, { top });
  }
  if (sections.has("packages")) {
    report.packages = diffPackages({
      a: scanPackages(a.indexes, traces.a.fs),
      b: scanPackages(b.indexes, traces.b.fs),
    }, { changes, removedBy, top });
  }
  if (sections.has("changes")) {
    report.removedBy = [...removedBy]
      .map(([path, layer]) => ({ path, layer }))
      .sort((x, y) => compareNames(x.path, y.path));
    if (options.content) {
      report.contentChanges = contentChanges(images, {
        changes,
        content: options.content,
        limit: options.contentLimit ?? CONTENT_FILE_LIMIT,
      });
    }
  }
  if (options.tree) report.tree = sizeTree(traces);
  return report;
}

/** Removed paths that a layer of B deleted (it had them, then hid them). */
function removedByLayer(
  changes: Change[],
  trace: LayerTrace,
): Map<string, number> {
  const lastHide = new Map<string, number>();
  for (const { entry, byLayer } of trace.hidden) {
    lastHide.set(entry.path, byLayer);
  }
  const removedBy = new Map<string, number>();
  for (const change of changes) {
    const layer = lastHide.get(change.path);
    if (change.change === "removed" && layer !== undefined) {
      removedBy.set(change.path, layer);
    }
  }
  return removedBy;
}

/** Marks each layer with its match (same diffID) in the other image. */
function markShared(
  layers: { a: LayerView[]; b: LayerView[] },
  prefix: number,
): void {
  const firstIndex = (views: LayerView[]) => {
    const index = new Map<string, number>();
    for (const view of views) {
      if (!index.has(view.diffId)) index.set(view.diffId, view.index);
    }
    return index;
  };
  const other = { a: firstIndex(layers.b), b: firstIndex(layers.a) };
  for (const side of ["a", "b"] as const) {
    for (const view of layers[side]) {
      view.sharedIndex = other[side].get(view.diffId) ?? null;
      view.sharedPrefix = view.index < prefix;
    }
  }
}

function countChanges(
  layers: { a: LayerView[]; b: LayerView[] },
  changes: Change[],
  removedBy: Map<string, number>,
): void {
  const zero = () => ({ added: 0, modified: 0, removed: 0 });
  for (const view of [...layers.a, ...layers.b]) view.changes = zero();
  for (const change of changes) {
    if (change.b) layers.b[change.b.layer].changes![change.change]++;
    if (change.a) {
      layers.a[change.a.layer].changes![change.change]++;
    }
    const by = removedBy.get(change.path);
    if (by !== undefined) layers.b[by].changes!.removed++;
  }
}
