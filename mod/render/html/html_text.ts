/** Text made inert for an HTML page: markup escaped, controls made visible, JSON safe in a script element. */
import { escapeForTerminal } from "../format.ts";

const MARKUP: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes the five characters that could start markup or end an attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => MARKUP[char]);
}

/**
 * A name or any text from an image as page text: controls, bidirectional
 * overrides and bytes that are not UTF-8 made visible as the terminal view
 * shows them (`\x1b`, `\u202e`, `\xff`), then markup escaped. Tabs stay
 * tabs, so diff lines keep their indentation.
 *
 * @example
 * ```ts
 * htmlText("<b>\u202e\udcff"); // "&lt;b&gt;\\u202e\\xff"
 * ```
 */
export function htmlText(text: string): string {
  return escapeHtml(text.split("\t").map(escapeForTerminal).join("\t"));
}

/**
 * JSON that cannot end or confuse the `<script type="application/json">`
 * holding it: `<`, `>`, `&`, the line separators U+2028/2029, DEL, C1
 * controls and bidirectional controls written as `\u` escapes (so no
 * `</script>` or `<!--` can appear, and the page's source reads in order),
 * lone surrogates as `\udcXX` (as `JSON.stringify` writes them). It parses
 * back to the same value.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
