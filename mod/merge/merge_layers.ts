import { InputError } from "../errors.ts";
import type { LayerEntry, LayerIndex } from "../layer/entry.ts";
import { takeTargetContent } from "../layer/link_content.ts";
import type { MergedEntry, MergedFs } from "./merged_entry.ts";

/** Why a lower entry left the merged filesystem. */
export type HideReason = "whiteout" | "opaque" | "replaced";

/** Options of `mergeLayers`. */
export interface MergeOptions {
  /** Called for every entry a higher layer hides, subtree members included. */
  onHide?: (hidden: MergedEntry, byLayer: number, reason: HideReason) => void;
}

interface Node {
  entry?: MergedEntry;
  children?: Map<string, Node>;
}

/**
 * Applies layers bottom to top, as extraction does (OCI image spec,
 * layer.md): each layer's whiteouts and opaque markers first hide lower
 * entries (never the layer's own), then its entries are put in place in tar
 * order. A directory over a directory keeps the children; any other
 * replacement drops the old subtree. Missing parents are implied (0755,
 * root). Hard links take their target's content and metadata, looked up
 * among the entries applied so far. Every entry records the layer it came
 * from. The tree of directory nodes keeps each whiteout O(depth + hidden).
 *
 * @example
 * const fs = mergeLayers([base.index, app.index]);
 * fs.get("/etc/os-release")?.layer; // 0
 */
export function mergeLayers(
  layers: LayerIndex[],
  options: MergeOptions = {},
): MergedFs {
  const stack = new LayerStack(options);
  for (const layer of layers) stack.apply(layer);
  return stack.merged();
}

/**
 * A merge in progress (see `mergeLayers`), one layer at a time. `fork`
 * lets two images with the same lower layers merge those once: the fork
 * shares the entries made so far and goes on with its own layers.
 *
 * @example
 * const a = new LayerStack();
 * a.apply(base.index);
 * const b = a.fork();
 * a.apply(appV1.index);
 * b.apply(appV2.index);
 */
export class LayerStack {
  readonly #root: Node;
  readonly #options: MergeOptions;
  #count: number;

  constructor(options: MergeOptions = {}) {
    this.#root = { children: new Map() };
    this.#options = options;
    this.#count = 0;
  }

  /** Applies the next layer on top of those applied so far. */
  apply(layer: LayerIndex): void {
    const i = this.#count++;
    const root = this.#root;
    const onHide = this.#options.onHide;
    const hide = (node: Node, byLayer: number, reason: HideReason) => {
      if (onHide) walk(node, (entry) => onHide(entry, byLayer, reason));
    };
    for (const path of layer.whiteouts) {
      const { parent, name } = locate(root, path);
      const node = parent?.children?.get(name);
      if (node) {
        parent!.children!.delete(name);
        hide(node, i, "whiteout");
      }
    }
    for (const path of layer.opaqueDirs) {
      const { parent, name } = locate(root, path);
      const node = path === "/" ? root : parent?.children?.get(name);
      if (node?.children) {
        for (const child of node.children.values()) hide(child, i, "opaque");
        node.children.clear();
      }
    }
    const cache: ParentCache = { path: "", node: undefined };
    for (const entry of layer.entries.values()) {
      put(root, entry, i, { hide, cache });
    }
  }

