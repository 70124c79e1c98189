import type { PageData } from "../page_data.ts";
import type { HiddenRow } from "../../../analyze/size_tree.ts";

/** The page data with what the views look up: children, subtree ends, changes by node. */
export interface PageModel {
  data: PageData;
  /** Nodes. */
  n: number;
  /** First child and next sibling of each node, −1 for none (name order). */
  firstChild: Int32Array;
  nextSibling: Int32Array;
  /** Node i's subtree is the nodes i .. end[i] − 1. */
  end: Int32Array;
  /** File bytes at the node itself (not below): B's, A's. */
  ownB: Float64Array;
  ownA: Float64Array;
  /** Change kind at each node (index into CHANGE_KINDS), −1 for none. */
  change: Int8Array;
  /** Changed-field bits and the deleting layer of B, per changed node. */
  fields: Int32Array;
  removedBy: Int32Array;
  /** Node → index into the content diffs. */
  content: Map<number, number>;
  /** Node → its hidden copies. */
  hiddenAt: Map<number, HiddenRow[]>;
  /** The node's full path ("/" for the root). */
  path: (node: number) => string;
  /** The node's children, in name order. */
  children: (node: number) => number[];
  /** Column totals of `own`, summed into every directory. */
  totals: (own: (node: number) => number) => Float64Array;
}

/**
 * Indexes the page data once, in O(nodes): children lists from the
 * parents column, subtree ends, own sizes, changes by node. Paths are
 * made when asked for and kept.
 */
export function pageModel(data: PageData): PageModel {
  const tree = data.tree;
  const n = tree.names.length;
  const firstChild = new Int32Array(n).fill(-1);
  const nextSibling = new Int32Array(n).fill(-1);
  const lastChild = new Int32Array(n).fill(-1);
  const ownB = Float64Array.from(tree.sizeB);
  const ownA = Float64Array.from(tree.sizeA ?? []);
  for (let i = 1; i < n; i++) {
    const parent = tree.parents[i];
    if (lastChild[parent] < 0) firstChild[parent] = i;
    else nextSibling[lastChild[parent]] = i;
    lastChild[parent] = i;
    ownB[parent] -= tree.sizeB[i];
    if (tree.sizeA) ownA[parent] -= tree.sizeA[i];
  }
  const end = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    if (end[i] === 0) end[i] = i + 1;
    const parent = tree.parents[i];
    if (parent >= 0 && end[i] > end[parent]) end[parent] = end[i];
  }
  const change = new Int8Array(n).fill(-1);
  const fields = new Int32Array(n);
  const removedBy = new Int32Array(n).fill(-1);
  for (let c = 0; c < data.changes.length; c += 4) {
    const node = data.changes[c];
    change[node] = data.changes[c + 1];
    fields[node] = data.changes[c + 2];
    removedBy[node] = data.changes[c + 3];
  }
  const content = new Map(data.contentNodes.map((node, i) => [node, i]));
  const hiddenAt = new Map<number, HiddenRow[]>();
  for (const row of tree.hidden) {
    const list = hiddenAt.get(row[0]);
    if (list) list.push(row);
    else hiddenAt.set(row[0], [row]);
  }
  const paths: string[] = ["/"];
  const path = (node: number): string => {
    if (paths[node] !== undefined) return paths[node];
    const chain: number[] = [];
    let at = node;
    while (paths[at] === undefined) {
      chain.push(at);
      at = tree.parents[at];
    }
    for (let k = chain.length - 1; k >= 0; k--) {
      const parent = tree.parents[chain[k]];
      paths[chain[k]] = `${parent === 0 ? "" : paths[parent]}/${
        tree.names[chain[k]]
      }`;
    }
    return paths[node];
  };
  const children = (node: number): number[] => {
    const list: number[] = [];
    for (let c = firstChild[node]; c >= 0; c = nextSibling[c]) list.push(c);
    return list;
  };
  const totals = (own: (node: number) => number): Float64Array => {
    const sums = new Float64Array(n);
    for (let i = n - 1; i >= 0; i--) {
      sums[i] += own(i);
      if (i > 0) sums[tree.parents[i]] += sums[i];
    }
    return sums;
  };
  return {
    data,
    n,
    firstChild,
    nextSibling,
    end,
    ownB,
    ownA,
    change,
    fields,
    removedBy,
    content,
    hiddenAt,
    path,
    children,
    totals,
  };
}
