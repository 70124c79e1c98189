import type { Image } from "../image/image.ts";
import type { MergedEntry } from "../merge/merged_entry.ts";
import { analyzeBloat, type Bloat } from "./bloat.ts";
import {
  type DirectorySizes,
  directorySizes,
  type SizedPath,
} from "./directory_sizes.ts";
import { type LayerView, layerViews } from "./layer_views.ts";
import { listPackages, type PackageList } from "./packages/package_list.ts";
import { scanPackages } from "./packages/scan_packages.ts";
import { type ImageSummary, summarizeImage } from "./report.ts";
import {
  orderedSections,
  type ReportOptions,
  resolveOptions,
  type Section,
} from "./sections.ts";
import { type SizeTree, sizeTree, type TreeOptions } from "./size_tree.ts";
import { type TopFile, topFiles } from "./top_files.ts";
import { type LayerTrace, traceImage } from "./trace_layers.ts";

/** What the merged filesystem of one image holds. */
export interface FsSummary {
  /** Entries of the merged filesystem, directories included. */
  entries: number;
  /** Regular files. */
  files: number;
  /** Content bytes of the regular files. */
  fileBytes: number;
}

/** The sections of an inspect report (the JSON `report`). */
export interface InspectSections {
  sections: Section[];
  /** summary: what the merged filesystem holds. */
  summary?: FsSummary;
  layers?: LayerView[];
  bloat?: Bloat;
  /** directories: bytes by directory (all "added", as if diffed against an empty image). */
  directories?: DirectorySizes;
  /** files: the largest files. */
  topFiles?: TopFile[];
  /** packages: the installed packages, largest first. */
  packages?: PackageList;
  /** With `tree: true` (the HTML view): every path with its size and layer, and the hidden copies. */
  tree?: SizeTree;
}

/** The report of `layerdiff inspect`: one image explained. */
export interface InspectReport {
  schemaVersion: 1;
  image: ImageSummary;
  report: InspectSections;
}

/**
 * Merges one image and explains it: its layers and what each did, its
 * bloat, its size by directory, its largest files and its packages. The `changes`
 * section does not apply and is ignored.
 */
export function buildInspectReport(
  image: Image,
  options: ReportOptions & TreeOptions & {
    /** The image's merge trace, when the caller made it already. */
    trace?: LayerTrace;
  } = {},
): InspectReport {
  const { sections, depth, top, directoryRows } = resolveOptions(options);
  sections.delete("changes");
  const trace = options.trace ?? traceImage(image);
  const paths = () => asAdded(trace.fs.values());
  const report: InspectSections = { sections: orderedSections(sections) };
  if (sections.has("summary")) {
    const summary = { entries: trace.fs.size, files: 0, fileBytes: 0 };
    for (const entry of trace.fs.values()) {
      if (entry.type !== "file") continue;
      summary.files++;
      summary.fileBytes += entry.size;
    }
    report.summary = summary;
  }
  if (sections.has("layers")) report.layers = layerViews(image, trace);
  if (sections.has("bloat")) {
    report.bloat = analyzeBloat(image.indexes, trace, { top });
  }
  if (sections.has("directories")) {
    report.directories = directorySizes(paths(), {
      depth,
      rows: directoryRows,
    });
  }
  if (sections.has("files")) {
    report.topFiles = topFiles(paths(), image.layers, { top });
  }
  if (sections.has("packages")) {
    report.packages = listPackages(scanPackages(image.indexes, trace.fs));
  }
  if (options.tree) report.tree = sizeTree({ b: trace });
  return { schemaVersion: 1, image: summarizeImage(image), report };
}

/** Every entry as if added to an empty image, made one at a time. */
function* asAdded(entries: Iterable<MergedEntry>): Generator<SizedPath> {
  for (const entry of entries) yield { path: entry.path, a: null, b: entry };
}
