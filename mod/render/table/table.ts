import type { Change } from "../../analyze/diff.ts";
import type { DiffReport, ImageSummary } from "../../analyze/report.ts";
import type { SharedLayerDetails } from "../../analyze/shared_layers.ts";
import { escapeForTerminal, formatBytes, formatDelta } from "../format.ts";
import { formatGrowth, plural, shortenCommand } from "../format_report.ts";
import { COLORS, type Paint, painter } from "./colors.ts";
import { contentLines } from "./content_lines.ts";
import { packageDiffLines } from "./package_lines.ts";
import {
  bloatLines,
  directoryLines,
  layerLines,
  topFileLines,
} from "./table_sections.ts";

/** Options of the table view. */
export interface TableOptions {
  /** ANSI colours; only on a terminal and never with NO_COLOR. */
  color: boolean;
  /** Rows of the package list of `inspect` (default 10, as `--top`). */
  top?: number;
}

const SIGNS = { added: "+", removed: "-", modified: "~" } as const;

/**
 * The readable view: a summary, the per-layer view of both images, bloat,
 * size by directory, the largest added files, the package changes, then
 * one line per changed path and the content diffs of `--content`; only
 * the sections the report holds.
 */
export function renderTable(report: DiffReport, options: TableOptions): string {
  return [...tableChunks(report, options)].join("");
}

/**
 * `renderTable` in pieces that join to the same text: the sections, then
 * one piece per line of the change list, so a diff of millions of paths is
 * never one string.
 */
export function* tableChunks(
  report: DiffReport,
  options: TableOptions,
): Generator<string> {
  const paint = painter(options.color);
  const { a, b } = report.images;
  const { summary, layers } = report;
  const sections = report.report;
  const blocks: string[][] = [];
  const titled = (title: string, lines: string[]) =>
    blocks.push([paint(COLORS.bold, title), ...lines]);
  if (sections.sharedLayers) {
    blocks.push([
      imageLine("A", a, paint),
      imageLine("B", b, paint),
      `  size      ${formatBytes(a.size)} → ${formatBytes(b.size)} (${
        formatGrowth(a.size, b.size)
      }), stored ${formatBytes(a.compressedSize)} → ${
        formatBytes(b.compressedSize)
      } (${formatGrowth(a.compressedSize, b.compressedSize)})`,
      `  layers    ${a.layers.length} → ${b.layers.length}, ${summary.sharedLayers} shared (${
        formatBytes(layers.sharedBytes)
      }), common base ${plural(layers.sharedPrefix, "layer")}`,
      ...divergenceLine(sections.sharedLayers),
      `  changes   ${paint(COLORS.added, `${summary.added} added`)} (${
        formatDelta(summary.addedBytes)
      }), ${paint(COLORS.removed, `${summary.removed} removed`)} (${
        formatDelta(-summary.removedBytes)
      }), ${paint(COLORS.modified, `${summary.modified} modified`)}`,
    ]);
  }
  if (sections.layers) {
    titled("Layers of A", layerLines(sections.layers.a, { other: "B" }));
    titled("Layers of B", layerLines(sections.layers.b, { other: "A" }));
  }
  if (sections.bloat) {
    titled(
      "Bloat",
      bloatLines([
        { label: "A", bloat: sections.bloat.a },
        { label: "B", bloat: sections.bloat.b },
      ]),
    );
  }
  if (sections.directories) {
    titled(
      `Size by directory (depth ${sections.directories.depth})`,
      directoryLines(sections.directories),
    );
  }
  if (sections.topFiles) {
    titled("Largest added and grown files", topFileLines(sections.topFiles));
  }
  if (sections.packages) {
    titled("Packages", packageDiffLines(sections.packages, b));
  }
  const head = blocks.map((lines) => lines.join("\n")).join("\n\n");
  if (!sections.removedBy) {
    yield `${head}\n`;
    return;
  }
  yield `${head}${blocks.length > 0 ? "\n\n" : ""}${
    paint(COLORS.bold, `Changes (${report.changes.length})`)
  }\n`;
  for (const line of changeLines(report.changes, sections.removedBy, paint)) {
    yield `${line}\n`;
  }
  if (!sections.contentChanges) return;
  yield `\n${
    paint(
      COLORS.bold,
      `Content of changed files (${sections.contentChanges.length})`,
    )
  }\n`;
  for (const line of contentLines(sections.contentChanges, paint)) {
    yield `${line}\n`;
  }
}

/** "A  ref  source  (format, platform, N layers)". */
export function imageLine(
  label: string,
  image: ImageSummary,
  paint: Paint,
): string {
  const name = escapeForTerminal(
    image.reference ?? image.configDigest.slice(0, 19),
  );
  const about = `${image.format}, ${image.platform}, ${
    plural(image.layers.length, "layer")
  }`;
  return `${paint(COLORS.bold, label)}  ${name}  ${
    escapeForTerminal(image.source)
  }  (${escapeForTerminal(about)})`;
}

function divergenceLine(shared: SharedLayerDetails): string[] {
  const { divergence } = shared;
  if (!divergence) return [];
  const side = (label: string, index: number | null, by: string | null) =>
    index === null ? `${label} ends` : `${label}${index} ${shortenCommand(by)}`;
  return [
    `  diverges  ${side("A", divergence.indexA, divergence.createdByA)} → ${
      side("B", divergence.indexB, divergence.createdByB)
    }`,
  ];
}

/**
 * The change list, one line per change: a first pass over the changes
 * sizes the columns, a second formats each row as it is written, so no
 * list of rows is kept.
 */
function* changeLines(
  changes: Change[],
  removedBy: { path: string; layer: number }[],
  paint: Paint,
): Generator<string> {
  if (changes.length === 0) {
    yield "  no differences in the merged filesystems";
    return;
  }
  const deletedBy = new Map(removedBy.map((r) => [r.path, r.layer]));
  const header = ["", "TYPE", "BEFORE", "AFTER", "FIELDS", "LAYER", "PATH"];
  const widths = header.map((title) => title.length);
  for (const change of changes) {
    changeRow(change, deletedBy).cells.forEach((cell, i) => {
      if (cell.length > widths[i]) widths[i] = cell.length;
    });
  }
  const format = (cells: string[]) =>
    "  " +
    cells.map((cell, i) =>
      i === cells.length - 1 ? cell : cell.padEnd(widths[i])
    ).join("  ");
  yield paint(COLORS.bold, format(header).trimEnd());
  for (const change of changes) {
    const row = changeRow(change, deletedBy);
    yield paint(COLORS[row.change], format(row.cells));
  }
}

function changeRow(
  change: Change,
  deletedBy: Map<string, number>,
): { change: Change["change"]; cells: string[] } {
  const entry = change.b ?? change.a!;
  const type = change.fields.includes("type")
    ? `${change.a!.type}→${change.b!.type}`
    : entry.type;
  const size = (side: Change["a"]) =>
    side === null
      ? "-"
      : side.type === "file" || side.type === "hardlink"
      ? formatBytes(side.size)
      : "";
  const layer = change.b?.layer ?? deletedBy.get(change.path);
  return {
    change: change.change,
    cells: [
      SIGNS[change.change],
      type,
      size(change.a),
      size(change.b),
      change.fields.join(","),
      layer === undefined ? "-" : String(layer),
      escapeForTerminal(change.path),
    ],
  };
}
