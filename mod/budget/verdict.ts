/**
 * The verdict of `layerdiff check`: each rule with what was measured, its
 * limit and whether it passed, plus the figures behind them. Plain data;
 * the renderers `verdict_*.ts` under `mod/render/` word it.
 */
import type { BloatFigures } from "./bloat.ts";
import type { SizeKind } from "./budget.ts";

/** Rule names, as the flags and config keys spell them. */
export type RuleName =
  | "max-size"
  | "max-growth"
  | "max-layers"
  | "max-file-size"
  | "max-wasted"
  | "max-dive-wasted"
  | "min-efficiency"
  | "max-user-wasted"
  | "deny"
  | "deny-package"
  | "max-package-growth";

/**
 * What `measured` and `limit` count: bytes, percent of the base image's
 * size (max-growth given in %), a ratio 0..1, or a count.
 */
export type RuleUnit = "bytes" | "percent" | "ratio" | "count";

/**
 * A path that breaks a rule: a file over max-file-size, a denied path, or
 * a package (denied, or among those that grew most) recorded at `path`.
 */
export interface Offender {
  path: string;
  /** The lowest layer (0-based) that stores the path. */
  layer: number;
  /** File bytes (max-file-size); a package's bytes, or its growth (max-package-growth). */
  size?: number;
  /** deny-package and max-package-growth: the package. */
  package?: { ecosystem: string; name: string; version: string };
  /** The glob that matched (deny). */
  pattern?: string;
}

/** One rule's result. */
export interface RuleResult {
  rule: RuleName;
  passed: boolean;
  /** Passed, but at 90% or more of a maximum: worth a warning. */
  nearLimit: boolean;
  measured: number;
  limit: number;
  unit: RuleUnit;
  /**
   * The bytes counted: the image's size kind for max-size and max-growth;
   * always "uncompressed" (file bytes) for the file-level and bloat rules;
   * absent for max-layers and deny.
   */
  sizeKind?: SizeKind;
  /** max-growth: the base and head sizes compared, in bytes of `sizeKind`. */
  sizes?: { base: number; head: number };
  /** max-file-size and deny: the first offenders, largest or by path. */
  offenders?: Offender[];
  /** How many offenders there are in all. */
  offenderCount?: number;
}

/** The facts of one image the verdict reports. */
export interface ImageFigures {
  source: string;
  reference: string | null;
  platform: string;
  /** Bytes of the layer tars. */
  size: number;
  /** Bytes of the layer blobs as stored. */
  compressedSize: number;
  layers: number;
}

/** The outcome of checking an image against a budget. */
export interface Verdict {
  passed: boolean;
  sizeKind: SizeKind;
  rules: RuleResult[];
  head: ImageFigures;
  base: ImageFigures | null;
  /** Head size minus base size, in bytes of `sizeKind`; null without a base. */
  sizeDelta: number | null;
  bloat: BloatFigures;
}
