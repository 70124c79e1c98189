/** The parts of a report a user can ask for with `--section`. */
export const SECTIONS = [
  "summary",
  "layers",
  "bloat",
  "directories",
  "files",
  "packages",
  "changes",
] as const;

/**
 * One part of a report: `summary` (sizes and shared layers), `layers` (the
 * per-layer view), `bloat` (wasted bytes, duplicates, dive-compatible
 * figures), `directories` (size by directory), `files` (largest added and
 * grown files), `packages` (installed packages: dpkg, apk, rpm, Python,
 * npm) and `changes` (every changed path; diff only).
 */
export type Section = typeof SECTIONS[number];

/** How much of a report to build, shared by `diff` and `inspect`. */
export interface ReportOptions {
  /** Sections to build, in any order (default: all). */
  sections?: readonly Section[];
  /** Deepest directory level of the size-by-directory tree (default 3). */
  depth?: number;
  /** Rows of the top lists: files, wasted paths, duplicates (default 10). */
  top?: number;
  /** Rows of the size-by-directory tree (default 20). */
  directoryRows?: number;
}

/** The options with their defaults filled in. */
export interface ResolvedOptions {
  sections: Set<Section>;
  depth: number;
  top: number;
  directoryRows: number;
}

/** Fills in the defaults of `ReportOptions`. */
export function resolveOptions(options: ReportOptions): ResolvedOptions {
  return {
    sections: new Set(options.sections ?? SECTIONS),
    depth: options.depth ?? 3,
    top: options.top ?? 10,
    directoryRows: options.directoryRows ?? 20,
  };
}

/** The sections in their fixed order, for the report's `sections` list. */
export function orderedSections(sections: Set<Section>): Section[] {
  return SECTIONS.filter((section) => sections.has(section));
}
