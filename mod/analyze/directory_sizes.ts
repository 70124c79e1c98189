import type { MergedEntry } from "../merge/merged_entry.ts";
import { compareNames } from "../tar/name.ts";

/** A path before and after: a diff change, or (for inspect) a file of one image. */
export interface SizedPath {
  path: string;
  a: MergedEntry | null;
  b: MergedEntry | null;
}

/** How one directory's content changed, everything below it included. */
export interface DirectoryChange {
  path: string;
  /** "/" is 0, "/usr" 1, "/usr/lib" 2. */
  depth: number;
  /** Bytes of added files plus the growth of grown files. */
  added: number;
  /** Bytes of removed files plus the shrinkage of shrunk files. */
  removed: number;
  /** added − removed: the change in size of the directory. */
  net: number;
  /** Changed paths below it, directories left out. */
  files: number;
}

/** Size change by directory, like `du` of the diff, trimmed to what matters. */
export interface DirectorySizes {
  /** Deepest level shown. */
  depth: number;
  /** Most directories shown. */
  rows: number;
  /** Directories whose size changed that were left out by `rows`. */
  omitted: number;
  /**
   * Tree order: each directory followed by its subdirectories, largest
   * change (added + removed) first. The kept directories are those with
   * the largest change, so every parent of a shown directory is shown.
   */
  entries: DirectoryChange[];
}

/** Regular-file content bytes of an entry (hard links share their target's). */
export function fileBytes(entry: MergedEntry | null): number {
  return entry?.type === "file" ? entry.size : 0;
}

/** Sums byte changes into every directory down to `depth`. */
export function directorySizes(
  paths: Iterable<SizedPath>,
  options: { depth: number; rows: number },
): DirectorySizes {
  const dirs = new Map<string, DirectoryChange>();
  for (const { path, a, b } of paths) {
    if ((a ?? b)?.type === "dir" && (b ?? a)?.type === "dir") continue;
    const delta = fileBytes(b) - fileBytes(a);
    for (const [dir, depth] of ancestors(path, options.depth)) {
      let change = dirs.get(dir);
      if (!change) {
        change = { path: dir, depth, added: 0, removed: 0, net: 0, files: 0 };
        dirs.set(dir, change);
      }
      if (delta > 0) change.added += delta;
      else change.removed -= delta;
      change.net += delta;
      change.files++;
    }
  }
  const ranked = [...dirs.values()].filter((dir) => churn(dir) > 0).sort((
    x,
    y,
  ) =>
    churn(y) - churn(x) || x.depth - y.depth || compareNames(x.path, y.path)
  );
  const kept = ranked.slice(0, options.rows);
  return {
    depth: options.depth,
    rows: options.rows,
    omitted: ranked.length - kept.length,
    entries: treeOrder(kept),
  };
}

function churn(change: DirectoryChange): number {
  return change.added + change.removed;
}

/** The directories above `path` down to `depth`, with their depth: "/", "/a", "/a/b". */
function ancestors(path: string, depth: number): [string, number][] {
  const result: [string, number][] = [["/", 0]];
  let slash = path.indexOf("/", 1);
  while (slash > 0 && result.length <= depth) {
    result.push([path.slice(0, slash), result.length]);
    slash = path.indexOf("/", slash + 1);
  }
  return result;
}

function treeOrder(kept: DirectoryChange[]): DirectoryChange[] {
  const children = new Map<string, DirectoryChange[]>();
  for (const change of kept) {
    if (change.path === "/") continue;
    const parent = change.path.slice(0, change.path.lastIndexOf("/")) || "/";
    const siblings = children.get(parent);
    if (siblings) siblings.push(change);
    else children.set(parent, [change]);
  }
  const ordered: DirectoryChange[] = [];
  const visit = (change: DirectoryChange) => {
    ordered.push(change);
    const below = children.get(change.path) ?? [];
    below.sort((x, y) => churn(y) - churn(x) || compareNames(x.path, y.path));
    below.forEach(visit);
  };
  const root = kept.find((change) => change.path === "/");
  if (root) visit(root);
  return ordered;
}
