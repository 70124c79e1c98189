/** Words for package changes, shared by the table and Markdown views. */
import type {
  PackageChange,
  PackageDiff,
} from "../analyze/packages/package_diff.ts";
import { formatDelta } from "./format.ts";

/** "+ added", "- removed", "↑ upgraded", "↓ downgraded". */
export const PACKAGE_SIGNS: Record<PackageChange["change"], string> = {
  added: "+",
  removed: "-",
  upgraded: "↑",
  downgraded: "↓",
};

/**
 * "packages explain +212 MB of the +248 MB growth; +36 MB in files no
 * package owns", or undefined when the images hold no packages at all.
 */
export function growthSentence(packages: PackageDiff): string | undefined {
  if (packages.ecosystems.length === 0) return undefined;
  const { total, unowned } = packages.growth;
  return `packages explain ${formatDelta(packages.growth.packages)} of the ${
    formatDelta(total)
  } change in file bytes; ${formatDelta(unowned)} in files no package owns`;
}

/** "3 changed: 1 added, 1 removed, 1 upgraded". */
export function changeCounts(changes: PackageChange[]): string {
  const counts = new Map<string, number>();
  for (const change of changes) {
    counts.set(change.change, (counts.get(change.change) ?? 0) + 1);
  }
  const parts = (["added", "removed", "upgraded", "downgraded"] as const)
    .filter((kind) => counts.has(kind))
    .map((kind) => `${counts.get(kind)} ${kind}`);
  return parts.length === 0 ? "no package changes" : parts.join(", ");
}
