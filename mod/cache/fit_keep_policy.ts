import type { ReadLayer } from "../image/read_layer.ts";
import type { KeepPolicy, NotKeptReason } from "../layer/keep_files.ts";

/**
 * A cached layer as this run's keep policy would have read it: the kept
 * files the policy asks for (taken from its budget, "budget" when they no
 * longer fit), "too-large" for files over its limit, nothing it does not
 * ask for. Undefined when the entry lacks bytes the policy wants (an
 * earlier run asked for fewer files, or ran out of budget): the layer must
 * be read again.
 */
export function fitKeepPolicy(
  layer: ReadLayer,
  keep: KeepPolicy | undefined,
): ReadLayer | undefined {
  const { index } = layer;
  let kept: Map<string, Uint8Array> | undefined;
  let notKept: Map<string, NotKeptReason> | undefined;
  if (keep) {
    for (const [path, entry] of index.entries) {
      if (entry.type !== "file") continue;
      const limit = keep.limit(path);
      if (limit <= 0) continue;
      if (entry.size > limit) {
        (notKept ??= new Map()).set(path, "too-large");
        continue;
      }
      const bytes = index.kept?.get(path);
      if (!bytes) return undefined;
      if (keep.budget.take(bytes.length)) (kept ??= new Map()).set(path, bytes);
      else (notKept ??= new Map()).set(path, "budget");
    }
  }
  const { kept: _kept, notKept: _notKept, ...rest } = index;
  return {
    ...layer,
    index: {
      ...rest,
      ...(kept ? { kept } : {}),
      ...(notKept ? { notKept } : {}),
    },
  };
}
