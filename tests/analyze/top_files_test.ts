import assert from "@std/assert";
import type { SizedPath } from "../../mod/analyze/directory_sizes.ts";
import { topFiles } from "../../mod/analyze/top_files.ts";
import type { MergedEntry } from "../../mod/merge/merged_entry.ts";
import { file, hardlink, sampleImage } from "../fixtures/sample_images.ts";

const at = (entry: ReturnType<typeof file>, layer: number): MergedEntry => ({
  ...entry,
  layer,
});
const layers = sampleImage([
  { entries: [], createdBy: "ADD base /" },
  { entries: [] },
]).layers;

Deno.test("topFiles() lists added and grown files, largest growth first, with the layer and its command", () => {
  const paths: SizedPath[] = [
    { path: "/new", a: null, b: at(file("/new", { size: 300 }), 1) },
    {
      path: "/grown",
      a: at(file("/grown", { size: 100 }), 0),
      b: at(file("/grown", { size: 600 }), 0),
    },
    {
      path: "/shrunk",
      a: at(file("/shrunk", { size: 900 }), 0),
      b: at(file("/shrunk", { size: 10 }), 1),
    },
    { path: "/link", a: null, b: at(hardlink("/link", "/new"), 1) },
    { path: "/a-tie", a: null, b: at(file("/a-tie", { size: 300 }), 1) },
  ];
  assert.deepEqual(topFiles(paths, layers, { top: 10 }), [
    {
      path: "/grown",
      before: 100,
      after: 600,
      delta: 500,
      layer: 0,
      createdBy: "ADD base /",
    },
    {
      path: "/a-tie",
      before: null,
      after: 300,
      delta: 300,
      layer: 1,
      createdBy: null,
    },
    {
      path: "/new",
      before: null,
      after: 300,
      delta: 300,
      layer: 1,
      createdBy: null,
    },
  ]);
  assert.deepEqual(
    topFiles(paths, layers, { top: 1 }).map((f) => f.path),
    ["/grown"],
  );
});

Deno.test("topFiles() keeps the largest few of many thousands of added files", () => {
  const paths: SizedPath[] = Array.from({ length: 5000 }, (_, i) => {
    const size = (i * 7919) % 5000;
    const path = `/f${i}`;
    return { path, a: null, b: at(file(path, { size }), 1) };
  });
  const top = topFiles(paths, layers, { top: 3 });
  assert.deepEqual(top.map((f) => f.after), [4999, 4998, 4997]);
  const all = topFiles(paths, layers, { top: 5000 });
  assert.equal(all.length, 4999, "every file but the empty one");
  assert.deepEqual(all.slice(0, 3), top);
});
