/** The report sections as terminal lines, shared by the diff and inspect tables. */
import type { Bloat } from "../../analyze/bloat.ts";
import type { DirectorySizes } from "../../analyze/directory_sizes.ts";
import type { LayerView } from "../../analyze/layer_views.ts";
import type { TopFile } from "../../analyze/top_files.ts";
import { escapeForTerminal, formatBytes, formatDelta } from "../format.ts";
import {
  formatBytesOrBlank,
  formatCounts,
  formatPercent,
  listPaths,
  sharedMark,
  shortenCommand,
} from "../format_report.ts";
import { grid } from "./table_grid.ts";

/** One row per layer; `other` names the image that shared layers point into. */
export function layerLines(
  views: LayerView[],
  options: { other?: "A" | "B" } = {},
): string[] {
  const shared = options.other !== undefined;
  const header = [
    "#",
    "SIZE",
    "STORED",
    "FILES",
    "ADDED",
    "WASTED",
    ...(shared ? ["SHARED"] : []),
    "CREATED BY",
  ];
  const rows = views.map((view) => [
    String(view.index),
    formatBytes(view.size),
    formatBytes(view.compressedSize),
    formatCounts(view),
    formatBytesOrBlank(view.addedBytes),
    formatBytesOrBlank(view.wastedBytes),
    ...(shared ? [sharedMark(view, options.other!)] : []),
    shortenCommand(view.createdBy),
  ]);
  return grid([header, ...rows], { right: [0, 1, 2, 4, 5] });
}

/**
 * The bloat figures side by side (one column per image, headed by its
 * label when there are several), then the last image's wasted paths and
 * duplicates.
 */
export function bloatLines(
  images: { label: string; bloat: Bloat }[],
): string[] {
  const row = (name: string, cell: (bloat: Bloat) => string) => [
    name,
    ...images.map(({ bloat }) => cell(bloat)),
  ];
  const header = images.length > 1
    ? [["", ...images.map(({ label }) => label)]]
    : [];
  const lines = grid([
    ...header,
    row("wasted", (b) => formatBytes(b.wastedBytes)),
    row("reclaimable", (b) => formatBytes(b.reclaimableBytes)),
    row("duplicates", (b) => formatBytes(b.duplicates.savableBytes)),
    row("efficiency (dive)", (b) => formatPercent(b.dive.efficiency, 2)),
    row("wastedBytes (dive)", (b) => formatBytes(b.dive.wastedBytes)),
    row(
      "userWastedPercent (dive)",
      (b) => formatPercent(b.dive.userWastedPercent, 2),
    ),
  ], { right: images.map((_, i) => i + 1) });
  const last = images[images.length - 1];
  const suffix = images.length > 1 ? ` in ${last.label}` : "";
  if (last.bloat.topWasted.length > 0) {
    lines.push(`  wasted paths${suffix}:`);
    lines.push(
      ...grid(
        last.bloat.topWasted.map((path) => [
          formatBytes(path.bytes),
          `layer ${path.storedIn.join(",")} → ${path.hiddenBy.join(",")}`,
          `${path.reasons.join(",")}`,
          escapeForTerminal(path.path),
        ]),
        { right: [0], indent: "    " },
      ),
    );
  }
  if (last.bloat.duplicates.top.length > 0) {
    lines.push(`  duplicate content${suffix}:`);
    lines.push(
      ...grid(
        last.bloat.duplicates.top.map((group) => [
          formatBytes(group.savableBytes),
          `${group.paths.length} × ${formatBytes(group.size)}`,
          listPaths(group.paths, escapeForTerminal).join("  "),
        ]),
        { right: [0], indent: "    " },
      ),
    );
  }
  return lines;
}

/**
 * The directory tree, indented by depth. Diffs show net, added and removed
 * bytes; an inspected image (nothing removed) shows its size.
 */
export function directoryLines(
  sizes: DirectorySizes,
  options: { inspect?: boolean } = {},
): string[] {
  if (sizes.entries.length === 0) return ["  no size change"];
  const path = (entry: DirectorySizes["entries"][number]) =>
    "  ".repeat(entry.depth) + escapeForTerminal(entry.path);
  const rows = options.inspect
    ? [
      ["SIZE", "FILES", "PATH"],
      ...sizes.entries.map((e) => [
        formatBytes(e.net),
        String(e.files),
        path(e),
      ]),
    ]
    : [
      ["NET", "ADDED", "REMOVED", "FILES", "PATH"],
      ...sizes.entries.map((e) => [
        formatDelta(e.net),
        formatDelta(e.added),
        formatDelta(-e.removed),
        String(e.files),
        path(e),
      ]),
    ];
  const lines = grid(rows, { right: options.inspect ? [0, 1] : [0, 1, 2, 3] });
  if (sizes.omitted > 0) {
    lines.push(
      `  … ${sizes.omitted} more directories (see --depth and --json)`,
    );
  }
  return lines;
}

/** The largest added or grown files, with the layer that wrote them. */
export function topFileLines(
  files: TopFile[],
  options: { inspect?: boolean } = {},
): string[] {
  if (files.length === 0) return ["  none"];
  const rows = options.inspect
    ? [
      ["SIZE", "LAYER", "PATH"],
      ...files.map((f) => [
        formatBytes(f.after),
        String(f.layer),
        escapeForTerminal(f.path),
      ]),
    ]
    : [
      ["DELTA", "BEFORE", "AFTER", "LAYER", "PATH"],
      ...files.map((f) => [
        formatDelta(f.delta),
        f.before === null ? "-" : formatBytes(f.before),
        formatBytes(f.after),
        String(f.layer),
        escapeForTerminal(f.path),
      ]),
    ];
  return grid(rows, { right: options.inspect ? [0, 1] : [0, 1, 2, 3] });
}
