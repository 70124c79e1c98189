/**
 * A budget: the limits an image must stay within, gathered from a config
 * file and flags. An absent limit is no rule.
 */
import type { Growth } from "./limit_value.ts";

/** Which bytes the size rules count: layer tars, or layer blobs as stored. */
export type SizeKind = "uncompressed" | "compressed";

/** The limits of `layerdiff check`, parsed. */
export interface Budget {
  /** Default "uncompressed". */
  sizeKind?: SizeKind;
  /** Largest image size, in bytes of `sizeKind`. */
  maxSize?: number;
  /** Largest growth over the base image, in bytes or percent. */
  maxGrowth?: Growth;
  /** Most wasted bytes: stored file copies the image never shows. */
  maxWasted?: number;
  /** Most wasted bytes by dive's definition (dive's `highest-wasted-bytes`). */
  maxDiveWasted?: number;
  /** Lowest efficiency, 0..1 (dive's `lowest-efficiency`). */
  minEfficiency?: number;
  /** Most wasted bytes per byte above the base layer, 0..1 (dive's `highest-user-wasted-percent`). */
  maxUserWasted?: number;
  /** Most layers. */
  maxLayers?: number;
  /** Largest single file, in bytes. */
  maxFileSize?: number;
  /** Globs no layer may hold. */
  deny?: string[];
  /** Globs left out of the waste and deny rules. */
  ignore?: string[];
  /** Package name globs no installed package may match (`gcc*`, `*-dev`). */
  denyPackage?: string[];
  /** Largest growth of package-owned file bytes over the base image. */
  maxPackageGrowth?: number;
}

/**
 * A config file's budget with flags on top: a limit given as a flag
 * replaces the file's, and the flags' deny, deny-package and ignore globs are added to
 * the file's.
 */
export function mergeBudgets(file: Budget, flags: Budget): Budget {
  const merged: Budget = { ...file };
  for (const [key, value] of Object.entries(flags)) {
    if (value !== undefined) Object.assign(merged, { [key]: value });
  }
  merged.deny = [...file.deny ?? [], ...flags.deny ?? []];
  merged.ignore = [...file.ignore ?? [], ...flags.ignore ?? []];
  merged.denyPackage = [...file.denyPackage ?? [], ...flags.denyPackage ?? []];
  return merged;
}

/** True when the budget holds at least one rule to check. */
export function hasRules(budget: Budget): boolean {
  return budget.maxSize !== undefined || budget.maxGrowth !== undefined ||
    budget.maxWasted !== undefined || budget.maxDiveWasted !== undefined ||
    budget.minEfficiency !== undefined ||
    budget.maxUserWasted !== undefined || budget.maxLayers !== undefined ||
    budget.maxFileSize !== undefined || (budget.deny?.length ?? 0) > 0 ||
    (budget.denyPackage?.length ?? 0) > 0 ||
    budget.maxPackageGrowth !== undefined;
}
