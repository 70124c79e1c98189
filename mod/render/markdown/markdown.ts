import type { Bloat } from "../../analyze/bloat.ts";
import type { Change } from "../../analyze/diff.ts";
import type { DirectorySizes } from "../../analyze/directory_sizes.ts";
import type { InspectReport } from "../../analyze/inspect_report.ts";
import type { LayerView } from "../../analyze/layer_views.ts";
import type { DiffReport, ImageSummary } from "../../analyze/report.ts";
import type { TopFile } from "../../analyze/top_files.ts";
import { formatBytes, formatDelta } from "../format.ts";
import {
  formatBytesOrBlank,
  formatGrowth,
  formatPercent,
  listPaths,
  sharedMark,
  shortenCommand,
} from "../format_report.ts";
import { contentBlocks } from "./content_markdown.ts";
import { packageDiffBlocks, packageListBlocks } from "./package_markdown.ts";
import {
  type Align,
  codeSpan,
  markdownRow,
  markdownTable,
} from "./markdown_text.ts";

/** GitHub's limit on the body of a comment, in characters. */
export const COMMENT_LIMIT = 65_536;

/** Options of the Markdown view. */
export interface MarkdownOptions {
  /** Longest output in characters (UTF-16 code units); default `COMMENT_LIMIT`. */
  maxLength?: number;
  /** Rows of the package list of `inspect` (default 10, as `--top`). */
  top?: number;
}

/**
 * The Markdown view, written to be posted as a pull-request comment: a
 * headline, the package changes first when there are any, the layers,
 * bloat, size by directory, the largest files, the packages otherwise,
 * the content diffs of `--content` and, for a diff, every change in a
 * collapsed `<details>` block. The output
 * never exceeds `maxLength`: change rows that do not fit are left out and
 * counted; history steps are shortened only if the rest alone would not fit.
 */
export function renderMarkdown(
  report: DiffReport | InspectReport,
  options: MarkdownOptions = {},
): string {
  const max = options.maxLength ?? COMMENT_LIMIT;
  const render = (commandWidth: number | null) =>
    ("image" in report
      ? inspectBlocks(report, commandWidth, options.top ?? 10)
      : diffBlocks(report, commandWidth)).join("\n\n") + "\n";
  const listed = !("image" in report) && report.report.removedBy !== undefined;
  const reserve = listed ? leftOutNote(report.changes.length, max).length : 0;
  let head = render(null);
  if (head.length > max) head = render(80);
  if (head.length > max - reserve) head = cut(head, max - reserve);
  if (!listed) return head;
  return head + changeDetails(report, { budget: max - head.length, max });
}

function diffBlocks(report: DiffReport, width: number | null): string[] {
  const { a, b } = report.images;
  const sections = report.report;
  const blocks = [`### layerdiff: ${imageName(a)} → ${imageName(b)}`];
  if (sections.sharedLayers) {
    const { summary } = report;
    const shared = sections.sharedLayers;
    const divergence = shared.divergence;
    const side = (index: number | null, by: string | null) =>
      index === null ? "_none_" : `${index}: ${command(by, width)}`;
    blocks.push([
      `- **Size:** ${formatBytes(a.size)} → ${formatBytes(b.size)} (${
        formatGrowth(a.size, b.size)
      })`,
      `- **Compressed:** ${formatBytes(a.compressedSize)} → ${
        formatBytes(b.compressedSize)
      } (${formatGrowth(a.compressedSize, b.compressedSize)})`,
      `- **Shared layers:** ${shared.count} of ${a.layers.length} → ${b.layers.length} (${
        formatBytes(shared.bytes)
      }), common base ${shared.prefix} layer${shared.prefix === 1 ? "" : "s"}${
        divergence
          ? `; diverges at A ${
            side(divergence.indexA, divergence.createdByA)
          } → B ${side(divergence.indexB, divergence.createdByB)}`
          : ""
      }`,
      `- **Changes:** ${summary.added} added (${
        formatDelta(summary.addedBytes)
      }), ${summary.removed} removed (${
        formatDelta(-summary.removedBytes)
      }), ${summary.modified} modified`,
    ].join("\n"));
  }
  const packages = sections.packages &&
    ["#### Packages", ...packageDiffBlocks(sections.packages, b)];
  const packagesFirst = (sections.packages?.changes.length ?? 0) > 0;
  if (packages && packagesFirst) blocks.push(...packages);
  if (sections.layers) {
    blocks.push(
      "#### Layers of B",
      layerTable(sections.layers.b, { other: "A", width }),
      "#### Layers of A",
      layerTable(sections.layers.a, { other: "B", width }),
    );
  }
  if (sections.bloat) {
    blocks.push(
      "#### Bloat",
      ...bloatBlocks([
        { label: "A", bloat: sections.bloat.a },
        { label: "B", bloat: sections.bloat.b },
      ]),
    );
  }
  if (sections.directories) {
    blocks.push(
      `#### Size by directory (depth ${sections.directories.depth})`,
      directoryTable(sections.directories, false),
    );
  }
  if (sections.topFiles) {
    blocks.push(
      "#### Largest added and grown files",
      topFileTable(sections.topFiles, false),
    );
  }
  if (packages && !packagesFirst) blocks.push(...packages);
  if (sections.contentChanges) {
    blocks.push(
      "#### Content of changed files",
      ...contentBlocks(sections.contentChanges),
    );
  }
  return blocks;
}

