import assert from "@std/assert";
import { analyzeBloat } from "../../mod/analyze/bloat.ts";
import { buildInspectReport } from "../../mod/analyze/inspect_report.ts";
import { buildDiffReport } from "../../mod/analyze/report.ts";
import { type SizeTree, sizeTree } from "../../mod/analyze/size_tree.ts";
import { traceImages } from "../../mod/analyze/trace_layers.ts";
import { openImages } from "../../mod/image/open_images.ts";
import { compareNames } from "../../mod/tar/name.ts";
import { writeBloatedPair } from "../fixtures/bloated_images.ts";

// A real pair of docker-save archives with known waste (see the fixture).
const pair = await writeBloatedPair(await Deno.makeTempDir());
const [before, after] = await openImages(pair.before, pair.after);
const traces = traceImages(before, after);
const tree = sizeTree(traces);

/** Every node's full path, rebuilt from names and parents. */
function pathsOf(tree: SizeTree): string[] {
  const paths = ["/"];
  for (let i = 1; i < tree.names.length; i++) {
    const parent = tree.parents[i];
    paths.push(`${parent === 0 ? "" : paths[parent]}/${tree.names[i]}`);
  }
  return paths;
}

const paths = pathsOf(tree);
const node = (path: string) => {
  const i = paths.indexOf(path);
  assert.ok(i >= 0, `${path} is a node`);
  return i;
};

/** A node's columns, for one readable comparison. */
const row = (path: string) => {
  const i = node(path);
  return {
    type: tree.types[i],
    sizeB: tree.sizeB[i],
    layerB: tree.layerB[i],
    sizeA: tree.sizeA![i],
    layerA: tree.layerA![i],
    wasted: tree.wasted[i],
  };
};

Deno.test("sizeTree() holds every path of A, of B and of B's hidden copies, once each, as names under parents", () => {
  const expected = new Set(["/"]);
  for (const fs of [traces.a.fs, traces.b.fs]) {
    for (const path of fs.keys()) expected.add(path);
  }
  for (const { entry } of traces.b.hidden) {
    if (entry.type === "file" && entry.size > 0) expected.add(entry.path);
  }
  assert.deepEqual(new Set(paths), expected);
  assert.equal(paths.length, expected.size, "no path twice");
  assert.ok(
    !JSON.stringify(tree).includes("/var/cache"),
    "names, never full paths",
  );
});

Deno.test("sizeTree() lays nodes out in preorder: parents first, siblings by name, each subtree contiguous", () => {
  assert.equal(tree.parents[0], -1);
  assert.equal(tree.names[0], "");
  const lastChild = new Map<number, number>();
  for (let i = 1; i < tree.names.length; i++) {
    const parent = tree.parents[i];
    assert.ok(parent < i, "parent before child");
    const previous = lastChild.get(parent);
    if (previous !== undefined) {
      assert.ok(compareNames(tree.names[previous], tree.names[i]) < 0);
      // The previous sibling's subtree ends right before this node.
      for (let k = previous + 1; k < i; k++) {
        assert.ok(paths[k].startsWith(`${paths[previous]}/`));
      }
    }
    lastChild.set(parent, i);
  }
  assert.equal(tree.types.length, tree.names.length);
  for (
    const column of [
      tree.sizeB,
      tree.layerB,
      tree.sizeA!,
      tree.layerA!,
      tree.wasted,
    ]
  ) assert.equal(column.length, tree.names.length);
});

