import type { ContentChange } from "../../analyze/content_changes.ts";
import { unifiedDiffText } from "../unified_diff.ts";
import { escapeForTerminal } from "../format.ts";
import { contentSummary } from "../content_wording.ts";
import { codeSpan } from "./markdown_text.ts";

/**
 * One collapsed `<details>` block per content change of `--content`: a
 * text file's unified diff in a `diff` fence (longer than any backtick run
 * inside), a binary or unkept one as a summary line.
 */
export function contentBlocks(changes: ContentChange[]): string[] {
  if (changes.length === 0) return ["_No modified file matches --content._"];
  return changes.map((change) => {
    const summary = `${codeSpan(change.path)}: ${contentSummary(change)}`;
    if (change.diff.kind !== "text" || change.diff.hunks.length === 0) {
      return `- ${summary}`;
    }
    const text = unifiedDiffText(change.path, change.diff).split("\n")
      .map(escapeForTerminal).join("\n");
    let longest = 2;
    for (const [run] of text.matchAll(/`+/g)) {
      longest = Math.max(longest, run.length);
    }
    const fence = "`".repeat(longest + 1);
    return [
      "<details>",
      `<summary>${summary}</summary>`,
      "",
      `${fence}diff`,
      text.trimEnd(),
      fence,
      "</details>",
    ].join("\n");
  });
}
