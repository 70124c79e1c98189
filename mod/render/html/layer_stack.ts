import type { InspectReport } from "../../analyze/inspect_report.ts";
import type { LayerView } from "../../analyze/layer_views.ts";
import type { DiffReport, ImageSummary } from "../../analyze/report.ts";
import { formatBytes, formatDelta } from "../format.ts";
import { shortenCommand } from "../format_report.ts";
import { htmlText } from "./html_text.ts";
import { imageLabel } from "./page_header.ts";

/** What a bar shows of a layer: its size and step, and what it did when the report has the layers section. */
interface Bar {
  image: "a" | "b";
  index: number;
  size: number;
  createdBy: string | null;
  view?: LayerView;
}

/**
 * The layer stacks, one bar per layer whose length is its size (against
 * the largest layer of either image): for a diff, the common base drawn
 * once across both columns, then A's and B's own layers side by side,
 * a layer that both hold elsewhere named on both bars ("same layer as
 * B5") for the script to connect. Each bar is a button that filters the
 * views below to that layer; a hidden table says the same in words.
 */
export function layerStackHtml(report: DiffReport | InspectReport): string {
  if ("image" in report) {
    const bars = barsOf("b", report.image, report.report.layers);
    const max = Math.max(1, ...bars.map((bar) => bar.size));
    return section([
      `<ol class="stack single" data-stack="b" aria-label="Layers, bottom first">${
        bars.map((bar) => barHtml(bar, { max, label: "L" })).join("")
      }</ol>`,
      layerTable(bars, false),
    ]);
  }
  const views = report.report.layers;
  const a = barsOf("a", report.images.a, views?.a);
  const b = barsOf("b", report.images.b, views?.b);
  const prefix = report.layers.sharedPrefix;
  const max = Math.max(1, ...[...a, ...b].map((bar) => bar.size));
  const base = b.slice(0, prefix).map((bar) =>
    barHtml(bar, { max, label: "A B ", shared: true })
  );
  const own = (bars: Bar[], label: string) =>
    bars.slice(prefix).map((bar) => barHtml(bar, { max, label })).join("");
  return section([
    `<div class="stack-heads"><div><span class="image-tag">A</span> ${
      htmlText(imageLabel(report.images.a))
    }</div><div><span class="image-tag">B</span> ${
      htmlText(imageLabel(report.images.b))
    }</div></div>`,
    prefix > 0
      ? `<ol class="stack base" aria-label="Common base: the ${prefix} bottom layers both images share">${
        base.join("")
      }</ol>`
      : "",
    `<div class="columns"><ol class="stack" data-stack="a" start="${prefix}" aria-label="Layers of A above the common base">${
      own(a, "A")
    }</ol><svg class="links" aria-hidden="true" focusable="false"></svg><ol class="stack" data-stack="b" start="${prefix}" aria-label="Layers of B above the common base">${
      own(b, "B")
    }</ol></div>`,
    layerTable([...a, ...b.slice(prefix)], true),
  ]);
}

function section(parts: string[]): string {
  return [
    `<section id="layers" aria-labelledby="layers-title">`,
    `<h2 id="layers-title">Layers</h2>`,
    `<p class="hint">Each bar's length is the layer's size; the hatched end is what it stores that a higher layer hides. Select a layer to filter the views below to it; select it again, or Clear filter, to see everything.</p>`,
    `<figure class="stacks" data-testid="layer-stacks" aria-labelledby="layers-title">`,
    ...parts,
    `</figure>`,
    `</section>`,
  ].join("\n");
}

function barsOf(
  image: "a" | "b",
  summary: ImageSummary,
  views: LayerView[] | undefined,
): Bar[] {
  return summary.layers.map((layer) => ({
    image,
    index: layer.index,
    size: layer.size,
    createdBy: layer.createdBy,
    view: views?.[layer.index],
  }));
}

function barHtml(
  bar: Bar,
  options: { max: number; label: string; shared?: boolean },
): string {
  const { view } = bar;
  const width = (100 * bar.size / options.max).toFixed(2);
  const waste = view && bar.size > 0
    ? (100 * Math.min(1, view.wastedBytes / bar.size)).toFixed(2)
    : "0";
  const other = bar.image === "a" ? "B" : "A";
  const notes = view
    ? [
      `${formatDelta(view.addedBytes)} written`,
      view.wastedBytes > 0 ? `${formatBytes(view.wastedBytes)} wasted` : "",
      `files +${view.added} ~${view.modified} −${view.removed}`,
      !options.shared && view.sharedIndex !== null &&
        view.sharedIndex !== undefined
        ? `same layer as ${other}${view.sharedIndex}`
        : "",
    ].filter(Boolean).join(" · ")
    : "";
  const linked = !options.shared && view?.sharedIndex != null
    ? ` data-linked="${other.toLowerCase()}${view.sharedIndex}"`
    : "";
  const name = options.shared
    ? `A${bar.index} = B${bar.index}`
    : `${options.label}${bar.index}`;
  return `<li><button type="button" class="layer-bar${
    options.shared ? " shared" : ""
  }" data-testid="layer-bar" data-image="${bar.image}" data-layer="${bar.index}" data-size="${bar.size}"${
    options.shared ? ` data-shared="true"` : ""
  }${linked} aria-pressed="false"><span class="bar-head"><span class="layer-id">${name}</span> <span class="layer-size">${
    formatBytes(bar.size)
  }</span> <code class="layer-step">${
    htmlText(shortenCommand(bar.createdBy, 100))
  }</code></span><span class="bar-track" aria-hidden="true"><span class="bar-fill" style="width:${width}%"><span class="bar-waste" style="width:${waste}%"></span></span></span>${
    notes ? `<span class="bar-notes">${notes}</span>` : ""
  }</button></li>`;
}

function layerTable(bars: Bar[], diff: boolean): string {
  const rows = bars.map((bar) =>
    `<tr><th scope="row">${
      diff ? bar.image.toUpperCase() : "L"
    }${bar.index}</th><td>${formatBytes(bar.size)}</td><td>${
      bar.view ? formatBytes(bar.view.addedBytes) : ""
    }</td><td>${bar.view ? formatBytes(bar.view.wastedBytes) : ""}</td><td>${
      htmlText(shortenCommand(bar.createdBy, 100))
    }</td></tr>`
  );
  return `<table class="visually-hidden"><caption>Layers${
    diff ? " of A and B (the common base listed under A)" : ""
  }</caption><thead><tr><th scope="col">Layer</th><th scope="col">Size</th><th scope="col">Written</th><th scope="col">Wasted</th><th scope="col">Step</th></tr></thead><tbody>${
    rows.join("")
  }</tbody></table>`;
}
