/**
 * `diffFs()` on two synthetic merged filesystems of 110,000 paths each (the
 * many-small pair's shape): 5 % of the files modified in content, 100 in
 * mode only, 2 % removed and 3,000 added. No tar and no merge involved.
 *
 * Run: deno bench --allow-all bench/diff_bench.ts
 */

import { diffFs } from "../mod/analyze/diff.ts";
import type { MergedEntry, MergedFs } from "../mod/merge/merged_entry.ts";

const DIRS = 1100;
const FILES_PER_DIR = 99;

function entry(path: string, type: "file" | "dir", digest = path): MergedEntry {
  return {
    path,
    type,
    mode: type === "dir" ? 0o755 : 0o644,
    uid: 0,
    gid: 0,
    size: type === "file" ? 2048 : 0,
    mtime: 1700000000,
    ...(type === "file" ? { digest: `sha256:${digest}` } : {}),
    layer: 0,
  };
}

const a: MergedFs = new Map();
const b: MergedFs = new Map();
let n = 0;
for (let d = 0; d < DIRS; d++) {
  const dir = entry(`/usr/share/pkg${d}`, "dir");
  a.set(dir.path, dir);
  b.set(dir.path, dir);
  for (let f = 0; f < FILES_PER_DIR; f++, n++) {
    const file = entry(`${dir.path}/file-${f}.txt`, "file");
    a.set(file.path, file);
    if (n % 50 === 7) continue; // removed
    if (n % 20 === 3) b.set(file.path, entry(file.path, "file", `v2${n}`));
    else if (n % 1000 === 11) b.set(file.path, { ...file, mode: 0o600 });
    else b.set(file.path, file);
  }
}
for (let i = 0; i < 3000; i++) {
  const file = entry(`/opt/app/new/file-${i}.js`, "file");
  b.set(file.path, file);
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
