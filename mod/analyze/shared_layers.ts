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

/** Where two images part ways, and what sharing saves (the report's `sharedLayers`). */
export interface SharedLayerDetails {
  /** Layers both images hold (same diffID), in the common base or not. */
  count: number;
  /** Leading layers with the same diffID chain: the common base. */
  prefix: number;
  /** Uncompressed bytes of the shared layers. */
  bytes: number;
  /** Stored bytes of the shared layers in A and in B (compression may differ). */
  compressedBytes: { a: number; b: number };
  /** Shared layers outside the common base: same diffID at another position. */
  outsidePrefix: number;
  /** The first layer after the common base in each image; null when both have the same layers. */
  divergence: {
    /** null when A has no layer there. */
    indexA: number | null;
    indexB: number | null;
    createdByA: string | null;
    createdByB: string | null;
  } | null;
}

/** Adds what the shared-layer line of a report needs to `sharedLayers()`. */
export function sharedLayerDetails(
  a: ImageLayer[],
  b: ImageLayer[],
): SharedLayerDetails {
  const layers = sharedLayers(a, b);
  const at = (list: ImageLayer[], i: number) => list[i] ?? null;
  const prefix = layers.sharedPrefix;
  const first = { a: at(a, prefix), b: at(b, prefix) };
  return {
    count: layers.shared.length,
    prefix,
    bytes: layers.sharedBytes,
    compressedBytes: {
      a: layers.shared.reduce((sum, s) => sum + a[s.indexA].compressedSize, 0),
      b: layers.shared.reduce((sum, s) => sum + b[s.indexB].compressedSize, 0),
    },
    outsidePrefix:
      layers.shared.filter((s) => s.indexA >= prefix || s.indexB >= prefix)
        .length,
    divergence: first.a || first.b
      ? {
        indexA: first.a ? prefix : null,
        indexB: first.b ? prefix : null,
        createdByA: first.a?.createdBy ?? null,
        createdByB: first.b?.createdBy ?? null,
      }
      : null,
  };
}
