/**
 * The package rules of a budget: `deny-package` (no installed package may
 * match a name glob) and `max-package-growth` (the bytes package-owned
 * files grew by over the base image).
 */
import type { PackageInventory } from "../analyze/packages/scan_packages.ts";
import { UsageError } from "../errors.ts";
import { compareNames } from "../tar/name.ts";
import type { Offender, RuleResult } from "./verdict.ts";

/**
 * A matcher of package names: `*` any run of characters, `?` one, the
 * rest literal and case-sensitive, the whole name matched (`gcc*`,
 * `*-dev`, `python3.?`). Returns the first pattern that matches.
 */
export function packageNameMatcher(
  patterns: readonly string[],
): (name: string) => string | undefined {
  const compiled = patterns.map((pattern) => {
    if (pattern.trim() === "") {
      throw new UsageError(
        `invalid package glob ${JSON.stringify(pattern)}: empty`,
      );
    }
    return {
      pattern,
      regex: new RegExp(
        `^${
          [...pattern.trim()].map((c) =>
            c === "*"
              ? ".*"
              : c === "?"
              ? "."
              : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&")
          ).join("")
        }$`,
        "su",
      ),
    };
  });
  return (name) => compiled.find(({ regex }) => regex.test(name))?.pattern;
}

/** deny-package: every package of the head whose name matches, by name. */
export function deniedPackages(
  inventory: PackageInventory,
  patterns: readonly string[],
  options: { maxOffenders: number },
): RuleResult {
  const match = packageNameMatcher(patterns);
  const offenders: Offender[] = [];
  for (const pkg of inventory.packages) {
    const pattern = match(pkg.name);
    if (pattern === undefined) continue;
    offenders.push({
      path: pkg.location,
      layer: pkg.layer ?? 0,
      package: {
        ecosystem: pkg.ecosystem,
        name: pkg.name,
        version: pkg.version,
      },
      size: pkg.measuredSize,
      pattern,
    });
  }
  offenders.sort((a, b) =>
    compareNames(a.package!.name, b.package!.name) ||
    compareNames(a.path, b.path)
  );
  return {
    rule: "deny-package",
    passed: offenders.length === 0,
    nearLimit: false,
    measured: offenders.length,
    limit: 0,
    unit: "count",
    offenders: offenders.slice(0, options.maxOffenders),
    offenderCount: offenders.length,
  };
}

/**
 * max-package-growth: the head's package-owned file bytes minus the
 * base's; the offenders are the packages that grew most.
 */
export function packageGrowth(
  inventories: { base: PackageInventory; head: PackageInventory },
  limit: number,
  options: { maxOffenders: number; near: number },
): RuleResult {
  const { base, head } = inventories;
  const measured = head.ownedBytes - base.ownedBytes;
  const before = new Map(
    base.packages.map((
      pkg,
    ) => [`${pkg.ecosystem}\0${pkg.name}\0${pkg.arch}`, pkg]),
  );
  const grown: Offender[] = [];
  for (const pkg of head.packages) {
    const old = before.get(`${pkg.ecosystem}\0${pkg.name}\0${pkg.arch}`);
    const delta = pkg.measuredSize - (old?.measuredSize ?? 0);
    if (delta <= 0) continue;
    grown.push({
      path: pkg.location,
      layer: pkg.layer ?? 0,
      package: {
        ecosystem: pkg.ecosystem,
        name: pkg.name,
        version: pkg.version,
      },
      size: delta,
    });
  }
  grown.sort((a, b) =>
    b.size! - a.size! || compareNames(a.package!.name, b.package!.name)
  );
  const passed = measured <= limit;
  return {
    rule: "max-package-growth",
    passed,
    nearLimit: passed && limit > 0 && measured >= limit * options.near,
    measured,
    limit,
    unit: "bytes",
    sizeKind: "uncompressed",
    offenders: passed ? [] : grown.slice(0, options.maxOffenders),
    offenderCount: passed ? 0 : grown.length,
  };
}
