import type { Image, ImageFormat, ImageTransport } from "../image/image.ts";
import { type Change, diffFs } from "./diff.ts";
import type { DiffSections } from "./diff_sections.ts";
import { type ContentOptions, explainDiff } from "./explain_diff.ts";
import type { ReportOptions } from "./sections.ts";
import { type SharedLayers, sharedLayers } from "./shared_layers.ts";
import type { TreeOptions } from "./size_tree.ts";
import { type LayerTrace, traceImage, traceImages } from "./trace_layers.ts";

/** One image as the report shows it (the JSON `Image`). */
export interface ImageSummary {
  source: string;
  format: ImageFormat;
  transport: ImageTransport;
  reference: string | null;
  /** `docker://host/repo@sha256:…` for a registry image, else null. */
  resolvedReference: string | null;
  manifestDigest: string | null;
  configDigest: string;
  platform: string;
  /** Uncompressed bytes of all layers. */
  size: number;
  /** Stored bytes of all layers. */
  compressedSize: number;
  layers: {
    index: number;
    digest: string;
    diffId: string;
    mediaType: string;
    compressedSize: number;
    size: number;
    createdBy: string | null;
    entries: number;
  }[];
}

/** Counts and byte totals of a diff. */
export interface DiffSummary {
  added: number;
  removed: number;
  modified: number;
  /** Bytes of added entries (in B). */
  addedBytes: number;
  /** Bytes of removed entries (in A). */
  removedBytes: number;
  /** Uncompressed size of B minus that of A. */
  sizeDelta: number;
  sharedLayers: number;
}

/** The report of `layerdiff diff`: every renderer formats this. */
export interface DiffReport {
  schemaVersion: 1;
  images: { a: ImageSummary; b: ImageSummary };
  summary: DiffSummary;
  changes: Change[];
  layers: SharedLayers;
  report: DiffSections;
}

/** Options of `buildDiffReport`. */
export interface DiffReportOptions
  extends ReportOptions, ContentOptions, TreeOptions {
  /** Count mtime changes (default false). */
  mtime?: boolean;
  /** The images' merge traces, when the caller made them already. */
  traces?: { a?: LayerTrace; b?: LayerTrace };
}

/**
 * Merges both images (their common lower layers once, see `traceImages`),
 * diffs them and gathers the report, with the sections of
 * `options.sections` (all by default).
 */
export function buildDiffReport(
  a: Image,
  b: Image,
  options: DiffReportOptions = {},
): DiffReport {
  const given = options.traces ?? {};
  const traces = !given.a && !given.b ? traceImages(a, b) : {
    a: given.a ?? traceImage(a),
    b: given.b ?? traceImage(b),
  };
  const changes = diffFs(traces.a.fs, traces.b.fs, options);
  const layers = sharedLayers(a.layers, b.layers);
  const images = { a: summarizeImage(a), b: summarizeImage(b) };
  let addedBytes = 0, removedBytes = 0;
  const counts = { added: 0, removed: 0, modified: 0 };
  for (const change of changes) {
    counts[change.change]++;
    if (change.change === "added") addedBytes += change.b!.size;
    if (change.change === "removed") removedBytes += change.a!.size;
  }
  return {
    schemaVersion: 1,
    images,
    summary: {
      ...counts,
      addedBytes,
      removedBytes,
      sizeDelta: images.b.size - images.a.size,
      sharedLayers: layers.shared.length,
    },
    changes,
    layers,
    report: explainDiff({ a, b }, { ...options, traces, changes }),
  };
}

/** The JSON `Image` of an image. */
export function summarizeImage(image: Image): ImageSummary {
  return {
    source: image.source,
    format: image.format,
    transport: image.transport,
    reference: image.reference ?? null,
    resolvedReference: image.resolvedReference ?? null,
    manifestDigest: image.manifestDigest ?? null,
    configDigest: image.configDigest,
    platform: image.platform,
    size: image.layers.reduce((sum, layer) => sum + layer.size, 0),
    compressedSize: image.layers.reduce(
      (sum, layer) => sum + layer.compressedSize,
      0,
    ),
    layers: image.layers.map((layer) => ({
      index: layer.index,
      digest: layer.digest,
      diffId: layer.diffId,
      mediaType: layer.mediaType,
      compressedSize: layer.compressedSize,
      size: layer.size,
      createdBy: layer.createdBy ?? null,
      entries: layer.entries,
    })),
  };
}
