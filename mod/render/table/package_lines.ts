import type { ImageSummary } from "../../analyze/report.ts";
import type { PackageDiff } from "../../analyze/packages/package_diff.ts";
import type { PackageList } from "../../analyze/packages/package_list.ts";
import { escapeForTerminal, formatBytes, formatDelta } from "../format.ts";
import { plural, shortenCommand } from "../format_report.ts";
import {
  changeCounts,
  growthSentence,
  PACKAGE_SIGNS,
} from "../package_wording.ts";
import { grid } from "./table_grid.ts";

/**
 * The package changes of a diff: counts, what they explain of the growth,
 * one row per change with the layer and step of B that made it, then the
 * largest growth no package owns. `top` bounds that last list only.
 */
export function packageDiffLines(
  packages: PackageDiff,
  image: ImageSummary,
): string[] {
  if (packages.ecosystems.length === 0) {
    return ["  no package database found in either image"];
  }
  const lines = [
    `  ${
      packages.ecosystems.join(", ")
    }: ${packages.a.packages} → ${packages.b.packages} packages, ${
      changeCounts(packages.changes)
    }`,
    `  ${growthSentence(packages)}`,
  ];
  const several = packages.ecosystems.length > 1;
  if (packages.changes.length > 0) {
    lines.push(...grid([
      [
        "",
        ...(several ? ["KIND"] : []),
        "PACKAGE",
        "A",
        "B",
        "MEASURED",
        "INSTALLED",
        "LAYER",
        "CREATED BY",
      ],
      ...packages.changes.map((change) => [
        PACKAGE_SIGNS[change.change],
        ...(several ? [change.ecosystem] : []),
        escapeForTerminal(change.name),
        escapeForTerminal(change.a?.version ?? "-"),
        escapeForTerminal(change.b?.version ?? "-"),
        formatDelta(change.measuredSizeDelta),
        change.installedSizeDelta === null
          ? "-"
          : formatDelta(change.installedSizeDelta),
        change.layer === null ? "-" : String(change.layer),
        change.layer === null
          ? ""
          : shortenCommand(image.layers[change.layer]?.createdBy ?? null),
      ]),
    ], { right: several ? [5, 6, 7] : [4, 5, 6] }));
  }
  const { topUnowned } = packages.growth;
  if (topUnowned.length > 0) {
    lines.push("  largest growth in files no package owns:");
    lines.push(...grid(
      topUnowned.map((file) => [
        formatDelta(file.sizeDelta),
        `layer ${file.layer}`,
        escapeForTerminal(file.path),
      ]),
      { right: [0], indent: "    " },
    ));
  }
  lines.push(...errorLines(packages.errors));
  return lines;
}

/** An inspected image's packages, largest first, at most `top` rows. */
export function packageListLines(
  packages: PackageList,
  options: { top: number },
): string[] {
  if (packages.count === 0) {
    return ["  no package database found", ...errorLines(packages.errors)];
  }
  const several = packages.ecosystems.length > 1;
  const shown = packages.packages.slice(0, options.top);
  const lines = [
    `  ${packages.ecosystems.join(", ")}: ${
      plural(packages.count, "package")
    } own ${formatBytes(packages.ownedBytes)}; ${
      formatBytes(packages.unownedBytes)
    } in files no package owns`,
    ...grid([
      [
        "SIZE",
        "INSTALLED",
        ...(several ? ["KIND"] : []),
        "PACKAGE",
        "VERSION",
        "LAYER",
      ],
      ...shown.map((pkg) => [
        formatBytes(pkg.measuredSize),
        pkg.installedSize === null ? "-" : formatBytes(pkg.installedSize),
        ...(several ? [pkg.ecosystem] : []),
        escapeForTerminal(pkg.name),
        escapeForTerminal(pkg.version),
        pkg.layer === null ? "-" : String(pkg.layer),
      ]),
    ], { right: [0, 1] }),
  ];
  if (packages.count > shown.length) {
    lines.push(
      `  … ${
        packages.count - shown.length
      } more packages (see --top and --json)`,
    );
  }
  return [...lines, ...errorLines(packages.errors)];
}

function errorLines(
  errors: { path: string; message: string; image?: "a" | "b" }[],
): string[] {
  return errors.map((error) =>
    `  warning: ${error.image ? `${error.image.toUpperCase()} ` : ""}${
      escapeForTerminal(`${error.path}: ${error.message}`)
    }`
  );
}
