import type { Change } from "../../analyze/diff.ts";
import type { InspectReport } from "../../analyze/inspect_report.ts";
import type { DiffReport } from "../../analyze/report.ts";
import type { MergedEntry } from "../../merge/merged_entry.ts";
import { formatMode, formatTime } from "../format.ts";

/**
 * The JSON view: the versioned contract documented in the README
 * (`schemaVersion` 1), of a diff or of an inspected image. Names that are
 * not UTF-8 come out as `\udcXX` escapes, one per byte, never merged into
 * U+FFFD.
 */
export function renderJson(report: DiffReport | InspectReport): string {
  return [...jsonChunks(report)].join("");
}

/**
 * `renderJson` in pieces that join to the same text: a diff's changes come
 * one per piece, so a report of millions of paths never becomes one string
 * (V8 caps strings at about 512 MB) and is written as it is formatted.
 */
export function* jsonChunks(
  report: DiffReport | InspectReport,
): Generator<string> {
  if ("image" in report) {
    yield `${JSON.stringify(report, null, 2)}\n`;
    return;
  }
  let separator = "{\n  ";
  for (const [key, value] of Object.entries(report)) {
    if (value === undefined) continue;
    yield `${separator}${JSON.stringify(key)}: `;
    separator = ",\n  ";
    if (key === "changes") yield* changeChunks(report.changes);
    else yield nested(value, "  ");
  }
  yield "\n}\n";
}

/** The `changes` array as `JSON.stringify(…, null, 2)` lays it out one level down. */
function* changeChunks(changes: Change[]): Generator<string> {
  if (changes.length === 0) {
    yield "[]";
    return;
  }
  let separator = "[\n    ";
  for (const change of changes) {
    yield `${separator}${nested(jsonChange(change), "    ")}`;
    separator = ",\n    ";
  }
  yield "\n  ]";
}

/** A value indented as a member at `indent` (JSON strings hold no raw line breaks). */
function nested(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replaceAll("\n", `\n${indent}`);
}

function jsonChange(change: Change): Record<string, unknown> {
  return {
    path: change.path,
    change: change.change,
    fields: change.fields,
    a: change.a && jsonEntry(change.a),
    b: change.b && jsonEntry(change.b),
  };
}

/** The JSON `Entry` of a merged entry. */
export function jsonEntry(entry: MergedEntry): Record<string, unknown> {
  return {
    type: entry.type,
    size: entry.size,
    mode: formatMode(entry.mode),
    uid: entry.uid,
    gid: entry.gid,
    ...(entry.target !== undefined ? { target: entry.target } : {}),
    ...(entry.digest !== undefined ? { digest: entry.digest } : {}),
    ...(entry.devMajor !== undefined
      ? { devMajor: entry.devMajor, devMinor: entry.devMinor }
      : {}),
    mtime: formatTime(entry.mtime),
    layer: entry.layer,
  };
}
