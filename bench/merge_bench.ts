/**
 * mergeLayers() on synthetic indexes, no tar involved: a 100,000-file base
 * layer in 1,000 directories, an update layer that whites out 50
 * directories and 5,000 files, makes 20 directories opaque and rewrites
 * 10,000 files, and a top layer adding 5,000 files under new parents.
 *
 * Run: deno bench --allow-all bench/merge_bench.ts
 */

import type { LayerEntry, LayerIndex } from "../mod/layer/entry.ts";
import { mergeLayers } from "../mod/merge/merge_layers.ts";
import { dir, file } from "../tests/fixtures/sample_images.ts";

const DIRS = 1000;
const FILES_PER_DIR = 100;

/** A file of 4 KiB, or a directory. */
const entry = (path: string, type: "file" | "dir"): LayerEntry =>
  type === "dir" ? dir(path) : file(path, { size: 4096 });

function layerOf(
  entries: LayerEntry[],
  whiteouts: string[] = [],
  opaque: string[] = [],
): LayerIndex {
  return {
    entries: new Map(entries.map((e) => [e.path, e])),
    whiteouts: new Set(whiteouts),
    opaqueDirs: new Set(opaque),
  };
}

const dirPath = (d: number) => `/usr/share/pkg${d}`;
const filePath = (d: number, f: number) => `${dirPath(d)}/file-${f}.txt`;

const base: LayerEntry[] = [entry("/usr", "dir"), entry("/usr/share", "dir")];
for (let d = 0; d < DIRS; d++) {
  base.push(entry(dirPath(d), "dir"));
  for (let f = 0; f < FILES_PER_DIR; f++) {
    base.push(entry(filePath(d, f), "file"));
  }
}

const update: LayerEntry[] = [];
const whiteouts: string[] = [];
const opaque: string[] = [];
for (let d = 0; d < 50; d++) whiteouts.push(dirPath(d));
for (let d = 100; d < 150; d++) {
  for (let f = 0; f < FILES_PER_DIR; f++) whiteouts.push(filePath(d, f));
}
for (let d = 200; d < 220; d++) opaque.push(dirPath(d));
for (let d = 300; d < 400; d++) {
  for (let f = 0; f < FILES_PER_DIR; f++) {
    update.push(entry(filePath(d, f), "file"));
  }
}

const top: LayerEntry[] = [];
for (let f = 0; f < 5000; f++) {
  top.push(entry(`/opt/app/mod${f % 50}/file-${f}`, "file"));
}

const layers = [
  layerOf(base),
  layerOf(update, whiteouts, opaque),
  layerOf(top),
];
const expected = 2 + DIRS * (FILES_PER_DIR + 1) - 50 * (FILES_PER_DIR + 1) -
  50 * FILES_PER_DIR - 20 * FILES_PER_DIR + 2 + 50 + 5000;

function check(size: number): void {
  if (size !== expected) {
    throw new Error(`merged ${size} paths, expected ${expected}`);
  }
}

Deno.bench({
  name: `mergeLayers() of ${
    base.length + update.length + top.length
  } entries over 3 layers`,
  baseline: true,
  fn() {
    check(mergeLayers(layers).size);
  },
});

Deno.bench({
  name: "mergeLayers() with an onHide callback",
  fn() {
    let hidden = 0;
    check(mergeLayers(layers, { onHide: () => hidden++ }).size);
    if (hidden !== 50 * (FILES_PER_DIR + 1) + 70 * FILES_PER_DIR + 10000) {
      throw new Error(`hid ${hidden} entries`);
    }
  },
});
