import assert from "@std/assert";
import {
  directorySizes,
  type SizedPath,
} from "../../mod/analyze/directory_sizes.ts";
import { buildDiffReport } from "../../mod/analyze/report.ts";
import { openImages } from "../../mod/image/open_images.ts";
import type { MergedEntry } from "../../mod/merge/merged_entry.ts";
import { writeBloatedPair } from "../fixtures/bloated_images.ts";
import { dir, file } from "../fixtures/sample_images.ts";

const merged = (entry: ReturnType<typeof file>): MergedEntry => ({
  ...entry,
  layer: 0,
});
const added = (path: string, size: number): SizedPath => ({
  path,
  a: null,
  b: merged(file(path, { size })),
});
const rows = (sizes: ReturnType<typeof directorySizes>) =>
  sizes.entries.map((e) =>
    `${e.path} +${e.added} -${e.removed} =${e.net} (${e.files})`
  );

Deno.test("directorySizes() sums a diff into a du-like tree, largest change first", async () => {
  const { before, after } = await writeBloatedPair(await Deno.makeTempDir());
  const report = buildDiffReport(...await openImages(before, after));
  assert.deepEqual(report.report.directories, {
    depth: 3,
    rows: 20,
    omitted: 0,
    entries: [
      // added: copy1, dup/copy2, cache/c, and big.bin's growth 8000 → 12000;
      // removed: app/main.js, etc/os-release, cache/a, cache/b
      {
        path: "/",
        depth: 0,
        added: 4000 + 4000 + 300 + 4000,
        removed: 500 + 100 + 1000 + 2000,
        net: 12300 - 3600,
        files: 9,
      },
      { path: "/dup", depth: 1, added: 4000, removed: 0, net: 4000, files: 1 },
      {
        path: "/var",
        depth: 1,
        added: 300,
        removed: 3000,
        net: -2700,
        files: 3,
      },
      {
        path: "/var/cache",
        depth: 2,
        added: 300,
        removed: 3000,
        net: -2700,
        files: 3,
      },
      { path: "/app", depth: 1, added: 0, removed: 500, net: -500, files: 1 },
      { path: "/etc", depth: 1, added: 0, removed: 100, net: -100, files: 1 },
    ],
  });
});

Deno.test("directorySizes() stops at --depth", () => {
  const paths = [added("/usr/lib/python3.12/site/x.py", 212)];
  assert.deepEqual(rows(directorySizes(paths, { depth: 3, rows: 20 })), [
    "/ +212 -0 =212 (1)",
    "/usr +212 -0 =212 (1)",
    "/usr/lib +212 -0 =212 (1)",
    "/usr/lib/python3.12 +212 -0 =212 (1)",
  ]);
  assert.deepEqual(rows(directorySizes(paths, { depth: 1, rows: 20 })), [
    "/ +212 -0 =212 (1)",
    "/usr +212 -0 =212 (1)",
  ]);
  assert.deepEqual(rows(directorySizes(paths, { depth: 0, rows: 20 })), [
    "/ +212 -0 =212 (1)",
  ]);
});

Deno.test("directorySizes() keeps the directories with the largest change, parents included, and counts the rest", () => {
  const paths = [
    added("/a/big", 1000),
    added("/a/small", 1),
    added("/b/mid", 500),
    added("/c/tiny", 2),
    added("/d/x/deep", 3),
  ];
  const sizes = directorySizes(paths, { depth: 3, rows: 3 });
  assert.deepEqual(rows(sizes), [
    "/ +1506 -0 =1506 (5)",
    "/a +1001 -0 =1001 (2)",
    "/b +500 -0 =500 (1)",
  ]);
  assert.equal(sizes.omitted, 3);
});

Deno.test("directorySizes() counts growth and shrinkage of modified files, and ignores directories and metadata-only changes", () => {
  const paths: SizedPath[] = [
    {
      path: "/g",
      a: merged(file("/g", { size: 10 })),
      b: merged(file("/g", { size: 25 })),
    },
    {
      path: "/s",
      a: merged(file("/s", { size: 30 })),
      b: merged(file("/s", { size: 5 })),
    },
    {
      path: "/m",
      a: merged(file("/m", { mode: 0o600 })),
      b: merged(file("/m")),
    },
    { path: "/d", a: null, b: merged(dir("/d")) },
  ];
  assert.deepEqual(rows(directorySizes(paths, { depth: 3, rows: 20 })), [
    "/ +15 -25 =-10 (3)",
  ]);
  assert.deepEqual(directorySizes([], { depth: 3, rows: 20 }).entries, []);
});
