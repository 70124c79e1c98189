/// <reference lib="dom" />
import type { PageModel } from "./page_model.ts";
import { pageBytes, visibleName } from "./page_format.ts";
import { type Rect, squarify } from "./squarify.ts";

/** What one treemap draws and says about a node. */
export interface TreemapSpec {
  /** The section holding `svg.treemap`, `.crumbs` and `table.alt`. */
  root: HTMLElement;
  /** The chart's accessible name, e.g. "B's files by size". */
  name: string;
  /** Height over width (the height stays within 200 to 480 pixels). */
  aspect: number;
  /** Current totals per node (the tile sizes). */
  metric: () => Float64Array;
  /** A tile's class: its colour and pattern (e.g. "grown", "layer-3"). */
  classOf: (node: number, totals: Float64Array) => string;
  /** The text mark that repeats the colour ("+", "−", "new", "L3"). */
  mark: (node: number, totals: Float64Array) => string;
  /** The tooltip's and the label's lines: path first. */
  describe: (node: number, totals: Float64Array) => string[];
  /** Headings and cells of the hidden table that says what the tiles show. */
  columns: string[];
  cells: (node: number, totals: Float64Array) => string[];
  /** Activating a tile that is not a directory. */
  activate?: (node: number) => void;
}

/**
 * A zoomable squarified treemap of one directory level: the children of
 * the current directory by size, the smallest grouped into one tile, each
 * tile focusable (Tab), zoomed into with click, Enter or Space, and left
 * with Escape, Backspace or the breadcrumb. Hover and focus show a
 * tooltip; a visually hidden table lists the same items.
 */
