/** Formatting of the report sections, shared by the table and Markdown views. */
import type { LayerView } from "../analyze/layer_views.ts";
import { escapeForTerminal, formatBytes, formatDelta } from "./format.ts";

/** A ratio as a percentage: 0.3721 → "37.2%"; null → "n/a". */
export function formatPercent(ratio: number | null, digits = 1): string {
  return ratio === null || !Number.isFinite(ratio)
    ? "n/a"
    : `${(ratio * 100).toFixed(digits)}%`;
}

/**
 * A size change with its percentage of the size before:
 * (1000, 1500) → "+500 B, +50.0%"; the percentage is left out from 0.
 */
export function formatGrowth(before: number, after: number): string {
  const delta = after - before;
  if (before === 0) return formatDelta(delta);
  const percent = formatPercent(delta / before);
  return `${formatDelta(delta)}, ${delta > 0 ? "+" : ""}${percent}`;
}

/** A layer's file counts: "+3 ~1 -2". */
export function formatCounts(view: LayerView): string {
  return `+${view.added} ~${view.modified} -${view.removed}`;
}

/** Bytes, or "" for zero: keeps sparse columns quiet. */
export function formatBytesOrBlank(bytes: number): string {
  return bytes === 0 ? "" : formatBytes(bytes);
}

/** Paths of a duplicate group shown before "and N more". */
export const SHOWN_PATHS = 3;

/**
 * The first paths of a list, each formatted, then "and N more" for the
 * rest (never "and 1 more": that path is shown): one group of thousands of
 * copies stays one short cell. JSON keeps the complete list.
 *
 * @example
 * ```ts
 * listPaths(["/a", "/b", "/c", "/d", "/e"], (p) => p); // ["/a", "/b", "/c", "and 2 more"]
 * ```
 */
export function listPaths(
  paths: string[],
  format: (path: string) => string,
): string[] {
  const shown = paths.length > SHOWN_PATHS + 1
    ? paths.slice(0, SHOWN_PATHS)
    : paths;
  const more = paths.length - shown.length;
  return [...shown.map(format), ...(more > 0 ? [`and ${more} more`] : [])];
}

/**
 * Where else a layer lives: "base" in the common base, "B3" (or "A3")
 * when the other image holds it elsewhere, "" when it is unique.
 */
export function sharedMark(view: LayerView, other: "A" | "B"): string {
  if (view.sharedPrefix) return "base";
  return view.sharedIndex === null || view.sharedIndex === undefined
    ? ""
    : `${other}${view.sharedIndex}`;
}

/**
 * A history step shortened for a terminal: the shell wrapper and
 * BuildKit's marker dropped, whitespace collapsed, cut to `width`
 * characters; "unknown" when the history does not say.
 *
 * @example
 * ```ts
 * shortenCommand("/bin/sh -c #(nop)  CMD [\"app\"]"); // 'CMD ["app"]'
 * ```
 */
export function shortenCommand(command: string | null, width = 60): string {
  if (command === null) return "unknown";
  const text = escapeForTerminal(
    command
      .replace(/^\/bin\/sh -c #\(nop\)\s+/, "")
      .replace(/^(\|\d+ (\S+=\S*\s+)*)?\/bin\/sh -c\s+/, "RUN ")
      .replace(/\s+# buildkit$/, "")
      .replace(/\s+/g, " ")
      .trim(),
  );
  const chars = Array.from(text);
  return chars.length > width ? `${chars.slice(0, width - 1).join("")}…` : text;
}

/** "3 layers", "1 layer". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