  /**
   * A copy of this merge that other layers can go on, reporting hides to
   * its own `onHide`. Its entries are this merge's, shared, never copied.
   */
  fork(options: MergeOptions = {}): LayerStack {
    const fork = new LayerStack(options);
    copyChildren(this.#root, fork.#root);
    fork.#root.entry = this.#root.entry;
    fork.#count = this.#count;
    return fork;
  }

  /** The merged filesystem of the layers applied so far. */
  merged(): MergedFs {
    const merged: MergedFs = new Map();
    walk(this.#root, (entry) => merged.set(entry.path, entry));
    return merged;
  }
}

/** Copies the tree below `from` into `to`: new nodes, the same entries. */
function copyChildren(from: Node, to: Node): void {
  for (const [name, child] of from.children!) {
    const copy: Node = { entry: child.entry };
    if (child.children) {
      copy.children = new Map();
      copyChildren(child, copy);
    }
    to.children!.set(name, copy);
  }
}

/**
 * The directory node of the last entry put. It stays in the tree for the
 * rest of the layer: a put replaces only a child of its parent, and
 * `parentDir` only non-directories.
 */
interface ParentCache {
  path: string;
  node: Node | undefined;
}

function put(
  root: Node,
  entry: LayerEntry,
  layer: number,
  { hide, cache }: {
    hide: (node: Node, byLayer: number, reason: HideReason) => void;
    cache: ParentCache;
  },
): void {
  const merged: MergedEntry = { ...entry, layer };
  // A link resolved in its own layer (indexLayer) already has its content.
  if (entry.type === "hardlink" && !entry.linkResolved) {
    linkContent(root, merged, layer);
  }
  if (entry.path === "/") {
    root.entry = merged;
    return;
  }
  const slash = entry.path.lastIndexOf("/");
  const parentPath = entry.path.slice(0, slash);
  const name = entry.path.slice(slash + 1);
  let dir: Node;
  if (cache.node && cache.path === parentPath) {
    dir = cache.node;
  } else {
    dir = parentDir(root, parentPath, { layer, hide });
    cache.path = parentPath;
    cache.node = dir;
  }
  const old = dir.children!.get(name);
  if (old?.children && entry.type === "dir") {
    old.entry = merged;
    return;
  }
  if (old) hide(old, layer, "replaced");
  dir.children!.set(
    name,
    entry.type === "dir"
      ? { entry: merged, children: new Map() }
      : { entry: merged },
  );
}

/** The directory node at `path` ("" for root), implying missing ones. */
function parentDir(
  root: Node,
  path: string,
  { layer, hide }: {
    layer: number;
    hide: (node: Node, byLayer: number, reason: HideReason) => void;
  },
): Node {
  let dir = root;
  if (path === "") return dir;
  const names = path.slice(1).split("/");
  for (let i = 0; i < names.length; i++) {
    let child = dir.children!.get(names[i]);
    if (!child?.children) {
      if (child) hide(child, layer, "replaced");
      child = {
        entry: impliedDir(`/${names.slice(0, i + 1).join("/")}`, layer),
        children: new Map(),
      };
      dir.children!.set(names[i], child);
    }
    dir = child;
  }
  return dir;
}

/**
 * A hard link is its target's inode: it takes the target's content and
 * metadata as seen at this point (as `umoci unpack` does; tar writers store
 * the same values in both headers anyway).
 */
function linkContent(root: Node, link: MergedEntry, layer: number): void {
  const { parent, name } = locate(root, link.target!);
  const target = parent?.children?.get(name)?.entry;
  const context = { layer: { index: layer }, entry: link.path };
  if (!target) {
    throw new InputError("hard link target does not exist", context);
  }
  if (target.type === "dir") {
    throw new InputError("hard link target is a directory", context);
  }
  takeTargetContent(link, target);
}

function locate(root: Node, path: string): { parent?: Node; name: string } {
  const names = path.slice(1).split("/");
  let node: Node | undefined = root;
  for (let i = 0; i < names.length - 1 && node; i++) {
    node = node.children?.get(names[i]);
  }
  return { parent: node, name: names[names.length - 1] };
}

function impliedDir(path: string, layer: number): MergedEntry {
  return {
    path,
    type: "dir",
    mode: 0o755,
    uid: 0,
    gid: 0,
    size: 0,
    mtime: 0,
    layer,
  };
}

/** Visits every entry below and including `node`, parents first. */
function walk(node: Node, visit: (entry: MergedEntry) => void): void {
  if (node.entry) visit(node.entry);
  if (node.children) {
    for (const child of node.children.values()) walk(child, visit);
  }
}
