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

const UNITS = ["B", "kB", "MB", "GB", "TB"];

/** Bytes in decimal units, as `docker images` shows them: 1234567 → "1.2 MB". */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? "-" : "";
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${sign}${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** A signed byte delta: "+1.2 MB", "-300 B", "0 B". */
export function formatDelta(bytes: number): string {
  return bytes > 0 ? `+${formatBytes(bytes)}` : formatBytes(bytes);
}

/**
 * Makes a path safe to print on a terminal: bytes that are not UTF-8 (kept
 * as U+DC80..U+DCFF) become `\xNN`, control characters `\x1b` and the like,
 * and backslashes are doubled so the escape is unambiguous.
 */
export function escapeForTerminal(text: string): string {
  return text.replace(
    // deno-lint-ignore no-control-regex
    /[\\\u0000-\u001f\u007f-\u009f\udc80-\udcff]/g,
    (char) => {
      if (char === "\\") return "\\\\";
      const code = char.charCodeAt(0);
      const byte = code >= 0xdc80 ? code - 0xdc00 : code;
      return `\\x${byte.toString(16).padStart(2, "0")}`;
    },
  );
}
