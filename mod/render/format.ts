/** Formatting shared by the renderers. */

/** Permission bits as four octal digits: 0o755 → "0755". */
export function formatMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, "0");
}

/** Seconds since the epoch as ISO-8601; out-of-range times as the epoch. */
export function formatTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime())
    ? new Date(0).toISOString()
    : date.toISOString();
}

const UNITS = ["B", "kB", "MB", "GB", "TB", "PB"];

/**
 * Bytes in decimal units, as `docker images` shows them: one decimal below
 * 100, none from 100 on. 1234567 → "1.2 MB", 999999 → "1.0 MB".
 */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? "-" : "";
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  let text = unit === 0 ? value.toFixed(0) : value.toFixed(1);
  if (Number(text) >= 100) text = value.toFixed(0);
  if (Number(text) >= 1000 && unit > 0 && unit < UNITS.length - 1) {
    text = "1.0";
    unit++;
  }
  return `${sign}${text} ${UNITS[unit]}`;
}

/** A signed byte delta: "+1.2 MB", "-300 B", "0 B". */
export function formatDelta(bytes: number): string {
  return bytes > 0 ? `+${formatBytes(bytes)}` : formatBytes(bytes);
}

/**
 * Characters a terminal would act on or that reorder what it shows: C0 and
 * C1 controls, DEL, bidirectional overrides and isolates, line and paragraph
 * separators, and lone surrogates (bytes that are not UTF-8).
 */
const UNSAFE =
  // deno-lint-ignore no-control-regex
  /[\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]/gu;

/**
 * Makes text safe to print on a terminal: bytes that are not UTF-8 (kept as
 * U+DC80..U+DCFF) become `\xNN`, control characters `\x1b` and the like,
 * bidirectional controls `\u202e`, and backslashes are doubled so every
 * escape is unambiguous. Printable text, emoji included, passes unchanged.
 *
 * @example
 * ```ts
 * escapeForTerminal("evil\x1b[2J\udcff"); // "evil\\x1b[2J\\xff"
 * ```
 */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => {
    if (char === "\\") return "\\\\";
    const code = char.charCodeAt(0);
    if (code < 0x100) return `\\x${hex(code, 2)}`;
    if (code >= 0xdc80 && code <= 0xdcff) return `\\x${hex(code - 0xdc00, 2)}`;
    return `\\u${hex(code, 4)}`;
  });
}

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, "0");
}
