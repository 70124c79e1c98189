/// <reference lib="dom" />
import type { PageData } from "../page_data.ts";
import { changeTreeView } from "./change_tree_view.ts";
import { layerControls, layerMatch, pageState } from "./layer_filter.ts";
import { pageModel } from "./page_model.ts";
import { pageBytes, pageDelta, visibleName } from "./page_format.ts";
import { treemapView } from "./treemap_view.ts";

/**
 * The page's script: reads the embedded data, wires the layer bars, draws
 * the size and waste treemaps and the change tree, lists the largest
 * hidden copies, and opens every content diff while printing.
 */
export function pageMain(): void {
  const source = document.getElementById("layerdiff-data")!;
  const data = JSON.parse(source.textContent!) as PageData;
  const model = pageModel(data);
  const state = pageState();
  const tree = data.tree;
  const diff = data.kind === "diff";
  const side = diff ? "B" : "L";
  const step = (layer: number) => data.steps.b[layer] ?? "";
  layerControls(model, state);

  const cached = <T>(make: () => T): () => T => {
    let key: unknown = undefined;
    let value: T | undefined;
    return () => {
      if (value === undefined || key !== state.filter) {
        key = state.filter;
        value = make();
      }
      return value;
    };
  };
  /** The layer of B holding most of the node's bytes, and its share. */
  const dominant = (node: number): [number, number] => {
    const bytes = new Map<number, number>();
    for (let i = node; i < model.end[node]; i++) {
      if (model.ownB[i] > 0) {
        const layer = tree.layerB[i];
        bytes.set(layer, (bytes.get(layer) ?? 0) + model.ownB[i]);
      }
    }
    let best = -1, most = 0;
    for (const [layer, size] of bytes) {
      if (size > most) best = layer, most = size;
    }
    return [best, tree.sizeB[node] > 0 ? most / tree.sizeB[node] : 0];
  };
  const fromLayer = (node: number) => {
    if (tree.types[node] !== "d") {
      const layer = tree.layerB[node];
      return layer < 0 ? "" : `from ${side}${layer}: ${step(layer)}`;
    }
    const [layer, share] = dominant(node);
    return layer < 0
      ? ""
      : `${Math.round(share * 100)}% from ${side}${layer}: ${step(layer)}`;
  };
  const growth = (node: number) => {
    if (node > 0 && (tree.layerA?.[node] ?? -1) < 0) return "new";
    const a = tree.sizeA?.[node] ?? 0;
    const b = tree.sizeB[node];
    return b > a ? "grown" : b < a ? "shrunk" : "same";
  };
  const growthMarks: Record<string, string> = {
    new: "new",
    grown: "+",
    shrunk: "−",
    same: "=",
  };
  const filtered = (node: number, totals: Float64Array) =>
    state.filter && totals[node] !== tree.sizeB[node]
      ? `${pageBytes(totals[node])} of it from the selected layer`
      : "";

  let changeTree: { reveal: (node: number) => void } | undefined;
  const views: { draw: () => void }[] = [];
  const sizeRoot = document.getElementById("sizes");
  if (sizeRoot && !data.partial) {
    const metric = cached(() =>
      model.totals(layerMatch(model, state.filter).ownB)
    );
    views.push(treemapView(model, {
      root: sizeRoot,
      name: diff ? "B's files by size, against A" : "Files by size",
      aspect: 0.4,
      metric,
      classOf: (node) =>
        diff ? growth(node) : `layer-${Math.max(0, dominant(node)[0]) % 8}`,
      mark: (node) =>
        diff ? growthMarks[growth(node)] : `L${dominant(node)[0]}`,
      describe: (node, totals) => {
        const a = tree.sizeA?.[node] ?? 0;
        const b = tree.sizeB[node];
        const sizes = !diff
          ? pageBytes(b)
          : growth(node) === "new"
          ? `new in B: ${pageBytes(b)}`
          : `A ${pageBytes(a)} → B ${pageBytes(b)} (${pageDelta(b - a)})`;
        return [
          visibleName(model.path(node)),
          sizes,
          filtered(node, totals),
          fromLayer(node),
          tree.wasted[node] > 0
            ? `${pageBytes(tree.wasted[node])} in hidden copies`
            : "",
        ].filter(Boolean);
      },
      columns: diff
        ? ["Name", "Change", "A", "B", "Layer"]
        : ["Name", "Size", "Layer"],
      cells: (node, totals) => {
        const name = visibleName(tree.names[node]);
        return diff
          ? [
            name,
            growth(node),
            pageBytes(tree.sizeA?.[node] ?? 0),
            pageBytes(totals[node]),
            fromLayer(node),
          ]
          : [name, pageBytes(totals[node]), fromLayer(node)];
      },
      activate: (node) => changeTree?.reveal(node),
    }));
  }

  const wasteRoot = document.getElementById("wasted");
  if (wasteRoot && !data.partial && tree.hidden.length > 0) {
    const copies = cached(() => {
      const match = layerMatch(model, state.filter);
      const bytes = new Float64Array(model.n);
      const count = new Float64Array(model.n);
      for (const row of tree.hidden) {
        if (!match.hidden(row)) continue;
        bytes[row[0]] += row[1];
        count[row[0]]++;
      }
      return {
        bytes: model.totals((node) => bytes[node]),
        count: model.totals((node) => count[node]),
      };
    });
    const layers = (node: number) => {
      const rows = model.hiddenAt.get(node) ?? [];
      return rows.slice(0, 5).map((row) =>
        `${pageBytes(row[1])} stored in ${side}${row[2]}, hidden by ${side}${
          row[3]
        }`
      ).concat(rows.length > 5 ? [`and ${rows.length - 5} more copies`] : []);
    };
    views.push(treemapView(model, {
      root: wasteRoot,
      name: "Hidden copies by size",
      aspect: 0.25,
      metric: () => copies().bytes,
      classOf: () => "wasted",
      mark: () => "",
      describe: (node, totals) => [
        visibleName(model.path(node)),
        `${pageBytes(totals[node])} hidden in ${copies().count[node]} ${
          copies().count[node] === 1 ? "copy" : "copies"
        }`,
        ...layers(node),
      ],
      columns: ["Name", "Hidden bytes", "Copies"],
      cells: (node, totals) => [
        visibleName(tree.names[node]),
        pageBytes(totals[node]),
        String(copies().count[node]),
      ],
    }));
  }

  const hiddenBody = document.getElementById("hidden-rows");
  const listHidden = () => {
    if (!hiddenBody) return;
    const match = layerMatch(model, state.filter);
    const rows = tree.hidden.filter(match.hidden)
      .sort((x, y) => y[1] - x[1]).slice(0, 25);
    hiddenBody.replaceChildren(...rows.map((row) => {
      const tr = document.createElement("tr");
      for (
        const text of [
          visibleName(model.path(row[0])),
          pageBytes(row[1]),
          `${side}${row[2]}`,
          `${side}${row[3]}`,
        ]
      ) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }));
  };
  listHidden();

  if (diff && document.getElementById("change-tree")) {
    changeTree = changeTreeView(model, state);
  }
  for (const view of views) view.draw();
  state.listen(() => {
    for (const view of views) view.draw();
    listHidden();
  });

  let closed: HTMLDetailsElement[] = [];
  addEventListener("beforeprint", () => {
    closed = [
      ...document.querySelectorAll("details:not([open])"),
    ] as HTMLDetailsElement[];
    for (const details of closed) details.open = true;
  });
  addEventListener("afterprint", () => {
    for (const details of closed) details.open = false;
  });
}
