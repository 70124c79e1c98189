/// <reference lib="dom" />
import type { HiddenRow } from "../../../analyze/size_tree.ts";
import type { PageModel } from "./page_model.ts";

/** A layer the user picked: the views below show only what it did. */
export interface LayerFilter {
  image: "a" | "b";
  layer: number;
  /** A layer of the common base: it is in both images. */
  shared: boolean;
}

/** The page's one piece of shared state, and who to tell when it changes. */
export interface PageState {
  filter: LayerFilter | null;
  setFilter: (filter: LayerFilter | null) => void;
  listen: (listener: () => void) => void;
}

/** What a layer filter keeps. */
export interface LayerMatch {
  /** A changed node whose change the layer made (added, modified, deleted, or A's old entry). */
  change: (node: number) => boolean;
  /** Bytes at the node itself that the filter keeps in B's treemap. */
  ownB: (node: number) => number;
  /** A hidden copy the layer stored or hid. */
  hidden: (row: HiddenRow) => boolean;
}

/** The page state, with no filter. */
export function pageState(): PageState {
  const listeners: (() => void)[] = [];
  const state: PageState = {
    filter: null,
    setFilter(filter) {
      state.filter = filter;
      for (const listener of listeners) listener();
    },
    listen(listener) {
      listeners.push(listener);
    },
  };
  return state;
}

/** The tests of `filter` (everything passes without one). */
export function layerMatch(
  model: PageModel,
  filter: LayerFilter | null,
): LayerMatch {
  const tree = model.data.tree;
  if (!filter) {
    return {
      change: () => true,
      ownB: (node) => model.ownB[node],
      hidden: () => true,
    };
  }
  const { layer } = filter;
  const inB = filter.image === "b" || filter.shared;
  const inA = filter.image === "a" || filter.shared;
  const layerA = tree.layerA ?? [];
  return {
    change: (node) =>
      (inB && (tree.layerB[node] === layer ||
        model.removedBy[node] === layer)) ||
      (inA && layerA[node] === layer && model.change[node] !== 0),
    ownB: inB
      ? (node) => tree.layerB[node] === layer ? model.ownB[node] : 0
      : (node) => layerA[node] === layer ? model.ownA[node] : 0,
    hidden: (row) => inB && (row[2] === layer || row[3] === layer),
  };
}

/**
 * Makes the layer bars filter buttons (click, Enter or Space; again to
 * clear), keeps the banner and its Clear button in step, hides package
 * rows of other layers, and draws the lines between the bars of a layer
 * both images hold at different places.
 */
export function layerControls(model: PageModel, state: PageState): void {
  const bars = [
    ...document.querySelectorAll<HTMLButtonElement>("button.layer-bar"),
  ];
  const banner = document.getElementById("filter-banner")!;
  const label = document.getElementById("filter-label")!;
  const clear = document.getElementById("filter-clear")!;
  const steps = model.data.steps;
  for (const bar of bars) {
    bar.addEventListener("click", () => {
      const image = bar.dataset.image === "a" ? "a" : "b";
      const layer = Number(bar.dataset.layer);
      const current = state.filter;
      const same = current && current.image === image &&
        current.layer === layer;
      state.setFilter(
        same ? null : { image, layer, shared: bar.dataset.shared === "true" },
      );
    });
  }
  clear.addEventListener("click", () => {
    state.setFilter(null);
  });
  state.listen(() => {
    const filter = state.filter;
    for (const bar of bars) {
      const on = filter !== null && bar.dataset.image === filter.image &&
        Number(bar.dataset.layer) === filter.layer;
      bar.setAttribute("aria-pressed", String(on));
    }
    banner.hidden = filter === null;
    if (filter) {
      const name = filter.shared
        ? `A${filter.layer} = B${filter.layer} (common base)`
        : `${filter.image.toUpperCase()}${filter.layer}`;
      label.textContent = `Showing only layer ${name}: ${
        steps[filter.image][filter.layer] ?? ""
      }`;
    }
    for (
      const row of document.querySelectorAll<HTMLElement>(
        "table.filterable tbody tr",
      )
    ) {
      row.hidden = filter !== null &&
        !(filter.image === "b" || filter.shared
          ? Number(row.dataset.layer) === filter.layer
          : false);
    }
  });
  const links = document.querySelector<SVGSVGElement>("svg.links");
  if (!links) return;
  const draw = () => {
    links.replaceChildren();
    const box = links.getBoundingClientRect();
    links.setAttribute("viewBox", `0 0 ${box.width} ${box.height}`);
    for (const bar of bars) {
      if (bar.dataset.image !== "a" || !bar.dataset.linked) continue;
      const other = document.querySelector<HTMLElement>(
        `button.layer-bar[data-image="b"][data-layer="${
          Number(bar.dataset.linked.slice(1))
        }"]`,
      );
      if (!other) continue;
      const from = bar.getBoundingClientRect();
      const to = other.getBoundingClientRect();
      const y1 = from.top + from.height / 2 - box.top;
      const y2 = to.top + to.height / 2 - box.top;
      const line = document.createElementNS(
        "http://www.w3.org/2000/svg",
        "path",
      );
      const w = box.width;
      line.setAttribute(
        "d",
        `M0 ${y1} C${w / 2} ${y1} ${w / 2} ${y2} ${w} ${y2}`,
      );
      line.setAttribute("class", "link");
      links.append(line);
    }
  };
  draw();
  new ResizeObserver(draw).observe(links.parentElement!);
}
