/**
 * The common shape both sides of a conformance check are reduced to: what an
 * unpacked root filesystem can show. A hard link is a file like any other on
 * disk, so it is compared by content; symlinks have no permission bits of
 * their own on Linux, so theirs are not compared.
 */
import type { MergedFs } from "../../mod/merge/merged_entry.ts";

/** One path as a filesystem shows it. */
export interface FsNode {
  type: "file" | "dir" | "symlink" | "char" | "block" | "fifo";
  /** `mode & 0o7777`; 0o777 for every symlink. */
  mode: number;
  uid: number;
  gid: number;
  /** Symlink target. */
  target?: string;
  /** "sha256:<hex>" of a file's content. */
  digest?: string;
  devMajor?: number;
  devMinor?: number;
}

/** Absolute path → node, without "/" itself. */
export type FsView = Map<string, FsNode>;

/**
 * Reduces layerdiff's merged filesystem to an FsView: "/" dropped (umoci
 * unpacks into a directory it creates, so the root's metadata is umoci's,
 * not the image's), hard links become files with their resolved digest.
 */
export function viewOfMerged(merged: MergedFs): FsView {
  const view: FsView = new Map();
  for (const [path, entry] of merged) {
    if (path === "/") continue;
    const type = entry.type === "hardlink" ? "file" : entry.type;
    const node: FsNode = {
      type,
      mode: type === "symlink" ? 0o777 : entry.mode & 0o7777,
      uid: entry.uid,
      gid: entry.gid,
    };
    if (type === "symlink") node.target = entry.target;
    if (type === "file") node.digest = entry.digest;
    if (type === "char" || type === "block") {
      node.devMajor = entry.devMajor;
      node.devMinor = entry.devMinor;
    }
    view.set(path, node);
  }
  return view;
}

/** The view as a plain object sorted by path, for readable assertion diffs. */
export function sortedView(view: FsView): Record<string, FsNode> {
  const out: Record<string, FsNode> = {};
  for (const path of [...view.keys()].sort()) out[path] = view.get(path)!;
  return out;
}

/** What changed from `a` to `b`, path → "added" | "removed" | "modified", sorted. */
export function diffViews(a: FsView, b: FsView): Record<string, string> {
  const changes: Record<string, string> = {};
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  for (const path of paths) {
    const before = a.get(path);
    const after = b.get(path);
    if (before === undefined) changes[path] = "added";
    else if (after === undefined) changes[path] = "removed";
    else if (!sameNode(before, after)) changes[path] = "modified";
  }
  return changes;
}

function sameNode(a: FsNode, b: FsNode): boolean {
  return JSON.stringify(sortedKeys(a)) === JSON.stringify(sortedKeys(b));
}

function sortedKeys(node: FsNode): [string, unknown][] {
  return Object.entries(node).filter(([, v]) => v !== undefined).sort();
}
