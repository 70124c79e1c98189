import type { EntryType } from "../layer/entry.ts";
import type { MergedEntry } from "../merge/merged_entry.ts";
import { compareNames } from "../tar/name.ts";
import { fileBytes } from "./directory_sizes.ts";
import { type LayerTrace, parentOf } from "./trace_layers.ts";

/** Ask for the size tree (see `sizeTree`); the HTML view needs it. */
export interface TreeOptions {
  /** Build `report.tree` (default false: it holds one node per path). */
  tree?: boolean;
}

/**
 * One copy of a file that a higher layer of B hid:
 * `[node, bytes, storedIn, hiddenBy]` (node: index into the tree's columns).
 */
export type HiddenRow = [
  node: number,
  bytes: number,
  storedIn: number,
  hiddenBy: number,
];

/**
 * B's merged filesystem as a tree of names with sizes, A's sizes at the
 * same paths, and the copies B's layers hid: what an HTML page needs to
 * draw a treemap and a change tree, in columns (one array per field, one
 * element per node) so that a million paths cost a few numbers each,
 * never a full path or an object.
 *
 * Nodes are every path of B, of A, and of B's hidden file copies, plus any
 * directory above them, in preorder: node 0 is the root "/", a parent
 * comes before its children, siblings are in name order (`compareNames`),
 * so node i's subtree is a run of nodes starting at i. Sizes count
 * regular-file content bytes (a hard link shares its target's) at and
 * below the node.
 */
export interface SizeTree {
  /** Node i's name ("" for the root). */
  names: string[];
  /** Node i's parent; −1 for the root. */
  parents: number[];
  /**
   * One character per node, the type of B's entry (else A's, else a hidden
   * copy's; "d" for an implied directory): "f" file, "d" directory, "l"
   * symlink, "h" hard link, "c" char device, "b" block device, "p" fifo.
   */
  types: string;
  /** B's file bytes at and below node i. */
  sizeB: number[];
  /** Layer of B whose entry is at node i; −1 when B has none there (for the root: no layer stores "/"). */
  layerB: number[];
  /** A's file bytes at and below node i; absent without A. */
  sizeA?: number[];
  /** Layer of A whose entry is at node i, −1 when A has none there; absent without A. */
  layerA?: number[];
  /** Bytes of B's hidden copies at and below node i. */
  wasted: number[];
  /** B's hidden file copies with content, in the order the merge hid them. */
  hidden: HiddenRow[];
}

/** A node while the tree is built. */
interface Building {
  name: string;
  children?: Building[];
  a?: MergedEntry;
  b?: MergedEntry;
  wasted: number;
  hiddenType?: EntryType;
  id: number;
}

const TYPE_CHARS: Record<EntryType, string> = {
  file: "f",
  dir: "d",
  symlink: "l",
  hardlink: "h",
  char: "c",
  block: "b",
  fifo: "p",
};

/**
 * The size tree of B's merge trace (and A's, for a diff): every path with
 * its bytes in B and A, the layer each came from, and B's hidden copies.
 *
 * @example
 * ```ts
 * const tree = sizeTree({ b: traceImage(image) });
 * tree.sizeB[0]; // all file bytes of the image
 * ```
 */
export function sizeTree(traces: { a?: LayerTrace; b: LayerTrace }): SizeTree {
  const root: Building = { name: "", wasted: 0, id: -1 };
  const byPath = new Map<string, Building>([["/", root]]);
  const nodeAt = (path: string): Building =>
    byPath.get(path) ?? implyPath(path, byPath);
  for (const entry of traces.b.fs.values()) nodeAt(entry.path).b = entry;
  for (const entry of traces.a?.fs.values() ?? []) nodeAt(entry.path).a = entry;
  const copies: { node: Building; entry: MergedEntry; byLayer: number }[] = [];
  for (const { entry, byLayer } of traces.b.hidden) {
    if (entry.type !== "file" || entry.size === 0) continue;
    const node = nodeAt(entry.path);
    node.wasted += entry.size;
    node.hiddenType ??= entry.type;
    copies.push({ node, entry, byLayer });
  }
  byPath.clear();
  const tree = columns(root, traces.a !== undefined);
  tree.hidden = copies.map(({ node, entry, byLayer }) => [
    node.id,
    entry.size,
    entry.layer,
    byLayer,
  ]);
  return tree;
}

/** Makes the node at `path` and any missing directory above it. */
function implyPath(path: string, byPath: Map<string, Building>): Building {
  const missing: string[] = [];
  let known = path;
  while (!byPath.has(known)) {
    missing.push(known);
    known = parentOf(known);
  }
  let parent = byPath.get(known)!;
  for (let i = missing.length - 1; i >= 0; i--) {
    const child: Building = {
      name: missing[i].slice(missing[i].lastIndexOf("/") + 1),
      wasted: 0,
      id: -1,
    };
    (parent.children ??= []).push(child);
    byPath.set(missing[i], child);
    parent = child;
  }
  return parent;
}

/** Lays the nodes out in preorder and sums the sizes into every directory. */
function columns(root: Building, withA: boolean): SizeTree {
  const tree: SizeTree = {
    names: [],
    parents: [],
    types: "",
    sizeB: [],
    layerB: [],
    ...(withA ? { sizeA: [], layerA: [] } : {}),
    wasted: [],
    hidden: [],
  };
  const types: string[] = [];
  const stack: [Building, number][] = [[root, -1]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    node.id = tree.names.length;
    tree.names.push(node.name);
    tree.parents.push(parent);
    const type = node.b?.type ?? node.a?.type ?? node.hiddenType ?? "dir";
    types.push(TYPE_CHARS[type]);
    tree.sizeB.push(fileBytes(node.b ?? null));
    tree.layerB.push(node.b?.layer ?? -1);
    tree.sizeA?.push(fileBytes(node.a ?? null));
    tree.layerA?.push(node.a?.layer ?? -1);
    tree.wasted.push(node.wasted);
    const children = node.children ?? [];
    children.sort((x, y) => compareNames(y.name, x.name));
    for (const child of children) stack.push([child, node.id]);
    node.children = undefined;
  }
  for (let i = tree.names.length - 1; i > 0; i--) {
    const parent = tree.parents[i];
    tree.sizeB[parent] += tree.sizeB[i];
    if (tree.sizeA) tree.sizeA[parent] += tree.sizeA[i];
    tree.wasted[parent] += tree.wasted[i];
  }
  tree.types = types.join("");
  return tree;
}
