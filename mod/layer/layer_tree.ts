import { parentPath } from "./path.ts";

/**
 * Which paths a layer stored below which, so that a non-directory stored
 * over a path can drop what the same layer put below it earlier, as
 * extraction in tar order does. Until the first such drop only the
 * directories that have something below them are kept (real layers never
 * replace their own directories); then a child index is built once and
 * kept up to date, so a hostile layer costs O(depth) per entry, not O(n).
 */
export class LayerTree {
  readonly #parents = new Set<string>();
  #children?: Map<string, Set<string>>;

  /** Records a stored path. */
  add(path: string): void {
    if (this.#children) {
      addChild(this.#children, path);
      return;
    }
    for (let dir = parentPath(path); !this.#parents.has(dir);) {
      this.#parents.add(dir);
      if (dir === "/") break;
      dir = parentPath(dir);
    }
  }

  /**
   * Forgets and returns every path recorded below `path` (implied parent
   * directories included); `stored` lists the paths recorded so far.
   */
  takeBelow(path: string, stored: Iterable<string>): string[] {
    if (!this.#children) {
      if (!this.#parents.has(path)) return [];
      this.#children = new Map();
      for (const each of stored) addChild(this.#children, each);
    }
    const below: string[] = [];
    const pending = [path];
    for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
      const children = this.#children.get(dir);
      if (!children) continue;
      this.#children.delete(dir);
      for (const child of children) {
        below.push(child);
        pending.push(child);
      }
    }
    return below;
  }
}

function addChild(children: Map<string, Set<string>>, path: string): void {
  for (let child = path; child !== "/";) {
    const parent = parentPath(child);
    let siblings = children.get(parent);
    if (!siblings) children.set(parent, siblings = new Set());
    if (siblings.has(child)) return;
    siblings.add(child);
    child = parent;
  }
}
