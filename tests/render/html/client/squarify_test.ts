import assert from "@std/assert";
import fc from "fast-check";
import {
  type Rect,
  squarify,
} from "../../../../mod/render/html/client/squarify.ts";

const EPSILON = 1e-6;
const sorted = (sizes: number[]) => [...sizes].sort((x, y) => y - x);

function assertTiles(sizes: number[], rect: Rect, tiles: Rect[]): void {
  const [x0, y0, w0, h0] = rect;
  const total = sizes.reduce((sum, size) => sum + size, 0);
  assert.equal(tiles.length, sizes.length);
  tiles.forEach(([x, y, w, h], i) => {
    assert.ok(x >= x0 - EPSILON && y >= y0 - EPSILON, "inside");
    assert.ok(
      x + w <= x0 + w0 + EPSILON && y + h <= y0 + h0 + EPSILON,
      "inside",
    );
    const area = (sizes[i] / total) * w0 * h0;
    assert.ok(Math.abs(w * h - area) <= 1e-6 * w0 * h0, "area ∝ size");
  });
  for (let i = 0; i < tiles.length; i++) {
    for (let k = i + 1; k < tiles.length; k++) {
      const [ax, ay, aw, ah] = tiles[i];
      const [bx, by, bw, bh] = tiles[k];
      const overlapW = Math.min(ax + aw, bx + bw) - Math.max(ax, bx);
      const overlapH = Math.min(ay + ah, by + bh) - Math.max(ay, by);
      assert.ok(
        overlapW <= EPSILON || overlapH <= EPSILON,
        `${i} and ${k} overlap`,
      );
    }
  }
}

Deno.test("squarify() lays out the paper's example: areas in proportion, inside the rectangle, no overlap", () => {
  const sizes = [6, 6, 4, 3, 2, 2, 1];
  const tiles = squarify(sizes, [0, 0, 6, 4]);
  assertTiles(sizes, [0, 0, 6, 4], tiles);
  // Bruls et al. 2000, figure 3: the two 6s form the first column, 3 wide.
  assert.deepEqual(tiles[0].map((v) => Number(v.toFixed(6))), [0, 0, 3, 2]);
  assert.deepEqual(tiles[1].map((v) => Number(v.toFixed(6))), [0, 2, 3, 2]);
});

Deno.test("squarify() tiles any sizes, largest first, exactly, in any rectangle", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 1_000_000 }), {
        minLength: 1,
        maxLength: 60,
      }),
      fc.integer({ min: 1, max: 2000 }),
      fc.integer({ min: 1, max: 2000 }),
      (raw, w, h) => {
        const sizes = sorted(raw);
        assertTiles(sizes, [10, 20, w, h], squarify(sizes, [10, 20, w, h]));
      },
    ),
  );
});

Deno.test("squarify() keeps tiles far squarer than slicing the rectangle would", () => {
  const sizes = sorted(Array.from({ length: 100 }, (_, i) => 1000 - i * 7));
  const tiles = squarify(sizes, [0, 0, 1000, 600]);
  const worst = Math.max(
    ...tiles.map(([, , w, h]) => Math.max(w / h, h / w)),
  );
  // One slice per size would make tiles 10 px wide and 600 high: ratio 60.
  assert.ok(worst < 4, `worst aspect ratio ${worst}`);
});

Deno.test("squarify() gives empty tiles for nothing to lay out", () => {
  assert.deepEqual(squarify([], [0, 0, 10, 10]), []);
  assert.deepEqual(squarify([0, 0], [1, 2, 10, 10]), [[1, 2, 0, 0], [
    1,
    2,
    0,
    0,
  ]]);
  assert.deepEqual(squarify([5], [0, 0, 0, 10]), [[0, 0, 0, 0]]);
});
