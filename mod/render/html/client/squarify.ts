/** A rectangle: x, y, width, height. */
export type Rect = [x: number, y: number, w: number, h: number];

/**
 * Lays out `sizes` (largest first, all above 0) as rectangles that fill
 * `rect` with areas in proportion to the sizes, squarified (Bruls,
 * Huizing, van Wijk 2000): tiles go in rows along the shorter side, and a
 * row takes the next tile only while that keeps its worst aspect ratio
 * from growing, so tiles stay close to square. The page embeds its source.
 *
 * @example
 * ```ts
 * squarify([6, 6, 4, 3, 2, 2, 1], [0, 0, 6, 4]); // 7 tiles, areas 6, 6, 4, …
 * ```
 */
export function squarify(sizes: number[], rect: Rect): Rect[] {
  let [x, y, w, h] = rect;
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total <= 0 || w <= 0 || h <= 0) return sizes.map(() => [x, y, 0, 0]);
  const scale = (w * h) / total;
  const out: Rect[] = [];
  let i = 0;
  while (i < sizes.length) {
    const side = Math.min(w, h);
    let sum = 0, min = Infinity, max = 0, worst = Infinity, end = i;
    while (end < sizes.length) {
      const area = sizes[end] * scale;
      const s = sum + area, lo = Math.min(min, area), hi = Math.max(max, area);
      const ratio = Math.max(
        (side * side * hi) / (s * s),
        (s * s) / (side * side * lo),
      );
      if (end > i && ratio > worst) break;
      sum = s, min = lo, max = hi, worst = ratio, end++;
    }
    const thick = end === sizes.length ? (w >= h ? w : h) : sum / side;
    let offset = 0;
    for (let k = i; k < end; k++) {
      const length = k === end - 1 ? side - offset : (sizes[k] * scale) / thick;
      out.push(
        w >= h
          ? [x, y + offset, thick, length]
          : [x + offset, y, length, thick],
      );
      offset += length;
    }
    if (w >= h) x += thick, w = Math.max(0, w - thick);
    else y += thick, h = Math.max(0, h - thick);
    i = end;
  }
  return out;
}