function inspectBlocks(
  report: InspectReport,
  width: number | null,
  top: number,
): string[] {
  const { image } = report;
  const sections = report.report;
  const blocks = [`### layerdiff inspect: ${imageName(image)}`];
  if (sections.summary) {
    blocks.push([
      `- **Size:** ${formatBytes(image.size)}`,
      `- **Compressed:** ${formatBytes(image.compressedSize)}`,
      `- **Layers:** ${image.layers.length}`,
      `- **Files:** ${sections.summary.files} (${
        formatBytes(sections.summary.fileBytes)
      }), ${sections.summary.entries} paths in all`,
    ].join("\n"));
  }
  if (sections.layers) {
    blocks.push("#### Layers", layerTable(sections.layers, { width }));
  }
  if (sections.bloat) {
    blocks.push(
      "#### Bloat",
      ...bloatBlocks([{ label: "Image", bloat: sections.bloat }]),
    );
  }
  if (sections.directories) {
    blocks.push(
      `#### Size by directory (depth ${sections.directories.depth})`,
      directoryTable(sections.directories, true),
    );
  }
  if (sections.topFiles) {
    blocks.push("#### Largest files", topFileTable(sections.topFiles, true));
  }
  if (sections.packages) {
    blocks.push(
      "#### Packages",
      ...packageListBlocks(sections.packages, { top }),
    );
  }
  return blocks;
}

function imageName(image: ImageSummary): string {
  return codeSpan(image.reference ?? image.configDigest.slice(0, 19));
}

function command(createdBy: string | null, width: number | null): string {
  if (createdBy === null) return "_unknown_";
  return codeSpan(
    width === null ? createdBy : shortenCommand(createdBy, width),
  );
}

function layerTable(
  views: LayerView[],
  options: { other?: "A" | "B"; width: number | null },
): string {
  const shared = options.other !== undefined;
  const header = [
    "#",
    "Size",
    "Compressed",
    "Added",
    "Modified",
    "Removed",
    "Bytes added",
    "Wasted",
    ...(shared ? ["Shared"] : []),
    "Created by",
  ];
  const rows = views.map((view) => [
    String(view.index),
    formatBytes(view.size),
    formatBytes(view.compressedSize),
    String(view.added),
    String(view.modified),
    String(view.removed),
    formatBytesOrBlank(view.addedBytes),
    formatBytesOrBlank(view.wastedBytes),
    ...(shared ? [sharedMark(view, options.other!)] : []),
    command(view.createdBy, options.width),
  ]);
  const align: Align[] = header.map((_, i) => i < 8 ? "right" : "left");
  return markdownTable(header, rows, align).join("\n");
}

function bloatBlocks(images: { label: string; bloat: Bloat }[]): string[] {
  const row = (name: string, cell: (bloat: Bloat) => string) => [
    name,
    ...images.map(({ bloat }) => cell(bloat)),
  ];
  const blocks = [
    markdownTable(["", ...images.map((i) => i.label)], [
      row(
        "Wasted (hidden by a later layer)",
        (b) => formatBytes(b.wastedBytes),
      ),
      row("Reclaimable", (b) => formatBytes(b.reclaimableBytes)),
      row(
        "Duplicate content (savable)",
        (b) => formatBytes(b.duplicates.savableBytes),
      ),
      row(
        "Efficiency (dive-compatible)",
        (b) => formatPercent(b.dive.efficiency, 2),
      ),
      row(
        "wastedBytes (dive-compatible)",
        (b) => formatBytes(b.dive.wastedBytes),
      ),
      row(
        "userWastedPercent (dive-compatible)",
        (b) => formatPercent(b.dive.userWastedPercent, 2),
      ),
    ], ["left", ...images.map((): Align => "right")]).join("\n"),
  ];
  const last = images[images.length - 1];
  const where = images.length > 1 ? ` in ${last.label}` : "";
  if (last.bloat.topWasted.length > 0) {
    blocks.push(
      markdownTable(
        [`Wasted path${where}`, "Bytes", "Stored in layer", "Hidden by layer"],
        last.bloat.topWasted.map((path) => [
          codeSpan(path.path),
          formatBytes(path.bytes),
          path.storedIn.join(", "),
          `${path.hiddenBy.join(", ")} (${path.reasons.join(", ")})`,
        ]),
        ["left", "right", "right", "left"],
      ).join("\n"),
    );
  }
  if (last.bloat.duplicates.top.length > 0) {
    blocks.push(
      markdownTable(
        [`Duplicate content${where}`, "Savable", "Copies"],
        last.bloat.duplicates.top.map((group) => [
          listPaths(group.paths, codeSpan).join("<br>"),
          formatBytes(group.savableBytes),
          `${group.paths.length} × ${formatBytes(group.size)}`,
        ]),
        ["left", "right", "right"],
      ).join("\n"),
    );
  }
  return blocks;
}

