import { createHash } from "node:crypto";
import type { InspectReport } from "../../analyze/inspect_report.ts";
import type { DiffReport } from "../../analyze/report.ts";
import type { Verdict } from "../../budget/verdict.ts";
import { shortenCommand } from "../format_report.ts";
import { contentSectionHtml } from "./content_section.ts";
import { htmlText, scriptJson } from "./html_text.ts";
import { layerStackHtml } from "./layer_stack.ts";
import { packageDiffHtml, packageListHtml } from "./package_table.ts";
import { type PageData, pageData } from "./page_data.ts";
import { headerHtml, imageLabel } from "./page_header.ts";
import { PAGE_SCRIPT } from "./page_script.ts";
import { PAGE_STYLE } from "./page_style.ts";

/** Options of the HTML view. */
export interface HtmlOptions {
  /** The verdict of `check`, shown in the header. */
  verdict?: Verdict;
  /** The page's title (default "layerdiff: A → B", or "layerdiff inspect: IMAGE"). */
  title?: string;
}

/** The hash the page's Content-Security-Policy allows its one script by. */
const SCRIPT_HASH = createHash("sha256").update(PAGE_SCRIPT).digest("base64");

/**
 * The HTML view: one self-contained page (its style, script and data
 * inline; no font, image, library or request of any kind, which its
 * Content-Security-Policy enforces) with the images and summary, the
 * layer stacks, treemaps of the merged filesystem by size and of the
 * hidden copies, the change tree, the content diffs and the packages.
 * The data is embedded once as compact JSON (see `PageData`); the script
 * draws only what is on screen, and puts every name in with
 * `textContent`. The treemaps need the report's `tree` (`tree: true`).
 */
