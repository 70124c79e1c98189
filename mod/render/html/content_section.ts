import type { ContentChange } from "../../analyze/content_changes.ts";
import { unifiedDiffText } from "../unified_diff.ts";
import { escapeForTerminal } from "../format.ts";
import { contentSummary } from "../content_wording.ts";
import { escapeHtml, htmlText } from "./html_text.ts";

/** Content diffs shown open; past this many they start closed. */
const OPEN_DIFFS = 20;

/**
 * The content diffs of `--content`, one `<details id="content-N">` per
 * file (N its index in `contentChanges`, which the change tree links to):
 * a unified diff whose lines keep their "+", "-" and "@@" marks (colour
 * only repeats them), or the summary line of a binary or unkept file.
 */
export function contentSectionHtml(changes: ContentChange[]): string {
  const blocks = changes.map((change, i) => {
    const path = escapeForTerminal(change.path);
    const body = change.diff.kind === "text" && change.diff.hunks.length > 0
      ? `<pre class="diff">${
        unifiedDiffText(change.path, change.diff).trimEnd().split("\n")
          .map(diffLine).join("\n")
      }</pre>`
      : "";
    return `<details class="content-diff" id="content-${i}" data-testid="content-diff" data-path="${
      escapeHtml(path)
    }"${changes.length <= OPEN_DIFFS ? " open" : ""}><summary><code>${
      escapeHtml(path)
    }</code> — ${
      escapeHtml(contentSummary(change))
    }</summary>${body}</details>`;
  });
  return [
    `<section id="content" aria-labelledby="content-title">`,
    `<h2 id="content-title">Content of changed files</h2>`,
    blocks.length > 0
      ? blocks.join("\n")
      : "<p>No modified file matches --content.</p>",
    `</section>`,
  ].join("\n");
}

function diffLine(line: string): string {
  const kind = line.startsWith("+++") || line.startsWith("---")
    ? "file"
    : line.startsWith("+")
    ? "add"
    : line.startsWith("-")
    ? "del"
    : line.startsWith("@@")
    ? "hunk"
    : "";
  const text = htmlText(line);
  return kind ? `<span class="${kind}">${text}</span>` : text;
}
