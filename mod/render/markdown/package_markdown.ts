import type { ImageSummary } from "../../analyze/report.ts";
import type { PackageDiff } from "../../analyze/packages/package_diff.ts";
import type { PackageList } from "../../analyze/packages/package_list.ts";
import { formatBytes, formatDelta } from "../format.ts";
import { plural, shortenCommand } from "../format_report.ts";
import {
  changeCounts,
  growthSentence,
  PACKAGE_SIGNS,
} from "../package_wording.ts";
import { codeSpan, markdownTable } from "./markdown_text.ts";

/**
 * The package changes of a diff as Markdown blocks: a headline sentence,
 * a table of changes with the step of B that made each, the largest
 * growth no package owns, and any database that could not be read.
 */
export function packageDiffBlocks(
  packages: PackageDiff,
  image: ImageSummary,
): string[] {
  if (packages.ecosystems.length === 0) {
    return ["_No package database found in either image._"];
  }
  const blocks = [
    `**${
      packages.ecosystems.join(", ")
    }:** ${packages.a.packages} → ${packages.b.packages} packages, ${
      changeCounts(packages.changes)
    }; ${growthSentence(packages)}.`,
  ];
  if (packages.changes.length > 0) {
    const several = packages.ecosystems.length > 1;
    blocks.push(
      markdownTable(
        [
          "",
          "Package",
          ...(several ? ["Kind"] : []),
          "A",
          "B",
          "Measured",
          "Installed",
          "Layer",
          "Created by",
        ],
        packages.changes.map((change) => [
          PACKAGE_SIGNS[change.change],
          codeSpan(change.name),
          ...(several ? [change.ecosystem] : []),
          change.a ? codeSpan(change.a.version) : "–",
          change.b ? codeSpan(change.b.version) : "–",
          formatDelta(change.measuredSizeDelta),
          change.installedSizeDelta === null
            ? "–"
            : formatDelta(change.installedSizeDelta),
          change.layer === null ? "" : String(change.layer),
          change.layer === null ? "" : codeSpan(
            shortenCommand(image.layers[change.layer]?.createdBy ?? null, 80),
          ),
        ]),
        [
          "left",
          "left",
          ...(several ? ["left" as const] : []),
          "left",
          "left",
          "right",
          "right",
          "right",
          "left",
        ],
      ).join("\n"),
    );
  }
  const { topUnowned } = packages.growth;
  if (topUnowned.length > 0) {
    blocks.push(
      markdownTable(
        ["File no package owns", "Growth", "Layer"],
        topUnowned.map((file) => [
          codeSpan(file.path),
          formatDelta(file.sizeDelta),
          String(file.layer),
        ]),
        ["left", "right", "right"],
      ).join("\n"),
    );
  }
  return [...blocks, ...errorBlocks(packages.errors)];
}

/** An inspected image's packages as a Markdown table, at most `top` rows. */
export function packageListBlocks(
  packages: PackageList,
  options: { top: number },
): string[] {
  if (packages.count === 0) {
    return ["_No package database found._", ...errorBlocks(packages.errors)];
  }
  const shown = packages.packages.slice(0, options.top);
  const blocks = [
    `**${packages.ecosystems.join(", ")}:** ${
      plural(packages.count, "package")
    } own ${formatBytes(packages.ownedBytes)}; ${
      formatBytes(packages.unownedBytes)
    } in files no package owns.`,
    markdownTable(
      ["Package", "Kind", "Version", "Size", "Installed", "Layer"],
      shown.map((pkg) => [
        codeSpan(pkg.name),
        pkg.ecosystem,
        codeSpan(pkg.version),
        formatBytes(pkg.measuredSize),
        pkg.installedSize === null ? "–" : formatBytes(pkg.installedSize),
        pkg.layer === null ? "" : String(pkg.layer),
      ]),
      ["left", "left", "left", "right", "right", "right"],
    ).join("\n"),
  ];
  if (packages.count > shown.length) {
    blocks.push(`_${packages.count - shown.length} more packages not shown._`);
  }
  return [...blocks, ...errorBlocks(packages.errors)];
}

function errorBlocks(
  errors: { path: string; message: string; image?: "a" | "b" }[],
): string[] {
  if (errors.length === 0) return [];
  return [
    errors.map((error) =>
      `- ⚠️ ${error.image ? `${error.image.toUpperCase()} ` : ""}${
        codeSpan(error.path)
      }: ${codeSpan(error.message)}`
    ).join("\n"),
  ];
}
