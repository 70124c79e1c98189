import type { MergedEntry, MergedFs } from "../merge/merged_entry.ts";
import { compareNames } from "../tar/name.ts";

/** What about an entry changed, in report order. */
export type ChangedField =
  | "type"
  | "content"
  | "mode"
  | "uid"
  | "gid"
  | "target"
  | "device"
  | "mtime";

/** One path that differs between image A and image B. */
export interface Change {
  path: string;
  change: "added" | "removed" | "modified";
  /** Empty for added and removed paths (one shared, frozen list). */
  fields: readonly ChangedField[];
  a: MergedEntry | null;
  b: MergedEntry | null;
}

/** The fields of every added and removed path: one list, not a million. */
const NO_FIELDS: readonly ChangedField[] = Object.freeze([]);

/**
 * Compares two merged filesystems path by path: added, removed and modified
 * entries, sorted by path in byte order. Directories change only by their
 * own metadata; mtime counts only with `mtime: true`.
 */
export function diffFs(
  a: MergedFs,
  b: MergedFs,
  options: { mtime?: boolean } = {},
): Change[] {
  const changes: Change[] = [];
  for (const [path, before] of a) {
    const after = b.get(path);
    if (!after) {
      changes.push({
        path,
        change: "removed",
        fields: NO_FIELDS,
        a: before,
        b: null,
      });
      continue;
    }
    const fields = changedFields(before, after, options.mtime ?? false);
    if (fields.length > 0) {
      changes.push({ path, change: "modified", fields, a: before, b: after });
    }
  }
  for (const [path, after] of b) {
    if (!a.has(path)) {
      changes.push({
        path,
        change: "added",
        fields: NO_FIELDS,
        a: null,
        b: after,
      });
    }
  }
  return changes.sort((x, y) => compareNames(x.path, y.path));
}

/** The fields in which two entries of the same path differ. */
export function changedFields(
  a: MergedEntry,
  b: MergedEntry,
  mtime: boolean,
): ChangedField[] {
  const fields: ChangedField[] = [];
  if (a.type !== b.type) fields.push("type");
  if (
    a.type !== "dir" && b.type !== "dir" &&
    (a.digest !== b.digest || a.size !== b.size)
  ) {
    fields.push("content");
  }
  if (a.mode !== b.mode) fields.push("mode");
  if (a.uid !== b.uid) fields.push("uid");
  if (a.gid !== b.gid) fields.push("gid");
  if (a.target !== b.target) fields.push("target");
  if (a.devMajor !== b.devMajor || a.devMinor !== b.devMinor) {
    fields.push("device");
  }
  if (mtime && a.mtime !== b.mtime) fields.push("mtime");
  return fields;
}
