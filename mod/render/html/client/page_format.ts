/**
 * Formatting in the page's script, the same as the other views':
 * each function is self-contained (no module constant), since the page
 * embeds its source (see `page_script.ts`).
 */

/**
 * A name as the page shows it, exactly as `escapeForTerminal` does:
 * controls, bidirectional overrides, separators and bytes that are not
 * UTF-8 made visible (`\x1b`, `\u202e`, `\xff`), backslashes doubled.
 */
export function visibleName(text: string): string {
  return text.replace(
    // deno-lint-ignore no-control-regex
    /[\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]/gu,
    (char) => {
      if (char === "\\") return "\\\\";
      const code = char.charCodeAt(0);
      const hex = (value: number, digits: number) =>
        value.toString(16).padStart(digits, "0");
      if (code < 0x100) return `\\x${hex(code, 2)}`;
      if (code >= 0xdc80 && code <= 0xdcff) {
        return `\\x${hex(code - 0xdc00, 2)}`;
      }
      return `\\u${hex(code, 4)}`;
    },
  );
}

/** Bytes in decimal units, exactly as `formatBytes`: 1234567 → "1.2 MB". */
export function pageBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  const sign = bytes < 0 ? "-" : "";
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  let text = unit === 0 ? value.toFixed(0) : value.toFixed(1);
  if (Number(text) >= 100) text = value.toFixed(0);
  if (Number(text) >= 1000 && unit > 0 && unit < units.length - 1) {
    text = "1.0";
    unit++;
  }
  return `${sign}${text} ${units[unit]}`;
}

/** A signed byte delta, exactly as `formatDelta`: "+1.2 MB", "-300 B", "0 B". */
export function pageDelta(bytes: number): string {
  return bytes > 0 ? `+${pageBytes(bytes)}` : pageBytes(bytes);
}
