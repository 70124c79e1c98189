/// <reference lib="dom" />
import { layerMatch, type PageState } from "./layer_filter.ts";
import type { PageModel } from "./page_model.ts";
import { pageBytes, pageDelta, visibleName } from "./page_format.ts";

/**
 * The change list as a tree (WAI-ARIA tree pattern): only the changed
 * paths and the directories above them, filtered by kind, changed field,
 * path and the layer filter. Rows exist only for expanded directories
 * (200 children at a time), so a million changes cost a few hundred DOM
 * nodes. Arrow keys move and open, Enter or Space toggles a directory or
 * opens a file's content diff. `reveal` opens the rows down to a node.
 */
export function changeTreeView(
  model: PageModel,
  state: PageState,
): { reveal: (node: number) => void } {
  const kinds = ["added", "removed", "modified"];
  const marks = ["+ added", "− removed", "~ modified"];
  const fieldNames = [
    "type",
    "content",
    "mode",
    "uid",
    "gid",
    "target",
    "device",
    "mtime",
  ];
  const typeNames: Record<string, string> = {
    f: "file",
    d: "directory",
    l: "symlink",
    h: "hard link",
    c: "char device",
    b: "block device",
    p: "fifo",
  };
  const page = 200;
  const autoRows = 60;
  const tree = model.data.tree;
  const list = document.getElementById("change-tree")!;
  const status = document.getElementById("tree-status")!;
  const search = document.getElementById("path-search") as HTMLInputElement;
  const field = document.getElementById("field-filter") as HTMLSelectElement;
  const boxes = [
    ...document.querySelectorAll<HTMLInputElement>("input[name=kind]"),
  ];
  const total = model.data.changes.length / 4;
  let under = new Int32Array(model.n);
  let expanded = new Set<number>();
  const shown = new Map<number, number>();
  let current = 0;
  let lowered: string[] | undefined;

  const isDir = (node: number) => tree.types[node] === "d";
  const visibleChildren = (node: number) =>
    model.children(node).filter((child) => under[child] > 0);

  function compute(): number {
    const match = layerMatch(model, state.filter);
    const wanted = kinds.map((_, i) => boxes[i]?.checked !== false);
    const bit = field.value === "" ? 0 : 1 << fieldNames.indexOf(field.value);
    const query = search.value.trim().toLowerCase();
    if (query && !lowered) lowered = [];
    under = new Int32Array(model.n);
    let count = 0;
    const changes = model.data.changes;
    for (let c = 0; c < changes.length; c += 4) {
      const node = changes[c];
      if (!wanted[changes[c + 1]]) continue;
      if (bit && !(changes[c + 2] & bit)) continue;
      if (!match.change(node)) continue;
      if (query) {
        lowered![node] ??= model.path(node).toLowerCase();
        if (!lowered![node].includes(query)) continue;
      }
      count++;
      for (let at = node; at >= 0; at = tree.parents[at]) under[at]++;
    }
    return count;
  }

  /** Opens directories breadth first while the rows stay few. */
  function autoExpand(): void {
    expanded = new Set([0]);
    shown.clear();
    let rows = 1 + visibleChildren(0).length;
    const queue = visibleChildren(0).filter(isDir);
    while (queue.length > 0) {
      const node = queue.shift()!;
      const children = visibleChildren(node);
      if (rows + children.length > autoRows) break;
      expanded.add(node);
      rows += children.length;
      queue.push(...children.filter(isDir));
    }
  }

  function refresh(): void {
    const count = compute();
    autoExpand();
    status.textContent = count === total
      ? `${total} changed ${total === 1 ? "path" : "paths"}`
      : `Showing ${count} of ${total} changed paths`;
    list.replaceChildren();
    if (count > 0) list.append(row(0, 1, 1, 1));
    if (!list.querySelector(`[data-node="${current}"]`)) current = 0;
    setCurrent(current, false);
  }

  function sizes(node: number): string {
    const type = typeNames[tree.types[node]] ?? "";
    const a = tree.sizeA?.[node] ?? 0;
    const b = tree.sizeB[node];
    switch (model.change[node]) {
      case 0:
        return type === "file" || type === "directory" ? pageBytes(b) : type;
      case 1:
        return type === "file" || type === "directory" ? pageBytes(a) : type;
      default:
        return a === b
          ? pageBytes(b)
          : `${pageBytes(a)} → ${pageBytes(b)} (${pageDelta(b - a)})`;
    }
  }

  function layerText(node: number): string {
    const kind = model.change[node];
    const layerA = tree.layerA?.[node] ?? -1;
    if (kind === 1) {
      return model.removedBy[node] >= 0
        ? `deleted by B${model.removedBy[node]}`
        : `was A${layerA}`;
    }
    return kind === 2 && layerA >= 0
      ? `A${layerA} → B${tree.layerB[node]}`
      : `B${tree.layerB[node]}`;
  }

  function row(
    node: number,
    level: number,
    position: number,
    of: number,
  ): HTMLLIElement {
    const li = document.createElement("li");
    const kind = model.change[node];
    const children = isDir(node) ? visibleChildren(node) : [];
    li.setAttribute("role", "treeitem");
    li.setAttribute("aria-level", String(level));
    li.setAttribute("aria-posinset", String(position));
    li.setAttribute("aria-setsize", String(of));
    li.setAttribute("aria-labelledby", `label-${node}`);
    li.setAttribute("data-testid", "change-row");
    li.setAttribute("data-path", visibleName(model.path(node)));
    li.setAttribute("data-change", kind >= 0 ? kinds[kind] : "");
    li.setAttribute("data-node", String(node));
    li.tabIndex = -1;
    const line = document.createElement("div");
    line.className = "row";
    line.id = `label-${node}`;
    const twisty = document.createElement("span");
    twisty.className = "twisty";
    twisty.setAttribute("aria-hidden", "true");
    line.append(twisty);
    if (kind >= 0) {
      const badge = document.createElement("span");
      badge.className = `badge ${kinds[kind]}`;
      badge.textContent = marks[kind];
      line.append(badge);
    }
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = node === 0
      ? "/"
      : `${visibleName(tree.names[node])}${isDir(node) ? "/" : ""}`;
    line.append(name);
    const meta = document.createElement("span");
    meta.className = "meta";
    const parts: string[] = [];
    if (kind === 2) {
      const bits = model.fields[node];
      parts.push(fieldNames.filter((_, i) => bits & (1 << i)).join(", "));
    }
    if (kind >= 0) parts.push(sizes(node), layerText(node));
    if (children.length > 0) {
      const delta = tree.sizeB[node] - (tree.sizeA?.[node] ?? 0);
      parts.push(
        `${under[node] - (kind >= 0 ? 1 : 0)} changed below`,
        pageDelta(delta),
      );
    }
    meta.textContent = parts.filter(Boolean).join(" · ");
    line.append(meta);
    const content = model.content.get(node);
    if (content !== undefined) {
      const link = document.createElement("a");
      link.href = `#content-${content}`;
      link.className = "diff-link";
      link.tabIndex = -1;
      link.textContent = "content diff";
      link.addEventListener("click", () => openDiff(content));
      line.append(link);
    }
    li.append(line);
    if (children.length > 0) {
      const open = expanded.has(node);
      li.setAttribute("aria-expanded", String(open));
      twisty.textContent = open ? "▾" : "▸";
      if (open) li.append(group(node, level + 1, children));
    }
    return li;
  }

  function group(node: number, level: number, children: number[]) {
    const ul = document.createElement("ul");
    ul.setAttribute("role", "group");
    const count = Math.min(children.length, shown.get(node) ?? page);
    for (let i = 0; i < count; i++) {
      ul.append(row(children[i], level, i + 1, children.length));
    }
    if (count < children.length) {
      const more = document.createElement("li");
      more.setAttribute("role", "treeitem");
      more.setAttribute("aria-level", String(level));
      more.className = "more";
      more.tabIndex = -1;
      more.dataset.moreFor = String(node);
      more.textContent = `Show ${
        Math.min(page, children.length - count)
      } more (${children.length - count} not shown)`;
      ul.append(more);
    }
    return ul;
  }

  const itemOf = (node: number) =>
    list.querySelector<HTMLLIElement>(`li[data-node="${node}"]`);

  function rerender(node: number): void {
    const li = itemOf(node);
    if (!li) return;
    const fresh = row(
      node,
      Number(li.getAttribute("aria-level")),
      Number(li.getAttribute("aria-posinset")),
      Number(li.getAttribute("aria-setsize")),
    );
    li.replaceWith(fresh);
  }

  function toggle(node: number, open: boolean): void {
    if (open) expanded.add(node);
    else expanded.delete(node);
    rerender(node);
    setCurrent(node, true);
  }

  function setCurrent(node: number, focus: boolean): void {
    for (const item of list.querySelectorAll<HTMLElement>("[tabindex='0']")) {
      item.tabIndex = -1;
    }
    const li = itemOf(node) ?? list.querySelector<HTMLLIElement>("li");
    if (!li) return;
    current = Number(li.dataset.node);
    li.tabIndex = 0;
    if (focus) li.focus();
  }

  function focusItem(item: HTMLElement | undefined): void {
    if (!item) return;
    if (item.dataset.node !== undefined) {
      setCurrent(Number(item.dataset.node), true);
    } else {
      for (
        const other of list.querySelectorAll<HTMLElement>("[tabindex='0']")
      ) {
        other.tabIndex = -1;
      }
      item.tabIndex = 0;
      item.focus();
    }
  }

  function openDiff(index: number): void {
    const details = document.getElementById(`content-${index}`) as
      | HTMLDetailsElement
      | null;
    if (!details) return;
    details.open = true;
    details.scrollIntoView({ block: "start" });
    details.querySelector("summary")?.focus();
  }

  function showMore(item: HTMLElement): void {
    const node = Number(item.dataset.moreFor);
    const children = visibleChildren(node);
    const before = shown.get(node) ?? page;
    shown.set(node, before + page);
    rerender(node);
    setCurrent(children[before] ?? node, true);
  }

  function activate(item: HTMLElement): void {
    if (item.classList.contains("more")) return showMore(item);
    const node = Number(item.dataset.node);
    if (item.hasAttribute("aria-expanded")) {
      toggle(node, item.getAttribute("aria-expanded") !== "true");
    } else if (model.content.has(node)) {
      openDiff(model.content.get(node)!);
    } else setCurrent(node, true);
  }

  list.addEventListener("click", (event) => {
    const target = event.target as HTMLElement;
    if (target.closest("a")) return;
    const item = target.closest<HTMLElement>("li[role=treeitem]");
    if (item) activate(item);
  });
  list.addEventListener("keydown", (event) => {
    const item = (event.target as HTMLElement).closest<HTMLElement>(
      "li[role=treeitem]",
    );
    if (!item) return;
    const items = [
      ...list.querySelectorAll<HTMLElement>("li[role=treeitem]"),
    ];
    const at = items.indexOf(item);
    const expandedNow = item.getAttribute("aria-expanded");
    const node = Number(item.dataset.node);
    switch (event.key) {
      case "ArrowDown":
        focusItem(items[at + 1]);
        break;
      case "ArrowUp":
        focusItem(items[at - 1]);
        break;
      case "Home":
        focusItem(items[0]);
        break;
      case "End":
        focusItem(items[items.length - 1]);
        break;
      case "ArrowRight":
        if (expandedNow === "false") toggle(node, true);
        else if (expandedNow === "true") focusItem(items[at + 1]);
        break;
      case "ArrowLeft":
        if (expandedNow === "true") toggle(node, false);
        else {
          focusItem(
            item.parentElement?.closest<HTMLElement>("li[role=treeitem]") ??
              undefined,
          );
        }
        break;
      case "Enter":
      case " ":
        activate(item);
        break;
      default:
        return;
    }
    event.preventDefault();
  });
  list.addEventListener("focusin", (event) => {
    const item = (event.target as HTMLElement).closest<HTMLElement>(
      "li[role=treeitem]",
    );
    if (item?.dataset.node !== undefined) current = Number(item.dataset.node);
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  });
  field.addEventListener("change", refresh);
  for (const box of boxes) box.addEventListener("change", refresh);
  state.listen(refresh);
  refresh();

  return {
    reveal(node) {
      if (under[node] === 0) {
        search.value = "";
        for (const box of boxes) box.checked = true;
        field.value = "";
        if (state.filter) state.setFilter(null);
        else refresh();
      }
      if (under[node] === 0) return;
      let child = node;
      for (let at = tree.parents[node]; at >= 0; at = tree.parents[at]) {
        expanded.add(at);
        const index = visibleChildren(at).indexOf(child);
        if (index >= (shown.get(at) ?? page)) shown.set(at, index + 1);
        child = at;
      }
      list.replaceChildren(row(0, 1, 1, 1));
      const li = itemOf(node);
      li?.scrollIntoView({ block: "center" });
      setCurrent(node, true);
    },
  };
}