export function treemapView(
  model: PageModel,
  spec: TreemapSpec,
): { draw: () => void } {
  const svgNs = "http://www.w3.org/2000/svg";
  const maxTiles = 150;
  const svg = spec.root.querySelector<SVGSVGElement>("svg.treemap")!;
  const crumbs = spec.root.querySelector<HTMLElement>(".crumbs")!;
  const altCaption = spec.root.querySelector("table.alt caption")!;
  const altHead = spec.root.querySelector("table.alt thead")!;
  const altBody = spec.root.querySelector("table.alt tbody")!;
  const tooltip = document.getElementById("tooltip")!;
  const tiles = document.createElementNS(svgNs, "g");
  svg.append(tiles);
  const headRow = document.createElement("tr");
  for (const column of spec.columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = column;
    headRow.append(th);
  }
  altHead.replaceChildren(headRow);
  let at = 0;
  /** Items of `at` skipped, largest first: the "smaller items" tile pages on. */
  let skip = 0;
  let shownCount = 0;
  let totals: Float64Array = new Float64Array(0);
  let drawnWidth = 0;
  const isDir = (node: number) =>
    model.data.tree.types[node] === "d" && model.firstChild[node] >= 0;
  const zoom = (node: number, from = 0) => {
    at = node;
    skip = from;
    draw();
    svg.querySelector<SVGGElement>("g.tile")?.focus();
  };
  const up = () => {
    if (skip > 0) zoom(at);
    else if (at > 0) zoom(model.data.tree.parents[at]);
  };

  function draw(): void {
    totals = spec.metric();
    while (at > 0 && totals[at] <= 0) at = model.data.tree.parents[at];
    drawnWidth = Math.round(svg.getBoundingClientRect().width);
    const width = Math.max(300, drawnWidth);
    const height = Math.round(
      Math.min(480, Math.max(200, width * spec.aspect)),
    );
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("height", String(height));
    const all = model.children(at).filter((node) => totals[node] > 0)
      .sort((x, y) => totals[y] - totals[x]);
    if (skip >= all.length) skip = 0;
    const items = all.slice(skip);
    const minimum = items.reduce((sum, node) => sum + totals[node], 0) * 120 /
      (width * height);
    let shown = items.findIndex((node, i) =>
      i >= maxTiles || totals[node] < minimum
    );
    if (shown < 0) shown = items.length;
    if (shown === items.length - 1) shown = items.length;
    shownCount = shown;
    const rest = items.slice(shown);
    const restBytes = rest.reduce((sum, node) => sum + totals[node], 0);
    const sizes = items.slice(0, shown).map((node) => totals[node]);
    if (rest.length > 0) sizes.push(restBytes);
    const rects = squarify(sizes, [0, 0, width, height]);
    tiles.replaceChildren();
    rects.forEach((rect, i) => {
      if (i < shown) tiles.append(tile(items[i], rect));
      else tiles.append(othersTile(rest.length, restBytes, rect));
    });
    const path = visibleName(model.path(at));
    svg.setAttribute(
      "aria-label",
      `${spec.name}, ${path}: ${pageBytes(totals[at])} in ${all.length} ${
        all.length === 1 ? "item" : "items"
      }${skip > 0 ? `, from the ${skip + 1}th largest` : ""}`,
    );
    if (items.length === 0) {
      const text = document.createElementNS(svgNs, "text");
      text.setAttribute("x", "12");
      text.setAttribute("y", "24");
      text.setAttribute("class", "empty");
      text.textContent = "Nothing to show here.";
      tiles.append(text);
    }
    drawCrumbs(
      skip > 0 ? `items ${skip + 1}–${skip + shown} of ${all.length}` : "",
    );
    altCaption.textContent = `${spec.name}, ${path} (${pageBytes(totals[at])})`;
    const rows = items.slice(0, shown).map((node) => {
      const tr = document.createElement("tr");
      spec.cells(node, totals).forEach((cell) => {
        const td = document.createElement("td");
        td.textContent = cell;
        tr.append(td);
      });
      return tr;
    });
    if (rest.length > 0) {
      const tr = document.createElement("tr");
      const td = document.createElement("td");
      td.colSpan = spec.columns.length;
      td.textContent = `${rest.length} smaller items, ${pageBytes(restBytes)}`;
      tr.append(td);
      rows.push(tr);
    }
    altBody.replaceChildren(...rows);
  }

  function tile(node: number, [x, y, w, h]: Rect): SVGGElement {
    const g = document.createElementNS(svgNs, "g");
    const cls = spec.classOf(node, totals);
    const lines = spec.describe(node, totals);
    g.setAttribute("class", `tile ${cls}${isDir(node) ? " dir" : ""}`);
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
    g.setAttribute("data-testid", "treemap-tile");
    g.setAttribute("data-path", visibleName(model.path(node)));
    g.setAttribute("data-size", String(totals[node]));
    g.setAttribute("data-node", String(node));
    g.setAttribute(
      "aria-label",
      `${spec.mark(node, totals)} ${lines.join("; ")}${
        isDir(node) ? "; directory, press Enter to zoom in" : ""
      }`.trim(),
    );
    g.append(box("fill", x, y, w, h));
    const pattern = svg.querySelector(`pattern[data-for~="${cls}"]`);
    if (pattern) {
      const overlay = box("pattern", x, y, w, h);
      overlay.setAttribute("fill", `url(#${pattern.id})`);
      g.append(overlay);
    }
    label(g, [
      `${spec.mark(node, totals)} ${visibleName(model.data.tree.names[node])}${
        isDir(node) ? "/" : ""
      }`,
      pageBytes(totals[node]),
    ], [x, y, w, h]);
    return g;
  }

  function othersTile(count: number, bytes: number, rect: Rect): SVGGElement {
    const g = document.createElementNS(svgNs, "g");
    g.setAttribute("class", "tile others");
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
    g.setAttribute("data-others", "true");
    g.setAttribute("data-testid", "treemap-tile");
    g.setAttribute("data-path", `${visibleName(model.path(at))}/…`);
    g.setAttribute("data-size", String(bytes));
    g.setAttribute(
      "aria-label",
      `${count} smaller items, ${pageBytes(bytes)}; press Enter to show them`,
    );
    g.append(box("fill", ...rect));
    label(g, [`${count} smaller`, pageBytes(bytes)], rect);
    return g;
  }

  function box(cls: string, x: number, y: number, w: number, h: number) {
    const rect = document.createElementNS(svgNs, "rect");
    rect.setAttribute("class", cls);
    rect.setAttribute("x", String(x + 1));
    rect.setAttribute("y", String(y + 1));
    rect.setAttribute("width", String(Math.max(0, w - 2)));
    rect.setAttribute("height", String(Math.max(0, h - 2)));
    return rect;
  }

  function label(g: SVGGElement, lines: string[], [x, y, w, h]: Rect) {
    const chars = Math.floor((w - 8) / 7);
    if (chars < 6 || h < 18) return;
    lines.slice(0, h < 34 ? 1 : 2).forEach((line, i) => {
      const text = document.createElementNS(svgNs, "text");
      text.setAttribute("x", String(x + 5));
      text.setAttribute("y", String(y + 15 + i * 15));
      text.setAttribute("class", i === 0 ? "name" : "size");
      text.textContent = line.length > chars
        ? `${line.slice(0, chars - 1)}…`
        : line;
      g.append(text);
    });
  }

  function drawCrumbs(page: string): void {
    const chain: number[] = [];
    for (let node = at; node >= 0; node = model.data.tree.parents[node]) {
      chain.unshift(node);
    }
    crumbs.replaceChildren(...chain.map((node, i) => {
      const li = document.createElement("li");
      const name = node === 0 ? "/" : visibleName(model.data.tree.names[node]);
      if (i === chain.length - 1 && !page) {
        const span = document.createElement("span");
        span.setAttribute("aria-current", "location");
        span.textContent = name;
        li.append(span);
      } else {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = name;
        button.addEventListener("click", () => zoom(node));
        li.append(button);
      }
      return li;
    }));
    if (page) {
      const li = document.createElement("li");
      const span = document.createElement("span");
      span.setAttribute("aria-current", "location");
      span.textContent = page;
      li.append(span);
      crumbs.append(li);
    }
  }

  const nodeOf = (target: EventTarget | null): number | undefined => {
    const g = (target as Element | null)?.closest?.("g.tile") as
      | SVGGElement
      | null;
    return g?.dataset.node === undefined ? undefined : Number(g.dataset.node);
  };
  const activate = (target: EventTarget | null) => {
    const node = nodeOf(target);
    if ((target as Element | null)?.closest?.("g.tile[data-others]")) {
      zoom(at, skip + shownCount);
    } else if (node === undefined) return false;
    else if (isDir(node)) zoom(node);
    else spec.activate?.(node);
    return true;
  };
  svg.addEventListener("click", (event) => {
    activate(event.target);
  });
  svg.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      if (activate(event.target)) event.preventDefault();
    } else if (event.key === "Escape" || event.key === "Backspace") {
      event.preventDefault();
      up();
    }
  });
  const show = (node: number, x: number, y: number) => {
    tooltip.replaceChildren(
      ...spec.describe(node, totals).map((line) => {
        const div = document.createElement("div");
        div.textContent = line;
        return div;
      }),
    );
    tooltip.hidden = false;
    const room = document.documentElement.clientWidth - tooltip.offsetWidth -
      8;
    tooltip.style.left = `${Math.max(4, Math.min(x + 14, room))}px`;
    tooltip.style.top = `${y + 14}px`;
  };
  const hide = () => {
    tooltip.hidden = true;
  };
  svg.addEventListener("pointermove", (event) => {
    const node = nodeOf(event.target);
    if (node === undefined) hide();
    else show(node, event.pageX, event.pageY);
  });
  svg.addEventListener("pointerleave", hide);
  svg.addEventListener("focusin", (event) => {
    const node = nodeOf(event.target);
    if (node === undefined) return;
    const box = (event.target as Element).getBoundingClientRect();
    show(node, box.left + scrollX, box.bottom + scrollY - 10);
  });
  svg.addEventListener("focusout", hide);
  new ResizeObserver(() => {
    if (Math.round(svg.getBoundingClientRect().width) !== drawnWidth) draw();
  }).observe(svg);
  return { draw };
}
