import type { InspectReport } from "../../analyze/inspect_report.ts";
import { formatBytes } from "../format.ts";
import {
  COLORS,
  imageLine,
  type Paint,
  plural,
  type TableOptions,
} from "./table.ts";
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
  const paint: Paint = (code, text) =>
    options.color ? `\x1b[${code}m${text}\x1b[0m` : text;
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
  return `${blocks.map((lines) => lines.join("\n")).join("\n\n")}\n`;
}
