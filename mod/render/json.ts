import type { InspectReport } from "../analyze/inspect_report.ts";
import type { DiffReport } from "../analyze/report.ts";
import type { MergedEntry } from "../merge/merged_entry.ts";
import { formatMode, formatTime } from "./format.ts";

/**
 * The JSON view: the versioned contract documented in the README
 * (`schemaVersion` 1), of a diff or of an inspected image. Names that are
 * not UTF-8 come out as `\udcXX` escapes, one per byte, never merged into
 * U+FFFD.
 */
export function renderJson(report: DiffReport | InspectReport): string {
  if ("image" in report) return `${JSON.stringify(report, null, 2)}\n`;
  return `${
    JSON.stringify(
      {
        ...report,
        changes: report.changes.map((change) => ({
          path: change.path,
          change: change.change,
          fields: change.fields,
          a: change.a && jsonEntry(change.a),
          b: change.b && jsonEntry(change.b),
        })),
      },
      null,
      2,
    )
  }\n`;
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
