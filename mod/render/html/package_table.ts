import type { PackageDiff } from "../../analyze/packages/package_diff.ts";
import type { PackageList } from "../../analyze/packages/package_list.ts";
import type { PackageError } from "../../analyze/packages/scan_packages.ts";
import { formatBytes, formatDelta } from "../format.ts";
import {
  changeCounts,
  growthSentence,
  PACKAGE_SIGNS,
} from "../package_wording.ts";
import { htmlText } from "./html_text.ts";

/**
 * A diff's package changes: the headline (counts, what packages explain
 * of the growth), one row per change with its sign and word ("+ added",
 * "↑ upgraded") and B's layer that made it (`data-layer`, for the layer
 * filter), the largest growth no package owns, and unreadable databases.
 */
export function packageDiffHtml(packages: PackageDiff): string {
  if (packages.ecosystems.length === 0) {
    return section("<p>No package database found in either image.</p>");
  }
  const rows = packages.changes.map((change) => {
    const layer = change.layer ?? -1;
    return `<tr data-testid="package-row" data-layer="${layer}" data-change="${change.change}"><td class="change-${change.change}">${
      PACKAGE_SIGNS[change.change]
    } ${change.change}</td><td><code>${
      htmlText(change.name)
    }</code></td><td>${change.ecosystem}</td><td>${
      change.a ? `<code>${htmlText(change.a.version)}</code>` : "–"
    }</td><td>${
      change.b ? `<code>${htmlText(change.b.version)}</code>` : "–"
    }</td><td class="num">${
      formatDelta(change.measuredSizeDelta)
    }</td><td class="num">${
      change.installedSizeDelta === null
        ? "–"
        : formatDelta(change.installedSizeDelta)
    }</td><td class="num">${layer < 0 ? "" : `B${layer}`}</td></tr>`;
  });
  const unowned = packages.growth.topUnowned.map((file) =>
    `<tr data-layer="${file.layer}"><td><code>${
      htmlText(file.path)
    }</code></td><td class="num">${
      formatDelta(file.sizeDelta)
    }</td><td class="num">B${file.layer}</td></tr>`
  );
  return section([
    `<p><strong>${
      packages.ecosystems.join(", ")
    }:</strong> ${packages.a.packages} → ${packages.b.packages} packages, ${
      changeCounts(packages.changes)
    }; ${growthSentence(packages)}.</p>`,
    rows.length > 0
      ? `<table class="packages filterable"><caption>Package changes</caption><thead><tr><th scope="col">Change</th><th scope="col">Package</th><th scope="col">Kind</th><th scope="col">A</th><th scope="col">B</th><th scope="col" class="num">Measured</th><th scope="col" class="num">Installed</th><th scope="col" class="num">Layer</th></tr></thead><tbody>${
        rows.join("")
      }</tbody></table>`
      : "",
    unowned.length > 0
      ? `<table class="filterable"><caption>Largest growth in files no package owns</caption><thead><tr><th scope="col">File</th><th scope="col" class="num">Growth</th><th scope="col" class="num">Layer</th></tr></thead><tbody>${
        unowned.join("")
      }</tbody></table>`
      : "",
    errorList(packages.errors),
  ].join("\n"));
}

/** An inspected image's packages, largest first, each row with its layer. */
export function packageListHtml(packages: PackageList): string {
  if (packages.count === 0) {
    return section(
      `<p>No package database found.</p>${errorList(packages.errors)}`,
    );
  }
  const rows = packages.packages.map((pkg) => {
    const layer = pkg.layer ?? -1;
    return `<tr data-testid="package-row" data-layer="${layer}"><td><code>${
      htmlText(pkg.name)
    }</code></td><td>${pkg.ecosystem}</td><td><code>${
      htmlText(pkg.version)
    }</code></td><td class="num">${
      formatBytes(pkg.measuredSize)
    }</td><td class="num">${
      pkg.installedSize === null ? "–" : formatBytes(pkg.installedSize)
    }</td><td class="num">${layer < 0 ? "" : layer}</td></tr>`;
  });
  return section([
    `<p><strong>${
      packages.ecosystems.join(", ")
    }:</strong> ${packages.count} package${
      packages.count === 1 ? "" : "s"
    } own ${formatBytes(packages.ownedBytes)}; ${
      formatBytes(packages.unownedBytes)
    } in files no package owns.</p>`,
    `<table class="packages filterable"><caption>Installed packages, largest first</caption><thead><tr><th scope="col">Package</th><th scope="col">Kind</th><th scope="col">Version</th><th scope="col" class="num">Size</th><th scope="col" class="num">Installed</th><th scope="col" class="num">Layer</th></tr></thead><tbody>${
      rows.join("")
    }</tbody></table>`,
    errorList(packages.errors),
  ].join("\n"));
}

function section(body: string): string {
  return `<section id="packages" aria-labelledby="packages-title"><h2 id="packages-title">Packages</h2>\n${body}\n</section>`;
}

function errorList(errors: (PackageError & { image?: "a" | "b" })[]): string {
  if (errors.length === 0) return "";
  return `<ul class="warnings">${
    errors.map((error) =>
      `<li>⚠ ${error.image ? `${error.image.toUpperCase()} ` : ""}<code>${
        htmlText(error.path)
      }</code>: ${htmlText(error.message)}</li>`
    ).join("")
  }</ul>`;
}