Deno.test("sizeTree() gives each path its bytes and layer in B and in A, and marks a side that lacks it with layer -1", () => {
  // Rewritten in B's layers 2 and 3; A's own 8000 B from its layer 1.
  assert.deepEqual(row("/big.bin"), {
    type: "f",
    sizeB: 12000,
    layerB: 3,
    sizeA: 8000,
    layerA: 1,
    wasted: 20000,
  });
  // Only in A.
  assert.deepEqual(row("/app/main.js"), {
    type: "f",
    sizeB: 0,
    layerB: -1,
    sizeA: 500,
    layerA: 1,
    wasted: 0,
  });
  // Whited out in B with its directory; its copy from the shared base is waste.
  assert.deepEqual(row("/etc/os-release"), {
    type: "f",
    sizeB: 0,
    layerB: -1,
    sizeA: 100,
    layerA: 0,
    wasted: 100,
  });
  // In neither image: written by B's layer 1, deleted by its layer 2.
  assert.deepEqual(row("/tmp/download.tgz"), {
    type: "f",
    sizeB: 0,
    layerB: -1,
    sizeA: 0,
    layerA: -1,
    wasted: 5000,
  });
  // A hard link counts no bytes of its own: its target holds them.
  assert.deepEqual(row("/keep.lnk"), {
    type: "h",
    sizeB: 0,
    layerB: 1,
    sizeA: 0,
    layerA: -1,
    wasted: 0,
  });
  assert.equal(row("/var/cache/c").layerB, 2);
  assert.equal(row("/var/cache").type, "d");
});

Deno.test("sizeTree() sums file bytes and waste into every directory, and the root into the images' totals", () => {
  const fileBytes = (fs: typeof traces.a.fs) =>
    [...fs.values()].reduce(
      (sum, e) => sum + (e.type === "file" ? e.size : 0),
      0,
    );
  assert.equal(tree.sizeB[0], fileBytes(traces.b.fs));
  assert.equal(tree.sizeA![0], fileBytes(traces.a.fs));
  assert.equal(
    tree.wasted[0],
    analyzeBloat(after.indexes, traces.b, { top: 0 }).wastedBytes,
  );
  assert.deepEqual(row("/var/cache"), {
    type: "d",
    sizeB: 300,
    layerB: 2,
    sizeA: 3000,
    layerA: 0,
    wasted: 3000,
  });
  for (let i = 0; i < tree.names.length; i++) {
    if (tree.types[i] !== "d") continue;
    const below = (column: number[]) =>
      tree.parents.reduce((sum, p, k) => p === i ? sum + column[k] : sum, 0);
    assert.equal(tree.sizeB[i], below(tree.sizeB), paths[i]);
    assert.equal(tree.sizeA![i], below(tree.sizeA!), paths[i]);
    assert.equal(tree.wasted[i], below(tree.wasted), paths[i]);
  }
});

Deno.test("sizeTree() lists B's hidden file copies with the layer that stored and the layer that hid each", () => {
  const rows = tree.hidden.map(([i, bytes, storedIn, hiddenBy]) => [
    paths[i],
    bytes,
    storedIn,
    hiddenBy,
  ]);
  assert.deepEqual(
    rows.sort((x, y) => compareNames(String(x[0]), String(y[0]))),
    [
      ["/big.bin", 10000, 1, 2],
      ["/big.bin", 10000, 2, 3],
      ["/etc/os-release", 100, 0, 3],
      ["/tmp/download.tgz", 5000, 1, 2],
      ["/var/cache/a", 1000, 0, 2],
      ["/var/cache/b", 2000, 0, 2],
    ],
  );
});

Deno.test("sizeTree() of one image has no A columns", () => {
  const single = sizeTree({ b: traces.b });
  assert.equal(single.sizeA, undefined);
  assert.equal(single.layerA, undefined);
  assert.ok(!pathsOf(single).includes("/app/main.js"));
  assert.equal(single.sizeB[0], tree.sizeB[0]);
});

Deno.test("buildDiffReport() and buildInspectReport() add the tree only with tree: true", () => {
  assert.equal(buildDiffReport(before, after).report.tree, undefined);
  assert.deepEqual(
    buildDiffReport(before, after, { tree: true }).report.tree,
    tree,
  );
  assert.equal(buildInspectReport(after).report.tree, undefined);
  assert.deepEqual(
    buildInspectReport(after, { tree: true }).report.tree,
    sizeTree({ b: traces.b }),
  );
});