function directoryTable(sizes: DirectorySizes, inspect: boolean): string {
  if (sizes.entries.length === 0) return "_No size change._";
  const table = inspect
    ? markdownTable(
      ["Directory", "Size", "Files"],
      sizes.entries.map((e) => [
        codeSpan(e.path),
        formatBytes(e.net),
        String(e.files),
      ]),
      ["left", "right", "right"],
    )
    : markdownTable(
      ["Directory", "Net", "Added", "Removed", "Files"],
      sizes.entries.map((e) => [
        codeSpan(e.path),
        formatDelta(e.net),
        formatDelta(e.added),
        formatDelta(-e.removed),
        String(e.files),
      ]),
      ["left", "right", "right", "right", "right"],
    );
  if (sizes.omitted > 0) {
    table.push("", `_${sizes.omitted} more directories not shown._`);
  }
  return table.join("\n");
}

function topFileTable(files: TopFile[], inspect: boolean): string {
  if (files.length === 0) return "_None._";
  return (inspect
    ? markdownTable(
      ["File", "Size", "Layer"],
      files.map((
        f,
      ) => [codeSpan(f.path), formatBytes(f.after), String(f.layer)]),
      ["left", "right", "right"],
    )
    : markdownTable(
      ["File", "Delta", "Before", "After", "Layer"],
      files.map((f) => [
        codeSpan(f.path),
        formatDelta(f.delta),
        f.before === null ? "–" : formatBytes(f.before),
        formatBytes(f.after),
        String(f.layer),
      ]),
      ["left", "right", "right", "right", "right"],
    )).join("\n");
}

const SIGNS = { added: "+", removed: "−", modified: "~" } as const;

/**
 * Every change in a collapsed block, as many rows as `budget` characters
 * allow, and a line saying how many were left out.
 */
function changeDetails(
  report: DiffReport,
  options: { budget: number; max: number },
): string {
  const { changes } = report;
  if (changes.length === 0) {
    return "\n#### Changes\n\n_No differences in the merged filesystems._\n";
  }
  const deletedBy = new Map(
    (report.report.removedBy ?? []).map((r) => [r.path, r.layer]),
  );
  const open = [
    "",
    "#### Changes",
    "",
    "<details>",
    `<summary>All ${changes.length} changes</summary>`,
    "",
    ...markdownTable(
      ["", "Path", "Type", "Before", "After", "Fields", "Layer"],
      [],
      ["left", "left", "left", "right", "right", "left", "right"],
    ),
  ].join("\n") + "\n";
  const close = (left: number) =>
    `${leftOutNote(left, options.max)}\n</details>\n`;
  let room = options.budget - open.length - close(changes.length).length;
  if (room < 0) {
    const alone = leftOutNote(changes.length, options.max);
    return alone.length <= options.budget ? alone : "";
  }
  const rows: string[] = [];
  for (const change of changes) {
    const row = markdownRow(changeCells(change, deletedBy)) + "\n";
    if (row.length > room) break;
    rows.push(row);
    room -= row.length;
  }
  return open + rows.join("") + close(changes.length - rows.length);
}

/** The line that says how many changes did not fit; "" for none. */
function leftOutNote(left: number, max: number): string {
  return left === 0
    ? ""
    : `\n_${left} more change${
      left === 1 ? "" : "s"
    } not shown: this report is capped at ${
      max.toLocaleString("en-US")
    } characters. \`layerdiff --json\` lists them all._\n`;
}

function changeCells(change: Change, deletedBy: Map<string, number>): string[] {
  const entry = change.b ?? change.a!;
  const size = (side: Change["a"]) =>
    side === null
      ? "–"
      : side.type === "file" || side.type === "hardlink"
      ? formatBytes(side.size)
      : "";
  const layer = change.b?.layer ?? deletedBy.get(change.path);
  return [
    SIGNS[change.change],
    codeSpan(change.path),
    change.fields.includes("type")
      ? `${change.a!.type} → ${change.b!.type}`
      : entry.type,
    size(change.a),
    size(change.b),
    change.fields.join(", "),
    layer === undefined ? "" : String(layer),
  ];
}

/** Cuts text at the last line break that keeps it, with a note, under `max`. */
function cut(text: string, max: number): string {
  const note = "\n\n_Report cut to fit a comment._\n";
  const end = text.lastIndexOf("\n", max - note.length);
  return text.slice(0, Math.max(0, end)) + note;
}
