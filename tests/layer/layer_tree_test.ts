import assert from "@std/assert";
import { LayerTree } from "../../mod/layer/layer_tree.ts";

Deno.test("LayerTree.takeBelow() finds nothing below a path with no descendants", () => {
  const tree = new LayerTree();
  for (const path of ["/a", "/b/c"]) tree.add(path);
  assert.deepEqual(tree.takeBelow("/a", ["/a", "/b/c"]), []);
});

Deno.test("LayerTree.takeBelow() returns and forgets a subtree, implied directories included", () => {
  const tree = new LayerTree();
  const stored = ["/a/b/c", "/a/d", "/e"];
  for (const path of stored) tree.add(path);
  assert.deepEqual(tree.takeBelow("/a", stored).sort(), [
    "/a/b",
    "/a/b/c",
    "/a/d",
  ]);
  assert.deepEqual(tree.takeBelow("/a", stored), []);
  tree.add("/a/f");
  assert.deepEqual(tree.takeBelow("/a", stored), ["/a/f"]);
});

Deno.test("LayerTree.takeBelow() handles a path 2048 levels deep", () => {
  const tree = new LayerTree();
  const deep = "/d".repeat(2048);
  tree.add(deep);
  assert.equal(tree.takeBelow("/d", [deep]).length, 2047);
});

Deno.test("LayerTree.takeBelow() takes a directory of 300,000 children at once", () => {
  const tree = new LayerTree();
  const stored = Array.from({ length: 300_000 }, (_, i) => `/d/${i}`);
  for (const path of stored) tree.add(path);
  assert.equal(tree.takeBelow("/d", stored).length, stored.length);
});
