import type { ContentDiff } from "../analyze/content_diff.ts";

/**
 * A text diff as unified diff text: `--- a/<path>`, `+++ b/<path>` (the
 * leading `/` dropped; C-quoted when the path has control characters, `"`
 * or `\`), then each hunk with a GNU-style header (`@@ -3 +3,2 @@`: a count
 * of 1 is omitted). Empty when there are no hunks, as `diff -u` prints
 * nothing for equal files. Lines keep any `\r`; a terminal renderer should
 * make it visible. Callers with a `binary` or `too-large` diff show sizes
 * and digests (or the limit) instead.
 */
export function unifiedDiffText(
  path: string,
  diff: ContentDiff & { kind: "text" },
): string {
  if (diff.hunks.length === 0) return "";
  const name = path.replace(/^\/+/, "");
  const out = [`--- ${quoted(`a/${name}`)}`, `+++ ${quoted(`b/${name}`)}`];
  for (const hunk of diff.hunks) {
    const oldRange = range(hunk.oldStart, hunk.oldLines);
    out.push(`@@ -${oldRange} +${range(hunk.newStart, hunk.newLines)} @@`);
    out.push(...hunk.lines);
  }
  return out.join("\n") + "\n";
}

/** A unified range: `start,count`, `start` alone for one line. */
function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

const ESCAPES: Record<string, string> = {
  "\t": "\\t",
  "\n": "\\n",
  "\r": "\\r",
  '"': '\\"',
  "\\": "\\\\",
};

/** `name` C-quoted, as git and GNU diff do, when it would break the header. */
function quoted(name: string): string {
  const special = (c: string) =>
    c < " " || c === "\x7f" || c === '"' || c === "\\";
  if (![...name].some(special)) return name;
  const escape = (c: string) =>
    ESCAPES[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}`;
  return `"${[...name].map((c) => special(c) ? escape(c) : c).join("")}"`;
}
