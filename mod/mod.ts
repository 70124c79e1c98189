/**
 * layerdiff as a library: open container image archives, merge their
 * layers with OCI whiteouts applied, compare the merged filesystems, explain
 * the difference (shared layers, attribution, bloat, size by directory,
 * packages, content diffs) and check an image against size budgets.
 * `keepPolicy()` tells the readers which files to keep for the packages
 * section (and `--content`); without it, that section reports every package
 * database as not read.
 *
 * @example
 * ```ts
 * import {
 *   buildDiffReport,
 *   keepPolicy,
 *   openImages,
 *   renderJson,
 * } from "./mod/mod.ts";
 * const [a, b] = await openImages("app-v1.tar", "app-v2.tar", {
 *   keep: keepPolicy(),
 * });
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
  LayerStack,
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
  type DiffReportOptions,
  type DiffSummary,
  type ImageSummary,
} from "./analyze/report.ts";
export type { DiffSections } from "./analyze/diff_sections.ts";
export {
  buildInspectReport,
  type InspectReport,
  type InspectSections,
} from "./analyze/inspect_report.ts";
export {
  type LayerTrace,
  traceImage,
  traceImages,
} from "./analyze/trace_layers.ts";
export { analyzeBloat, type Bloat } from "./analyze/bloat.ts";
export {
  type DiveEfficiency,
  diveEfficiency,
} from "./analyze/dive_efficiency.ts";
export {
  type DirectorySizes,
  directorySizes,
} from "./analyze/directory_sizes.ts";
export { type LayerView, layerViews } from "./analyze/layer_views.ts";
export { type KeepOptions, keepPolicy } from "./analyze/keep_policy.ts";
export {
  type CacheUsage,
  DEFAULT_CACHE_MAX_BYTES,
  defaultCacheDir,
  LayerCache,
  type LayerCacheOptions,
  type LayerKey,
  type PruneResult,
} from "./cache/layer_cache.ts";
export type { KeepPolicy } from "./layer/keep_files.ts";
export type {
  PackageChange,
  PackageDiff,
} from "./analyze/packages/package_diff.ts";
export type { PackageList } from "./analyze/packages/package_list.ts";
export type { ContentChange } from "./analyze/content_changes.ts";
export type { ContentDiff } from "./analyze/content_diff.ts";
export { type TopFile, topFiles } from "./analyze/top_files.ts";
export {
  type ReportOptions,
  type Section,
  SECTIONS,
} from "./analyze/sections.ts";
export { jsonChunks, renderJson } from "./render/json/json.ts";
export { type HtmlOptions, renderHtml } from "./render/html/html.ts";
export {
  type SizeTree,
  sizeTree,
  type TreeOptions,
} from "./analyze/size_tree.ts";
export {
  renderTable,
  tableChunks,
  type TableOptions,
} from "./render/table/table.ts";
export { renderInspectTable } from "./render/table/inspect_table.ts";
export {
  COMMENT_LIMIT,
  type MarkdownOptions,
  renderMarkdown,
} from "./render/markdown/markdown.ts";
export { type Budget, type SizeKind } from "./budget/budget.ts";
export { loadBudgetConfig, parseBudgetConfig } from "./budget/config.ts";
export { evaluateBudget, type EvaluateOptions } from "./budget/evaluate.ts";
export type { RuleResult, Verdict } from "./budget/verdict.ts";
export { parseGrowth, parseRatio, parseSize } from "./budget/limit_value.ts";
export { renderVerdictJson } from "./render/json/verdict_json.ts";
export { renderVerdictMarkdown } from "./render/markdown/verdict_markdown.ts";
export { renderVerdictText } from "./render/table/verdict_text.ts";
