import type { InspectReport } from "../../analyze/inspect_report.ts";
import type { DiffReport, ImageSummary } from "../../analyze/report.ts";
import type { Verdict } from "../../budget/verdict.ts";
import { formatBytes, formatDelta } from "../format.ts";
import { formatGrowth } from "../format_report.ts";
import { describeRule, ruleStatus, summaryLine } from "../verdict_message.ts";
import { escapeHtml, htmlText } from "./html_text.ts";

/** How an image is named on the page: its reference, else its config digest. */
export function imageLabel(image: ImageSummary): string {
  return image.reference ?? image.configDigest.slice(0, 19);
}

/**
 * The page's header: the title, the images (reference, digest, platform,
 * size, stored size), the verdict of `check` when given, and the summary
 * numbers, each figure in an element a test can find by `data-testid`.
 */
export function headerHtml(
  report: DiffReport | InspectReport,
  options: { title: string; verdict?: Verdict },
): string {
  const images = "image" in report
    ? [["", report.image] as const]
    : [["A", report.images.a] as const, ["B", report.images.b] as const];
  return [
    `<header>`,
    `<h1>${htmlText(options.title)}</h1>`,
    imageTable(images),
    options.verdict ? verdictHtml(options.verdict) : "",
    "image" in report ? inspectFigures(report) : diffFigures(report),
    `</header>`,
  ].join("\n");
}

function imageTable(
  images: readonly (readonly [string, ImageSummary])[],
): string {
  const rows = images.map(([label, image]) => {
    const digest = image.manifestDigest ?? image.configDigest;
    return `<tr>${label ? `<th scope="row">${label}</th>` : ""}<td>${
      htmlText(imageLabel(image))
    }<div class="muted">${htmlText(image.source)}</div></td><td><code title="${
      htmlText(digest)
    }">${htmlText(digest.slice(0, 19))}</code><div class="muted">${
      image.manifestDigest ? "manifest" : "config"
    }</div></td><td>${htmlText(image.platform)}</td><td class="num">${
      formatBytes(image.size)
    }</td><td class="num">${
      formatBytes(image.compressedSize)
    }</td><td class="num">${image.layers.length}</td></tr>`;
  });
  return [
    `<table class="images"><caption>${
      images.length > 1 ? "Images compared" : "Image"
    }</caption><thead><tr>${
      images.length > 1 ? "<td></td>" : ""
    }<th scope="col">Reference</th><th scope="col">Digest</th><th scope="col">Platform</th><th scope="col" class="num">Size</th><th scope="col" class="num">Stored</th><th scope="col" class="num">Layers</th></tr></thead><tbody>`,
    ...rows,
    `</tbody></table>`,
  ].join("\n");
}

function verdictHtml(verdict: Verdict): string {
  const rules = verdict.rules.map((rule) => {
    const status = ruleStatus(rule);
    return `<li class="rule ${status.toLowerCase()}"><strong>${status}</strong> ${
      escapeHtml(describeRule(rule))
    }</li>`;
  });
  const result = verdict.passed ? "PASS" : "FAIL";
  return [
    `<section class="verdict ${result.toLowerCase()}" aria-label="Budget check" data-testid="verdict">`,
    `<p><strong>${result}</strong> ${escapeHtml(summaryLine(verdict))}</p>`,
    `<ul>${rules.join("")}</ul>`,
    `</section>`,
  ].join("\n");
}

/** One figure: a label, a number with a test id, and a note. */
function figure(label: string, value: string, note: string, id?: string) {
  const testid = id ? ` data-testid="${id}"` : "";
  return `<div class="figure"><dt>${label}</dt><dd><span class="value"${testid}>${value}</span>${
    note ? ` <span class="muted">${note}</span>` : ""
  }</dd></div>`;
}

function diffFigures(report: DiffReport): string {
  const { a, b } = report.images;
  const { summary } = report;
  const wasted = report.report.bloat;
  return `<dl class="figures" aria-label="Summary">${
    [
      figure(
        "Size",
        `${formatBytes(a.size)} → ${formatBytes(b.size)}`,
        formatGrowth(a.size, b.size),
        "summary-size",
      ),
      figure(
        "Stored",
        `${formatBytes(a.compressedSize)} → ${formatBytes(b.compressedSize)}`,
        formatGrowth(a.compressedSize, b.compressedSize),
      ),
      figure(
        "+ Added",
        String(summary.added),
        formatDelta(summary.addedBytes),
        "summary-added",
      ),
      figure(
        "− Removed",
        String(summary.removed),
        formatDelta(-summary.removedBytes),
        "summary-removed",
      ),
      figure(
        "~ Modified",
        String(summary.modified),
        "",
        "summary-modified",
      ),
      figure(
        "Shared layers",
        String(summary.sharedLayers),
        `of ${a.layers.length} → ${b.layers.length} (${
          formatBytes(report.layers.sharedBytes)
        })`,
      ),
      wasted
        ? figure(
          "Wasted in B",
          formatBytes(wasted.b.wastedBytes),
          `A: ${formatBytes(wasted.a.wastedBytes)}`,
          "summary-wasted",
        )
        : "",
    ].join("")
  }</dl>`;
}

function inspectFigures(report: InspectReport): string {
  const { summary, bloat, packages } = report.report;
  return `<dl class="figures" aria-label="Summary">${
    [
      figure(
        "Size",
        formatBytes(report.image.size),
        `stored ${formatBytes(report.image.compressedSize)}`,
        "summary-size",
      ),
      summary
        ? figure(
          "Files",
          String(summary.files),
          `${formatBytes(summary.fileBytes)} in ${summary.entries} entries`,
          "summary-files",
        )
        : "",
      bloat
        ? figure(
          "Wasted",
          formatBytes(bloat.wastedBytes),
          `${bloat.wastedPaths} paths`,
          "summary-wasted",
        )
        : "",
      packages
        ? figure(
          "Packages",
          String(packages.count),
          packages.ecosystems.join(", "),
        )
        : "",
    ].join("")
  }</dl>`;
}
