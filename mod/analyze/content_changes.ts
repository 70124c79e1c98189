import type { Image } from "../image/image.ts";
import type { NotKeptReason } from "../layer/keep_files.ts";
import { keptContent } from "../merge/kept_content.ts";
import type { MergedEntry } from "../merge/merged_entry.ts";
import { type ContentDiff, diffContent } from "./content_diff.ts";
import type { Change } from "./diff.ts";

/** One side of a content change: what the renderers show of a file. */
export interface ContentSide {
  size: number;
  digest: string;
}

/** A modified file whose content `--content` asked to see. */
export interface ContentChange {
  path: string;
  a: ContentSide;
  b: ContentSide;
  diff: ContentDiff;
}

/**
 * The content diffs of the modified regular files that `content` matches,
 * from the bytes the layers kept (see `keepPolicy`), in path order. A file
 * whose bytes were not kept is listed as `too-large` (over `limit`) or
 * `not-kept` (past the run's budget, or a hard link to an unmatched file).
 */
export function contentChanges(
  images: { a: Image; b: Image },
  options: {
    changes: Change[];
    content: (path: string) => boolean;
    limit: number;
  },
): ContentChange[] {
  const found: ContentChange[] = [];
  for (const change of options.changes) {
    const { a, b } = change;
    if (
      change.change !== "modified" || !change.fields.includes("content") ||
      !isFile(a) || !isFile(b) || !options.content(change.path)
    ) continue;
    const before = keptContent(images.a.indexes, a);
    const after = keptContent(images.b.indexes, b);
    const diff: ContentDiff =
      before instanceof Uint8Array && after instanceof Uint8Array
        ? diffContent(before, after)
        : notKept([before, after], options.limit);
    found.push({ path: change.path, a: side(a), b: side(b), diff });
  }
  return found;
}

/** Why a content change has no diff: over the limit, else the other reason. */
function notKept(
  sides: (Uint8Array | NotKeptReason | undefined)[],
  limit: number,
): ContentDiff {
  if (sides.includes("too-large")) return { kind: "too-large", limit };
  return {
    kind: "not-kept",
    reason: sides.includes("link") ? "link" : "budget",
  };
}

function isFile(entry: MergedEntry | null): entry is MergedEntry {
  return entry?.type === "file" ||
    (entry?.type === "hardlink" && entry.digest !== undefined);
}

function side(entry: MergedEntry): ContentSide {
  return { size: entry.size, digest: entry.digest! };
}
