/**
 * The blank-line-separated records of a text package database: a dpkg
 * `status` file (deb822 paragraphs) or apk's `installed` db.
 */
export interface Stanza {
  /** 1-based line number of its first line, for error messages. */
  line: number;
  lines: string[];
}

const utf8 = new TextDecoder("utf-8", { fatal: false });

/** Decodes a database file as UTF-8, replacing bytes that are not. */
export function decodeText(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/**
 * Splits text into stanzas at lines that are empty or only spaces and tabs
 * (Debian Policy §5.1 lets parsers take those as separators). Linear in the
 * text, whatever its line lengths.
 */
export function splitStanzas(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza | null = null;
  let lineNumber = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    lineNumber++;
    const line = text.slice(start, end);
    if (isBlank(line)) current = null;
    else {
      if (!current) {
        current = { line: lineNumber, lines: [] };
        stanzas.push(current);
      }
      current.lines.push(line);
    }
    start = end + 1;
  }
  return stanzas;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c !== " " && c !== "\t" && c !== "\r") return false;
  }
  return true;
}

/**
 * The fields of a deb822 stanza, names lower-cased (they are
 * case-insensitive), values trimmed; continuation lines (starting with a
 * space or tab) are joined to their field with "\n". Lines that are neither
 * are ignored.
 *
 * @example
 * ```ts
 * deb822Fields({ line: 1, lines: ["Package: dash", "Version: 0.5.12-2"] })
 *   .get("version"); // "0.5.12-2"
 * ```
 */
export function deb822Fields(stanza: Stanza): Map<string, string> {
  const fields = new Map<string, string>();
  let last: string | null = null;
  for (const line of stanza.lines) {
    if (line[0] === " " || line[0] === "\t") {
      if (last !== null) {
        fields.set(last, `${fields.get(last)}\n${line.trim()}`);
      }
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) {
      last = null;
      continue;
    }
    last = line.slice(0, colon).trim().toLowerCase();
    fields.set(last, line.slice(colon + 1).trim());
  }
  return fields;
}
