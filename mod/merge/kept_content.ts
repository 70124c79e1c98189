import type { LayerIndex } from "../layer/entry.ts";
import type { NotKeptReason } from "../layer/keep_files.ts";
import type { MergedEntry } from "./merged_entry.ts";

/**
 * The bytes of a merged file as its layer kept them (see `KeepPolicy`), or
 * why they were not kept; undefined when no one asked for them. A hard link
 * has the bytes its target had in the highest layer at or below the link's
 * that stored the target, or "link" when no one asked for the target's.
 */
export function keptContent(
  indexes: readonly LayerIndex[],
  entry: MergedEntry,
): Uint8Array | NotKeptReason | undefined {
  if (entry.type === "file") return lookup(indexes[entry.layer], entry.path);
  if (entry.type !== "hardlink" || !entry.target) return undefined;
  for (let layer = entry.layer; layer >= 0; layer--) {
    const index = indexes[layer];
    if (index.entries.has(entry.target)) {
      return lookup(index, entry.target) ?? "link";
    }
  }
  return "link";
}

function lookup(
  index: LayerIndex | undefined,
  path: string,
): Uint8Array | NotKeptReason | undefined {
  return index?.kept?.get(path) ?? index?.notKept?.get(path);
}
