import assert from "@std/assert";
import { manySmallPair } from "../../../bench/gen/many_small_pair.ts";

const options = { scale: 0.05, seed: 1 };

Deno.test("manySmallPair() plans the same pair from the same seed", () => {
  assert.deepEqual(manySmallPair(options), manySmallPair(options));
});

Deno.test("manySmallPair() builds B on A's base layer with two more layers", () => {
  const pair = manySmallPair(options);
  assert.equal(pair.a.length, 1);
  assert.equal(pair.b.length, 3);
  assert.equal(pair.b[0], pair.a[0]);
});

Deno.test("manySmallPair() rewrites about 5 % and deletes about 2 % of the files", () => {
  const { stats } = manySmallPair(options);
  const share = (n: number) => n / stats.baseFiles;
  assert.ok(
    Math.abs(share(stats.modifiedFiles) - 0.05) < 0.01,
    `${stats.modifiedFiles}`,
  );
  assert.ok(
    Math.abs(share(stats.deletedFiles) - 0.02) < 0.005,
    `${stats.deletedFiles}`,
  );
  assert.equal(stats.addedFiles, 150);
});

Deno.test("manySmallPair() deletes a whole directory and hides one under an opaque marker", () => {
  const upgrade = manySmallPair(options).b[1].entries.map((e) => e.path);
  assert.ok(upgrade.some((p) => /^app\/node_modules\/\.wh\.[^/]+$/.test(p)));
  assert.ok(
    upgrade.some((p) =>
      /^app\/node_modules\/[^/]+\/\.wh\.\.wh\.\.opq$/.test(p)
    ),
  );
});

Deno.test("manySmallPair() lists every directory before its children", () => {
  for (const layer of manySmallPair(options).b) {
    const seen = new Set<string>();
    for (const entry of layer.entries) {
      const slash = entry.path.lastIndexOf("/");
      assert.ok(slash < 0 || seen.has(entry.path.slice(0, slash)), entry.path);
      if (entry.type === "dir") seen.add(entry.path);
    }
  }
});
