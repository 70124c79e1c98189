import {
  type PackageError,
  scanPackages,
} from "../analyze/packages/scan_packages.ts";
import { type LayerTrace, traceImage } from "../analyze/trace_layers.ts";
import { UsageError } from "../errors.ts";
import type { Image } from "../image/image.ts";
import { compareNames } from "../tar/name.ts";
import { type MeasureBloat, measureBloat } from "./bloat.ts";
import type { Budget } from "./budget.ts";
import { globMatcher } from "./glob.ts";
import { deniedPackages, packageGrowth } from "./package_rules.ts";
import type {
  ImageFigures,
  Offender,
  RuleResult,
  RuleUnit,
  Verdict,
} from "./verdict.ts";

/** The image to check and, for growth, the image it grew from. */
export interface CheckSubject {
  head: Image;
  base?: Image;
}

/** Options of `evaluateBudget`. */
export interface EvaluateOptions {
  /** How to measure bloat (default `measureBloat`). */
  measureBloat?: MeasureBloat;
  /** The head's merge trace, when the caller made it already (for its report). */
  trace?: LayerTrace;
  /** The base's merge trace, likewise (for max-package-growth). */
  baseTrace?: LayerTrace;
  /** Told of each package database the package rules could not read (fully). */
  onPackageError?: (error: PackageError & { image: "head" | "base" }) => void;
}

/** Offenders kept in a verdict; the count says how many there are. */
const MAX_OFFENDERS = 20;

/** A passed maximum at this share of its limit or more is near it. */
const NEAR = 0.9;

/**
 * Checks an image against a budget. A limit is inclusive: a measured value
 * equal to a maximum (or minimum) passes. Throws a UsageError when
 * max-growth is set without a base image.
 *
 * @example
 * const head = await openImage("app.tar");
 * const verdict = evaluateBudget({ maxSize: 500e6 }, { head });
 * verdict.passed; // true when app.tar's layers are at most 500 MB
 */
export function evaluateBudget(
  budget: Budget,
  subject: CheckSubject,
  options: EvaluateOptions = {},
): Verdict {
  const { head, base } = subject;
  if (budget.maxGrowth && !base) {
    throw new UsageError("max-growth needs a base image (--base)");
  }
  if (budget.maxPackageGrowth !== undefined && !base) {
    throw new UsageError("max-package-growth needs a base image (--base)");
  }
  const sizeKind = budget.sizeKind ?? "uncompressed";
  const ignored = globMatcher(budget.ignore ?? []);
  const bloat = (options.measureBloat ?? measureBloat)(head, {
    ignore: budget.ignore?.length
      ? (path) => ignored(path) !== undefined
      : undefined,
    trace: options.trace,
  });
  const headFigures = figures(head), baseFigures = base && figures(base);
  const sizeOf = (image: ImageFigures) =>
    sizeKind === "compressed" ? image.compressedSize : image.size;
  const rules: RuleResult[] = [];
  if (budget.maxSize !== undefined) {
    rules.push({
      ...atMost("max-size", sizeOf(headFigures), budget.maxSize, "bytes"),
      sizeKind,
    });
  }
  if (budget.maxGrowth && baseFigures) {
    const sizes = { base: sizeOf(baseFigures), head: sizeOf(headFigures) };
    const result = "percent" in budget.maxGrowth
      ? growthPercent(sizes, budget.maxGrowth.percent)
      : atMost(
        "max-growth",
        sizes.head - sizes.base,
        budget.maxGrowth.bytes,
        "bytes",
      );
    rules.push({ ...result, sizeKind, sizes });
  }
  if (budget.maxLayers !== undefined) {
    rules.push(
      atMost("max-layers", head.layers.length, budget.maxLayers, "count"),
    );
  }
  if (budget.maxFileSize !== undefined) {
    rules.push(largestFile(head, budget.maxFileSize));
  }
  if (budget.maxWasted !== undefined) {
    rules.push({
      ...atMost("max-wasted", bloat.wastedBytes, budget.maxWasted, "bytes"),
      sizeKind: "uncompressed",
    });
  }
  if (budget.maxDiveWasted !== undefined) {
    rules.push({
      ...atMost(
        "max-dive-wasted",
        bloat.diveWastedBytes,
        budget.maxDiveWasted,
        "bytes",
      ),
      sizeKind: "uncompressed",
    });
  }
  if (budget.minEfficiency !== undefined) {
    const passed = bloat.efficiency >= budget.minEfficiency;
    rules.push({
      rule: "min-efficiency",
      passed,
      nearLimit: false,
      measured: bloat.efficiency,
      limit: budget.minEfficiency,
      unit: "ratio",
      sizeKind: "uncompressed",
    });
  }
  if (budget.maxUserWasted !== undefined) {
    rules.push({
      ...atMost(
        "max-user-wasted",
        bloat.userWastedRatio,
        budget.maxUserWasted,
        "ratio",
      ),
      sizeKind: "uncompressed",
    });
  }
  if (budget.deny?.length) rules.push(denied(head, budget, ignored));
  if (budget.denyPackage?.length || budget.maxPackageGrowth !== undefined) {
    const trace = options.trace ?? traceImage(head);
    const inventory = scanPackages(head.indexes, trace.fs);
    for (const error of inventory.errors) {
      options.onPackageError?.({ ...error, image: "head" });
    }
    if (budget.denyPackage?.length) {
      rules.push(
        deniedPackages(inventory, budget.denyPackage, {
          maxOffenders: MAX_OFFENDERS,
        }),
      );
    }
    if (budget.maxPackageGrowth !== undefined && base) {
      const baseTrace = options.baseTrace ?? traceImage(base);
      const baseInventory = scanPackages(base.indexes, baseTrace.fs);
      for (const error of baseInventory.errors) {
        options.onPackageError?.({ ...error, image: "base" });
      }
      rules.push(packageGrowth(
        { base: baseInventory, head: inventory },
        budget.maxPackageGrowth,
        { maxOffenders: MAX_OFFENDERS, near: NEAR },
      ));
    }
  }
  return {
    passed: rules.every((rule) => rule.passed),
    sizeKind,
    rules,
    head: headFigures,
    base: baseFigures ?? null,
    sizeDelta: baseFigures ? sizeOf(headFigures) - sizeOf(baseFigures) : null,
    bloat,
  };
}

