/**
 * layerdiff as a library: open two container image archives, merge their
 * layers with OCI whiteouts applied, and compare the merged filesystems.
 *
 * @example
 * ```ts
 * import { buildDiffReport, openImages, renderJson } from "./mod/mod.ts";
 * const [a, b] = await openImages("app-v1.tar", "app-v2.tar");
 * console.log(renderJson(buildDiffReport(a, b)));
 * ```
 *
 * @module
 */
export {
  type ErrorContext,
  InputError,
  IntegrityError,
  LayerdiffError,
  SelectionError,
  UsageError,
} from "./errors.ts";
export type { EntryType, LayerEntry, LayerIndex } from "./layer/entry.ts";
export type {
  HistoryEntry,
  Image,
  ImageConfig,
  ImageFormat,
  ImageLayer,
} from "./image/image.ts";
export {
  type ImageInput,
  openImage,
  openImages,
  type OpenOptions,
  type Progress,
} from "./image/open_images.ts";
export type { MergedEntry, MergedFs } from "./merge/merged_entry.ts";
export {
  type HideReason,
  mergeLayers,
  type MergeOptions,
} from "./merge/merge_layers.ts";
export { type Change, type ChangedField, diffFs } from "./analyze/diff.ts";
export {
  type SharedLayer,
  type SharedLayers,
  sharedLayers,
} from "./analyze/shared_layers.ts";
export {
  buildDiffReport,
  type DiffReport,
  type DiffSummary,
  type ImageSummary,
} from "./analyze/report.ts";
export { renderJson } from "./render/json.ts";
export { renderTable, type TableOptions } from "./render/table.ts";
