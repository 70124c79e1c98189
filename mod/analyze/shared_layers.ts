import type { ImageLayer } from "../image/image.ts";

/** A layer both images hold (same diffID), at its position in each. */
export interface SharedLayer {
  diffId: string;
  indexA: number;
  indexB: number;
  /** Uncompressed bytes. */
  size: number;
}

/** Which layers two images share, matched by diffID (compression does not matter). */
export interface SharedLayers {
  shared: SharedLayer[];
  /** Leading layers with the same diffID chain: the common base. */
  sharedPrefix: number;
  /** Uncompressed bytes of the shared layers. */
  sharedBytes: number;
}

/**
 * Matches the layers of A and B by diffID: one pair per diffID found in
 * both, at its first position in each, in A's order.
 */
export function sharedLayers(a: ImageLayer[], b: ImageLayer[]): SharedLayers {
  const firstInB = new Map<string, number>();
  for (const layer of b) {
    if (!firstInB.has(layer.diffId)) firstInB.set(layer.diffId, layer.index);
  }
  const seen = new Set<string>();
  const shared: SharedLayer[] = [];
  for (const layer of a) {
    const indexB = firstInB.get(layer.diffId);
    if (indexB === undefined || seen.has(layer.diffId)) continue;
    seen.add(layer.diffId);
    shared.push({
      diffId: layer.diffId,
      indexA: layer.index,
      indexB,
      size: layer.size,
    });
  }
  let sharedPrefix = 0;
  while (
    sharedPrefix < a.length && sharedPrefix < b.length &&
    a[sharedPrefix].diffId === b[sharedPrefix].diffId
  ) sharedPrefix++;
  return {
    shared,
    sharedPrefix,
    sharedBytes: shared.reduce((sum, layer) => sum + layer.size, 0),
  };
}