function atMost(
  rule: RuleResult["rule"],
  measured: number,
  limit: number,
  unit: RuleUnit,
): RuleResult {
  const passed = measured <= limit;
  return {
    rule,
    passed,
    nearLimit: passed && limit > 0 && measured >= limit * NEAR,
    measured,
    limit,
    unit,
  };
}

/**
 * max-growth in percent, decided without rounding: growth of exactly the
 * limit passes (7 % of 51200 is not 7.000000000000001 %).
 */
function growthPercent(
  sizes: { base: number; head: number },
  limit: number,
): RuleResult {
  const delta = sizes.head - sizes.base;
  const measured = sizes.base > 0
    ? (delta * 100) / sizes.base
    : delta > 0
    ? Infinity
    : 0;
  const passed = delta * 100 <= limit * sizes.base;
  return {
    ...atMost("max-growth", measured, limit, "percent"),
    passed,
    nearLimit: passed && limit > 0 && measured >= limit * NEAR,
  };
}

/** max-file-size: every file any layer stores, hidden later or not, ships. */
function largestFile(image: Image, limit: number): RuleResult {
  const files = new Map<string, Offender>();
  image.indexes.forEach((layer, i) => {
    for (const entry of layer.entries.values()) {
      if (entry.type !== "file") continue;
      const seen = files.get(entry.path);
      if (!seen || entry.size > seen.size!) {
        files.set(entry.path, { path: entry.path, layer: i, size: entry.size });
      }
    }
  });
  let largest = 0;
  const over: Offender[] = [];
  for (const file of files.values()) {
    largest = Math.max(largest, file.size!);
    if (file.size! > limit) over.push(file);
  }
  over.sort((a, b) => b.size! - a.size! || compareNames(a.path, b.path));
  return {
    ...atMost("max-file-size", largest, limit, "bytes"),
    sizeKind: "uncompressed",
    offenders: over.slice(0, MAX_OFFENDERS),
    offenderCount: over.length,
  };
}

/**
 * deny: paths any layer stores, even when a later layer deletes them (the
 * bytes still ship). A tree is listed once, by its topmost matching path.
 */
function denied(
  image: Image,
  budget: Budget,
  ignored: (path: string) => string | undefined,
): RuleResult {
  const match = globMatcher(budget.deny ?? []);
  const found = new Map<string, Offender>();
  image.indexes.forEach((layer, i) => {
    for (const path of layer.entries.keys()) {
      if (ignored(path) !== undefined || match(path) === undefined) continue;
      const top = [...ancestors(path), path].find((p) => match(p))!;
      if (!found.has(top)) {
        found.set(top, { path: top, layer: i, pattern: match(top) });
      }
    }
  });
  const offenders = [...found.values()].sort((a, b) =>
    compareNames(a.path, b.path)
  );
  return {
    ...atMost("deny", offenders.length, 0, "count"),
    offenders: offenders.slice(0, MAX_OFFENDERS),
    offenderCount: offenders.length,
  };
}

/** The parent directories of a path, from the root down ("/a", "/a/b"). */
function ancestors(path: string): string[] {
  const dirs: string[] = [];
  for (let i = path.indexOf("/", 1); i > 0; i = path.indexOf("/", i + 1)) {
    dirs.push(path.slice(0, i));
  }
  return dirs;
}

function figures(image: Image): ImageFigures {
  return {
    source: image.source,
    reference: image.reference ?? null,
    platform: image.platform,
    size: image.layers.reduce((sum, layer) => sum + layer.size, 0),
    compressedSize: image.layers.reduce(
      (sum, layer) => sum + layer.compressedSize,
      0,
    ),
    layers: image.layers.length,
  };
}
