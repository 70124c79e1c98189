/**
 * The plan of a benchmark image pair: layers as lists of entry records that
 * the writer turns into tar members. Records are small (no content), so a
 * layer of 100,000 files is planned in memory and written by streaming.
 */
import type { TarSpec } from "../../tests/fixtures/tar_builder.ts";
import type { ContentKind, ContentPool } from "./content_pool.ts";

/** One layer entry; `path` is relative, without a trailing slash. */
export interface EntryRecord {
  path: string;
  type: "file" | "dir" | "symlink" | "hardlink";
  /** Files: content kind, size in bytes and the seed of their content. */
  kind?: ContentKind;
  size?: number;
  seed?: number;
  mode?: number;
  /** Symlink or hard link target. */
  target?: string;
}

/** One layer; `id` names it in the work folder and across the two images. */
export interface LayerPlan {
  id: string;
  createdBy: string;
  /** Seconds since the epoch, stored as every entry's mtime. */
  mtime: number;
  entries: EntryRecord[];
}

/** Two images; a layer object present in both is written once. */
export interface PairPlan {
  name: string;
  a: LayerPlan[];
  b: LayerPlan[];
  /** Figures about the pair for the report (counts, bytes). */
  stats: Record<string, number>;
}

/** An empty regular file; whiteouts and opaque markers are such files. */
export const emptyFile = (path: string): EntryRecord => ({
  path,
  type: "file",
  kind: "text",
  size: 0,
  seed: 0,
});

/** The OCI whiteout hiding `path` in lower layers. */
export const whiteoutOf = (path: string): EntryRecord => {
  const slash = path.lastIndexOf("/");
  return emptyFile(`${path.slice(0, slash + 1)}.wh.${path.slice(slash + 1)}`);
};

/** The OCI opaque marker hiding the lower children of `dir`. */
export const opaqueOf = (dir: string): EntryRecord =>
  emptyFile(`${dir}/.wh..wh..opq`);

/**
 * Adds a directory record for every ancestor not already listed and sorts
 * by path, which puts each directory before its children, as `docker build`
 * does.
 */
export function withParentDirs(entries: EntryRecord[]): EntryRecord[] {
  const listed = new Set(entries.map((entry) => entry.path));
  const out = [...entries];
  for (const entry of entries) {
    for (let at = entry.path.lastIndexOf("/"); at > 0;) {
      const dir = entry.path.slice(0, at);
      if (listed.has(dir)) break;
      listed.add(dir);
      out.push({ path: dir, type: "dir" });
      at = dir.lastIndexOf("/");
    }
  }
  return out.sort((x, y) => x.path < y.path ? -1 : x.path > y.path ? 1 : 0);
}

/** The tar header spec and body chunks of one record. */
export function toMember(
  record: EntryRecord,
  options: { pool: ContentPool; mtime: number },
): { spec: TarSpec; body: Iterable<Uint8Array> } {
  const base = { mode: record.mode, mtime: options.mtime };
  switch (record.type) {
    case "dir":
      return {
        spec: { ...base, path: `${record.path}/`, type: "dir" },
        body: [],
      };
    case "symlink":
    case "hardlink":
      return {
        spec: {
          ...base,
          path: record.path,
          type: record.type,
          target: record.target,
        },
        body: [],
      };
    case "file": {
      const size = record.size ?? 0;
      return {
        spec: { ...base, path: record.path, type: "file", size },
        body: options.pool.chunks(record.kind ?? "text", size, {
          seed: record.seed ?? 0,
          label: record.path,
        }),
      };
    }
  }
}
