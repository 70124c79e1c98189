/** Markdown building blocks that keep any text inert (no markup, no HTML, no table breaks). */
import { escapeForTerminal } from "../format.ts";

/**
 * Text as an inline code span, safe inside a table cell: control
 * characters and bytes that are not UTF-8 escaped as on a terminal, a fence
 * longer than any backtick run inside, and `|` escaped for GFM tables.
 *
 * @example
 * ```ts
 * codeSpan("a|b`c"); // "``a\\|b`c``"
 * ```
 */
export function codeSpan(text: string): string {
  const safe = escapeForTerminal(text).replaceAll("|", "\\|");
  let longest = 0;
  for (const [run] of safe.matchAll(/`+/g)) {
    longest = Math.max(longest, run.length);
  }
  const fence = "`".repeat(longest + 1);
  const pad = safe.startsWith("`") || safe.endsWith("`") || safe.trim() === ""
    ? " "
    : "";
  return `${fence}${pad}${safe}${pad}${fence}`;
}

/** Column alignment of a Markdown table. */
export type Align = "left" | "right";

/**
 * A GFM table. Cells must already be inline Markdown (use `codeSpan` for
 * any text that comes from an image).
 */
export function markdownTable(
  header: string[],
  rows: string[][],
  align: Align[] = [],
): string[] {
  const rule = header.map((_, i) => align[i] === "right" ? "---:" : "---");
  return [header, rule, ...rows].map(markdownRow);
}

/** One table row as `markdownTable` writes it, for measuring and appending. */
export function markdownRow(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}
