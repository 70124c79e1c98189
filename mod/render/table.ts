import type { Change } from "../analyze/diff.ts";
import type { DiffReport, ImageSummary } from "../analyze/report.ts";
import { escapeForTerminal, formatBytes, formatDelta } from "./format.ts";

/** Options of the table view. */
export interface TableOptions {
  /** ANSI colours; only on a terminal and never with NO_COLOR. */
  color: boolean;
}

const COLORS = {
  added: 32,
  removed: 31,
  modified: 33,
  dim: 2,
  bold: 1,
} as const;
const SIGNS = { added: "+", removed: "-", modified: "~" } as const;

/** The readable view: a summary, then one line per changed path. */
export function renderTable(report: DiffReport, options: TableOptions): string {
  const paint = (code: number, text: string) =>
    options.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  const { a, b } = report.images;
  const { summary, layers } = report;
  const lines = [
    imageLine("A", a, paint),
    imageLine("B", b, paint),
    `  size      ${formatBytes(a.size)} → ${formatBytes(b.size)} (${
      formatDelta(summary.sizeDelta)
    })`,
    `  layers    ${a.layers.length} → ${b.layers.length}, ${summary.sharedLayers} shared (${
      formatBytes(layers.sharedBytes)
    }), common base ${plural(layers.sharedPrefix, "layer")}`,
    `  changes   ${paint(COLORS.added, `${summary.added} added`)} (${
      formatDelta(summary.addedBytes)
    }), ${paint(COLORS.removed, `${summary.removed} removed`)} (${
      formatDelta(-summary.removedBytes)
    }), ${paint(COLORS.modified, `${summary.modified} modified`)}`,
    "",
  ];
  if (report.changes.length === 0) {
    lines.push("  no differences in the merged filesystems");
  } else {
    const rows = report.changes.map(changeRow);
    const header = ["", "TYPE", "BEFORE", "AFTER", "FIELDS", "PATH"];
    const widths = header.map((title, i) =>
      Math.max(title.length, ...rows.map((row) => row.cells[i].length))
    );
    const format = (cells: string[]) =>
      "  " +
      cells.map((cell, i) =>
        i === cells.length - 1 ? cell : cell.padEnd(widths[i])
      ).join("  ");
    lines.push(paint(COLORS.bold, format(header).trimEnd()));
    for (const row of rows) {
      const line = format(row.cells);
      lines.push(paint(COLORS[row.change], line));
    }
  }
  return `${lines.join("\n")}\n`;
}

function imageLine(
  label: string,
  image: ImageSummary,
  paint: (code: number, text: string) => string,
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

function changeRow(
  change: Change,
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
  return {
    change: change.change,
    cells: [
      SIGNS[change.change],
      type,
      size(change.a),
      size(change.b),
      change.fields.join(","),
      escapeForTerminal(change.path),
    ],
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
