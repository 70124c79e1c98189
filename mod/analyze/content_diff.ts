import { structuredPatch } from "diff";

/**
 * One hunk of a unified diff, as jsdiff's `structuredPatch` gives it.
 * `oldStart`/`newStart` are 1-based; when a side's line count is 0 the
 * range is empty and sits just before that line (the unified header then
 * shows `start − 1,0`, as GNU diff does).
 */
export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /**
   * Each line starts with " ", "-" or "+" and has no `\n`; a line whose
   * file side ends without a newline is followed by
   * `\ No newline at end of file`. A CRLF line keeps its `\r`.
   */
  lines: string[];
}

/**
 * The content diff of one modified regular file.
 * - `text`: both sides are UTF-8 text; `added`/`removed` count `+`/`-`
 *   lines (no hunks when the texts are equal).
 * - `binary`: a side has a NUL byte in its first 8,000 bytes (git's rule)
 *   or is not valid UTF-8; renderers show sizes and digests instead.
 * - `too-large`: a side was over `limit` bytes, so its bytes were not kept;
 * - `not-kept`: a side's bytes were not kept for another reason: the run's
 *   budget ran out, or it is a hard link to a file `--content` did not
 *   match (its bytes streamed past before the link named them).
 * The last two are made by the caller that keeps the bytes, never by
 * {@linkcode diffContent}.
 */
export type ContentDiff =
  | { kind: "text"; hunks: DiffHunk[]; added: number; removed: number }
  | { kind: "binary" }
  | { kind: "too-large"; limit: number }
  | { kind: "not-kept"; reason: "budget" | "link" };

/** Git's `FIRST_FEW_BYTES`: how far `buffer_is_binary()` looks for a NUL. */
const BINARY_SNIFF_BYTES = 8000;
/**
 * Myers edit distance (lines removed + added) past which jsdiff gives up.
 * Its cost grows with the square of this; past ~500 changed lines a
 * line-by-line alignment is not worth reading anyway.
 */
const MAX_EDIT_LENGTH = 1000;
/**
 * Wall-clock backstop for repetitive inputs (e.g. alternating lines) whose
 * Myers cost is (lines × edits) rather than edits²; not reached by 256 KiB
 * of ordinary text within {@linkcode MAX_EDIT_LENGTH}.
 */
const TIMEOUT_MS = 1000;
const NO_NEWLINE = "\\ No newline at end of file";
// ignoreBOM keeps a byte-order mark as text, so adding one is a change.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Line diff of two file contents, with `context` lines (default 3, as
 * `diff -u`) around each change.
 *
 * Lines end at `\n` only: a CRLF line keeps its `\r`, so CRLF ↔ LF shows as
 * changed lines, as with GNU diff without `--strip-trailing-cr` (the hunks
 * still apply with `patch`). A lone `\r` does not end a line.
 *
 * When the diff exceeds 1,000 line edits (or one second), jsdiff's search
 * is abandoned and the result is one whole-file hunk: every old line
 * removed, every new line added. Its counts are then an upper bound rather
 * than the minimum. Lines are compared whole, never by character, so one
 * very long line costs one comparison.
 *
 * @example
 * ```ts
 * const enc = new TextEncoder();
 * const diff = diffContent(enc.encode("a\nb\n"), enc.encode("a\nc\n"));
 * // { kind: "text", added: 1, removed: 1, hunks: [{ oldStart: 1, ...,
 * //   lines: [" a", "-b", "+c"] }] }
 * ```
 */
export function diffContent(
  a: Uint8Array,
  b: Uint8Array,
  options: { context?: number } = {},
): ContentDiff {
  const oldText = decodeText(a);
  const newText = decodeText(b);
  if (oldText === undefined || newText === undefined) return { kind: "binary" };
  const search = {
    context: options.context ?? 3,
    maxEditLength: MAX_EDIT_LENGTH,
    timeout: TIMEOUT_MS,
  };
  const patch = surelyTooFar(oldText, newText)
    ? undefined
    : structuredPatch("a", "b", oldText, newText, undefined, undefined, search);
  const hunks = patch?.hunks ?? [replaceAll(oldText, newText)];
  let added = 0;
  let removed = 0;
  for (const hunk of hunks) {
    for (const line of hunk.lines) {
      if (line[0] === "+") added++;
      else if (line[0] === "-") removed++;
    }
  }
  return { kind: "text", hunks, added, removed };
}

/** The text of `bytes`, or undefined when they look binary. */
function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Whether jsdiff would surely give up: the edit distance is at least
 * (old lines + new lines − 2 × lines the two could share), so a rewritten
 * file skips the search (tens of ms at 256 KiB) for the same result.
 */
function surelyTooFar(oldText: string, newText: string): boolean {
  const oldLines = lineKeys(oldText);
  const newLines = lineKeys(newText);
  const unmatched = new Map<string, number>();
  for (const line of oldLines) {
    unmatched.set(line, (unmatched.get(line) ?? 0) + 1);
  }
  let shared = 0;
  for (const line of newLines) {
    const count = unmatched.get(line);
    if (!count) continue;
    unmatched.set(line, count - 1);
    shared++;
  }
  return oldLines.length + newLines.length - 2 * shared > MAX_EDIT_LENGTH;
}

/**
 * One key per jsdiff line token, equal when the tokens are equal: a line
 * ended by "\n" keys as its text, an unterminated last line as text + "\n"
 * (cheaper than splitting with the newlines kept).
 */
function lineKeys(text: string): string[] {
  const keys = text.split("\n");
  const last = keys.pop()!;
  if (last !== "") keys.push(`${last}\n`);
  return keys;
}

/** The fallback hunk: all of `oldText` removed, all of `newText` added. */
function replaceAll(oldText: string, newText: string): DiffHunk {
  const removed = signedLines(oldText, "-");
  const added = signedLines(newText, "+");
  return {
    oldStart: 1,
    oldLines: removed.filter((line) => line !== NO_NEWLINE).length,
    newStart: 1,
    newLines: added.filter((line) => line !== NO_NEWLINE).length,
    lines: [...removed, ...added],
  };
}

/** `text` split as jsdiff splits it, each line prefixed by `sign`. */
function signedLines(text: string, sign: "-" | "+"): string[] {
  const lines = text.split("\n");
  const last = lines.pop()!;
  const signed = lines.map((line) => sign + line);
  if (last !== "") signed.push(sign + last, NO_NEWLINE);
  return signed;
}
