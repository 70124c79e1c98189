import type { ContentChange } from "../../analyze/content_changes.ts";
import { unifiedDiffText } from "../unified_diff.ts";
import { escapeForTerminal } from "../format.ts";
import { contentSummary } from "../content_wording.ts";
import { COLORS, type Paint } from "./colors.ts";

/**
 * The content diffs of `--content`: a unified diff per text file (added
 * lines green, removed red, with terminal controls made visible), one
 * summary line for a binary or unkept one.
 */
export function* contentLines(
  changes: ContentChange[],
  paint: Paint,
): Generator<string> {
  if (changes.length === 0) {
    yield "  no modified file matches --content";
    return;
  }
  for (const change of changes) {
    if (change.diff.kind !== "text") {
      yield `  ${escapeForTerminal(change.path)}: ${contentSummary(change)}`;
      continue;
    }
    for (const line of unifiedDiffText(change.path, change.diff).split("\n")) {
      if (line === "") continue;
      const text = `  ${escapeForTerminal(line)}`;
      yield line.startsWith("+++") || line.startsWith("---")
        ? paint(COLORS.bold, text)
        : line.startsWith("+")
        ? paint(COLORS.added, text)
        : line.startsWith("-")
        ? paint(COLORS.removed, text)
        : line.startsWith("@@")
        ? paint(COLORS.dim, text)
        : text;
    }
  }
}
