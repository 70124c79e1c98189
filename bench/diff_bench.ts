/**
 * `diffFs()` on two synthetic merged filesystems of 110,000 paths each (the
 * many-small pair's shape): 5 % of the files modified in content, 100 in
 * mode only, 2 % removed and 3,000 added. No tar and no merge involved.
 *
 * Run: deno bench --allow-all bench/diff_bench.ts
 */

import { diffFs } from "../mod/analyze/diff.ts";
import type { MergedEntry, MergedFs } from "../mod/merge/merged_entry.ts";
import { dir, file } from "../tests/fixtures/sample_images.ts";

const DIRS = 1100;
const FILES_PER_DIR = 99;

/** A file of 2 KiB whose content is named by `content`, or a directory. */
function entry(
  path: string,
  type: "file" | "dir",
  content = path,
): MergedEntry {
  const fields = type === "dir"
    ? dir(path)
    : file(path, { size: 2048, digest: `sha256:${content}` });
  return { ...fields, layer: 0 };
}

const a: MergedFs = new Map();
const b: MergedFs = new Map();
let n = 0;
for (let d = 0; d < DIRS; d++) {
  const parent = entry(`/usr/share/pkg${d}`, "dir");
  a.set(parent.path, parent);
  b.set(parent.path, parent);
  for (let f = 0; f < FILES_PER_DIR; f++, n++) {
    const child = entry(`${parent.path}/file-${f}.txt`, "file");
    a.set(child.path, child);
    if (n % 50 === 7) continue; // removed
    if (n % 20 === 3) b.set(child.path, entry(child.path, "file", `v2${n}`));
    else if (n % 1000 === 11) b.set(child.path, { ...child, mode: 0o600 });
    else b.set(child.path, child);
  }
}
for (let i = 0; i < 3000; i++) {
  const added = entry(`/opt/app/new/file-${i}.js`, "file");
  b.set(added.path, added);
}

Deno.bench({
  name: `diffFs() of ${a.size} and ${b.size} paths`,
  group: "diff",
  n: 20,
  warmup: 3,
  fn() {
    if (diffFs(a, b).length === 0) throw new Error("no changes found");
  },
});
