import type { ContentChange } from "../analyze/content_changes.ts";
import { formatBytes } from "./format.ts";

/**
 * The one line shown for a content change that has no text diff:
 * "binary, 12.0 KiB → 13.0 KiB, sha256:1a2b3c4d5e6f → sha256:…", or why the
 * bytes were not kept.
 */
export function contentSummary(change: ContentChange): string {
  const digest = (value: string) => value.slice(0, "sha256:".length + 12);
  switch (change.diff.kind) {
    case "binary":
      return `binary, ${formatBytes(change.a.size)} → ${
        formatBytes(change.b.size)
      }, ${digest(change.a.digest)} → ${digest(change.b.digest)}`;
    case "too-large":
      return `not shown: over the ${
        formatBytes(change.diff.limit)
      } limit of --content-limit (${formatBytes(change.a.size)} → ${
        formatBytes(change.b.size)
      })`;
    case "not-kept":
      return `not shown: ${
        change.diff.reason === "link"
          ? "a hard link to a file --content did not match"
          : "the bytes kept for this run ran out"
      } (${formatBytes(change.a.size)} → ${formatBytes(change.b.size)})`;
    case "text": {
      const { removed, added } = change.diff;
      return `${removed} ${
        removed === 1 ? "line" : "lines"
      } removed, ${added} added`;
    }
  }
}
