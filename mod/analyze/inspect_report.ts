import type { Image } from "../image/image.ts";
import { analyzeBloat, type Bloat } from "./bloat.ts";
import {
  type DirectorySizes,
  directorySizes,
  type SizedPath,
} from "./directory_sizes.ts";
import { type LayerView, layerViews } from "./layer_views.ts";
import { type ImageSummary, summarizeImage } from "./report.ts";
import {
  orderedSections,
  type ReportOptions,
  resolveOptions,
  type Section,
} from "./sections.ts";
import { type TopFile, topFiles } from "./top_files.ts";
import { traceImage } from "./trace_layers.ts";

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
}

/** The report of `layerdiff inspect`: one image explained. */
export interface InspectReport {
  schemaVersion: 1;
  image: ImageSummary;
  report: InspectSections;
}

/**
 * Merges one image and explains it: its layers and what each did, its
 * bloat, its size by directory and its largest files. The `changes`
 * section does not apply and is ignored.
 */
export function buildInspectReport(
  image: Image,
  options: ReportOptions = {},
): InspectReport {
  const { sections, depth, top, directoryRows } = resolveOptions(options);
  sections.delete("changes");
  const trace = traceImage(image);
  const paths: SizedPath[] = [...trace.fs.values()].map((entry) => ({
    path: entry.path,
    a: null,
    b: entry,
  }));
  const report: InspectSections = { sections: orderedSections(sections) };
  if (sections.has("summary")) {
    const files = [...trace.fs.values()].filter((e) => e.type === "file");
    report.summary = {
      entries: trace.fs.size,
      files: files.length,
      fileBytes: files.reduce((sum, entry) => sum + entry.size, 0),
    };
  }
  if (sections.has("layers")) report.layers = layerViews(image, trace);
  if (sections.has("bloat")) {
    report.bloat = analyzeBloat(image.indexes, trace, { top });
  }
  if (sections.has("directories")) {
    report.directories = directorySizes(paths, { depth, rows: directoryRows });
  }
  if (sections.has("files")) {
    report.topFiles = topFiles(paths, image.layers, { top });
  }
  return { schemaVersion: 1, image: summarizeImage(image), report };
}