export function renderHtml(
  report: DiffReport | InspectReport,
  options: HtmlOptions = {},
): string {
  const data = pageData(report);
  const title = options.title ??
    ("image" in report
      ? `layerdiff inspect: ${imageLabel(report.image)}`
      : `layerdiff: ${imageLabel(report.images.a)} → ${
        imageLabel(report.images.b)
      }`);
  const packages = "image" in report
    ? report.report.packages && packageListHtml(report.report.packages)
    : report.report.packages && packageDiffHtml(report.report.packages);
  return [
    `<!DOCTYPE html>`,
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-${SCRIPT_HASH}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="color-scheme" content="light dark">`,
    `<meta name="generator" content="layerdiff">`,
    `<title>${htmlText(title)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    `</head>`,
    `<body>`,
    headerHtml(report, { title, verdict: options.verdict }),
    `<noscript><p>The treemaps and the change tree need JavaScript; the rest of this page is plain HTML.</p></noscript>`,
    `<div id="filter-banner" class="filter-banner" role="status" hidden><span id="filter-label"></span><button type="button" id="filter-clear" data-testid="layer-filter-clear">Clear filter</button></div>`,
    `<main>`,
    layerStackHtml(report),
    sizeSection(data, report),
    wasteSection(data),
    data.kind === "diff" ? changeSection() : "",
    "image" in report || !report.report.contentChanges
      ? ""
      : contentSectionHtml(report.report.contentChanges),
    packages ?? "",
    `</main>`,
    `<div id="tooltip" class="tooltip" aria-hidden="true" hidden></div>`,
    `<footer>Made by layerdiff (report schema ${report.schemaVersion}). This page works offline and loads nothing.</footer>`,
    `<script type="application/json" id="layerdiff-data">${
      scriptJson(data)
    }</script>`,
    `<script>${PAGE_SCRIPT}</script>`,
    `</body>`,
    `</html>`,
    ``,
  ].join("\n");
}

/** The SVG patterns that repeat each tile colour, named for the classes they serve. */
function patterns(prefix: string): string {
  return `<defs><pattern id="${prefix}-hatch" data-for="grown" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect class="ink" width="1.5" height="6"/></pattern><pattern id="${prefix}-dots" data-for="shrunk" width="6" height="6" patternUnits="userSpaceOnUse"><circle class="ink" cx="3" cy="3" r="1.3"/></pattern><pattern id="${prefix}-cross" data-for="new" width="8" height="8" patternUnits="userSpaceOnUse"><path class="ink-line" d="M0 4H8M4 0V8"/></pattern><pattern id="${prefix}-back" data-for="wasted" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect class="ink" width="1.5" height="6"/></pattern></defs>`;
}

function swatch(cls: string, pattern: string | null): string {
  return `<svg class="swatch ${cls}" aria-hidden="true" focusable="false"><rect class="fill" width="22" height="14"/>${
    pattern
      ? `<rect class="pattern" width="22" height="14" fill="url(#${pattern})"/>`
      : ""
  }</svg>`;
}

function treemapBlock(name: string, map: string, legend: string): string {
  return [
    `<nav aria-label="${name}: location"><ol class="crumbs"></ol></nav>`,
    legend,
    `<svg class="treemap" data-testid="treemap" data-map="${map}" role="group" aria-label="${name}">${
      patterns(map)
    }</svg>`,
    `<table class="alt visually-hidden"><caption></caption><thead></thead><tbody></tbody></table>`,
  ].join("\n");
}

function sizeSection(
  data: PageData,
  report: DiffReport | InspectReport,
): string {
  const diff = data.kind === "diff";
  const heading =
    `<section id="sizes" aria-labelledby="sizes-title"><h2 id="sizes-title">Where the bytes are</h2>`;
  if (data.partial) return `${heading}${partialNote()}</section>`;
  const legend = diff
    ? `<ul class="legend" aria-label="Legend">${
      [
        ["grown", "size", "hatch", "+ grown"],
        ["shrunk", "size", "dots", "− shrunk"],
        ["new", "size", "cross", "new: not in A"],
        ["same", "size", null, "= same size"],
      ].map(([cls, prefix, pattern, label]) =>
        `<li>${
          swatch(cls!, pattern ? `${prefix}-${pattern}` : null)
        } ${label}</li>`
      ).join("")
    }</ul>`
    : `<ul class="legend" aria-label="Legend: the layer that put most of a tile's bytes there">${
      ("image" in report ? report.image : report.images.b).layers.map((
        layer,
      ) =>
        `<li>${swatch(`layer-${layer.index % 8}`, null)} L${layer.index} ${
          htmlText(shortenCommand(layer.createdBy, 40))
        }</li>`
      ).join("")
    }</ul>`;
  return [
    heading,
    `<p class="hint">${
      diff
        ? "B's merged filesystem by size, each tile marked by how it changed against A."
        : "The merged filesystem by size, each tile coloured and marked (L2) by the layer that put most of its bytes there."
    } Select a directory to zoom in; Escape or the path above goes back up.${
      diff ? " Selecting a file shows it in the change list." : ""
    }</p>`,
    treemapBlock(diff ? "B's files by size" : "Files by size", "size", legend),
    `</section>`,
  ].join("\n");
}

function wasteSection(data: PageData): string {
  const heading =
    `<section id="wasted" aria-labelledby="wasted-title"><h2 id="wasted-title">Wasted bytes</h2>`;
  if (data.partial) return `${heading}${partialNote()}</section>`;
  if (data.tree.hidden.length === 0) {
    return `${heading}<p>No layer${
      data.kind === "diff" ? " of B" : ""
    } hides a file that a lower layer stored.</p></section>`;
  }
  return [
    heading,
    `<p class="hint">File copies that a lower layer stored and a higher layer deleted or overwrote: the image carries their bytes but never shows them.</p>`,
    treemapBlock("Hidden copies by size", "waste", ""),
    `<table class="hidden-copies"><caption>Largest hidden copies</caption><thead><tr><th scope="col">Path</th><th scope="col" class="num">Bytes</th><th scope="col">Stored in</th><th scope="col">Hidden by</th></tr></thead><tbody id="hidden-rows"></tbody></table>`,
    `</section>`,
  ].join("\n");
}

function partialNote(): string {
  return `<p>The treemaps need the report's size tree: build the report with <code>tree: true</code>.</p>`;
}

function changeSection(): string {
  const fields = [
    "content",
    "type",
    "mode",
    "uid",
    "gid",
    "target",
    "device",
    "mtime",
  ];
  return [
    `<section id="changes" aria-labelledby="changes-title"><h2 id="changes-title">Changes</h2>`,
    `<div class="controls" role="search" aria-label="Filter the changes">`,
    `<fieldset><legend>Show</legend>${
      [["added", "+ added"], ["removed", "− removed"], [
        "modified",
        "~ modified",
      ]].map(([value, label]) =>
        `<label><input type="checkbox" name="kind" value="${value}" data-testid="filter-${value}" checked> ${label}</label>`
      ).join("")
    }</fieldset>`,
    `<label>Changed field <select id="field-filter" data-testid="field-filter"><option value="">any</option>${
      fields.map((field) => `<option value="${field}">${field}</option>`).join(
        "",
      )
    }</select></label>`,
    `<label>Path contains <input type="search" id="path-search" data-testid="search" autocomplete="off" spellcheck="false"></label>`,
    `</div>`,
    `<p id="tree-status" class="muted" aria-live="polite"></p>`,
    `<ul id="change-tree" role="tree" data-testid="change-tree" aria-label="Changed paths"></ul>`,
    `</section>`,
  ].join("\n");
}
