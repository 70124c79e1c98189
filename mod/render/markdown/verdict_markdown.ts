/**
 * The Markdown view of a verdict, for a GitHub step summary or a pull
 * request comment: a headline, a table of rules (measured and limit), a
 * sentence for each rule that failed or came near its limit, then the
 * report's Markdown or, without it, the images' sizes.
 */
import type { DiffSummary } from "../../analyze/report.ts";
import type { ImageFigures, Verdict } from "../../budget/verdict.ts";
import { escapeForTerminal, formatBytes, formatDelta } from "../format.ts";
import {
  describeRule,
  formatMeasuredAndLimit,
  ruleStatus,
  summaryLine,
} from "../verdict_message.ts";

const MARK = { PASS: "✅ pass", FAIL: "❌ fail", WARN: "⚠️ near" };

/**
 * Renders a verdict as GitHub-flavoured Markdown. With an `appendix` (the
 * diff or inspect report's Markdown) the report follows the rules and
 * speaks for the images; without one, a size table, the diff's counts
 * (`summary`) and the bloat figures close the verdict.
 */
export function renderVerdictMarkdown(
  verdict: Verdict,
  options: { summary?: DiffSummary; appendix?: string } = {},
): string {
  const icon = verdict.passed ? "✅" : "❌";
  const against = verdict.base ? ` against ${name(verdict.base)}` : "";
  const lines = [
    `### ${icon} layerdiff check ${summaryLine(verdict)}`,
    "",
    `${name(verdict.head)}${against}; image sizes are ${verdict.sizeKind}.`,
    "",
    "| Result | Rule | Measured | Limit |",
    "| --- | --- | --: | --: |",
    ...verdict.rules.map((result) => {
      const [measured, limit] = formatMeasuredAndLimit(result);
      return `| ${
        MARK[ruleStatus(result)]
      } | \`${result.rule}\` | ${measured} | ${limit} |`;
    }),
  ];
  const notable = verdict.rules.filter((r) => !r.passed || r.nearLimit);
  if (notable.length) {
    lines.push("");
    for (const result of notable) {
      lines.push(
        `- **${ruleStatus(result)}** \`${result.rule}\`: ${
          describeRule(result, { escape: escapeMarkdown })
        }`,
      );
    }
  }
  if (options.appendix) {
    lines.push("", options.appendix.trimEnd());
    return `${lines.join("\n")}\n`;
  }
  lines.push("", ...sizeTable(verdict));
  if (options.summary) {
    const { added, removed, modified, sharedLayers } = options.summary;
    lines.push(
      "",
      `Files: ${added} added, ${removed} removed, ${modified} modified; ${sharedLayers} ${
        sharedLayers === 1 ? "layer" : "layers"
      } shared with the base.`,
    );
  }
  const { bloat } = verdict;
  lines.push(
    "",
    `Wasted: ${
      formatBytes(bloat.wastedBytes)
    } of file copies the image never shows; dive's figures: ${
      formatBytes(bloat.diveWastedBytes)
    } wasted, efficiency ${(bloat.efficiency * 100).toFixed(1)}%.`,
  );
  return `${lines.join("\n")}\n`;
}

/**
 * Escapes text for inline Markdown: characters that would start emphasis,
 * code, links, HTML, entities or table cells get a backslash; control
 * characters and non-UTF-8 bytes become visible escapes, as on a terminal.
 */
export function escapeMarkdown(text: string): string {
  return escapeForTerminal(text).replace(/[\\`*_[\]<>|~&]/g, "\\$&");
}

function sizeTable(verdict: Verdict): string[] {
  const { head, base } = verdict;
  const row = (label: string, image: ImageFigures) =>
    `| ${label} | ${formatBytes(image.size)} | ${
      formatBytes(image.compressedSize)
    } | ${image.layers} |`;
  const rows = [
    "| Image | Uncompressed | Compressed | Layers |",
    "| --- | --: | --: | --: |",
    row("head", head),
  ];
  if (base) {
    const layers = head.layers - base.layers;
    rows.push(
      row("base", base),
      `| change | ${formatDelta(head.size - base.size)} | ${
        formatDelta(head.compressedSize - base.compressedSize)
      } | ${layers > 0 ? "+" : ""}${layers} |`,
    );
  }
  return rows;
}

function name(image: ImageFigures): string {
  const source = `\`${escapeForTerminal(image.source).replaceAll("`", "'")}\``;
  return image.reference
    ? `${escapeMarkdown(image.reference)} (${source})`
    : source;
}
