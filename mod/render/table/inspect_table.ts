import type { InspectReport } from "../../analyze/inspect_report.ts";
import { formatBytes } from "../format.ts";
import { COLORS, painter } from "./colors.ts";
import { packageListLines } from "./package_lines.ts";
import { plural } from "../format_report.ts";
import { imageLine, type TableOptions } from "./table.ts";
import {
  bloatLines,
  directoryLines,
  layerLines,
  topFileLines,
} from "./table_sections.ts";

/** The readable view of one inspected image; only the sections it holds. */
export function renderInspectTable(
  report: InspectReport,
  options: TableOptions,
): string {
  const paint = painter(options.color);
  const { image } = report;
  const sections = report.report;
  const blocks: string[][] = [];
  const titled = (title: string, lines: string[]) =>
    blocks.push([paint(COLORS.bold, title), ...lines]);
  if (sections.summary) {
    const { summary } = sections;
    blocks.push([
      imageLine("image", image, paint),
      `  size      ${formatBytes(image.size)}, stored ${
        formatBytes(image.compressedSize)
      }`,
      `  files     ${plural(summary.files, "file")} (${
        formatBytes(summary.fileBytes)
      }), ${plural(summary.entries, "path")} in all`,
    ]);
  }
  if (sections.layers) titled("Layers", layerLines(sections.layers));
  if (sections.bloat) {
    titled("Bloat", bloatLines([{ label: "image", bloat: sections.bloat }]));
  }
  if (sections.directories) {
    titled(
      `Size by directory (depth ${sections.directories.depth})`,
      directoryLines(sections.directories, { inspect: true }),
    );
  }
  if (sections.topFiles) {
    titled(
      "Largest files",
      topFileLines(sections.topFiles, { inspect: true }),
    );
  }
  if (sections.packages) {
    titled(
      "Packages",
      packageListLines(sections.packages, { top: options.top ?? 10 }),
    );
  }
  return `${blocks.map((lines) => lines.join("\n")).join("\n\n")}\n`;
}
