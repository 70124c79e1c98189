/**
 * A deliberately naive merge for model-based tests of mergeLayers(): a flat
 * path → entry map where every whiteout, opaque marker and replacement scans
 * all paths. Slow, but each rule of the OCI image spec (layer.md, "Applying
 * Changesets", "Whiteouts") is one obvious line.
 */
import { InputError } from "../../mod/errors.ts";
import type { LayerIndex } from "../../mod/layer/entry.ts";
import type { MergedEntry, MergedFs } from "../../mod/merge/merged_entry.ts";

/** What naiveMerge() hid, as "path@layer>byLayer:reason". */
export type HiddenLog = string[];

export function naiveMerge(
  layers: LayerIndex[],
): { fs: MergedFs; hidden: HiddenLog } {
  const fs: MergedFs = new Map();
  const hidden: HiddenLog = [];
  const remove = (test: (path: string) => boolean, by: number, why: string) => {
    for (const [path, entry] of [...fs]) {
      if (!test(path)) continue;
      fs.delete(path);
      hidden.push(`${path}@${entry.layer}>${by}:${why}`);
    }
  };
  const under = (dir: string) => (path: string) =>
    path !== dir && path.startsWith(dir === "/" ? "/" : `${dir}/`);
  const subtree = (top: string) => (path: string) =>
    path === top || under(top)(path);

  layers.forEach((layer, i) => {
    for (const path of layer.whiteouts) remove(subtree(path), i, "whiteout");
    for (const dir of layer.opaqueDirs) remove(under(dir), i, "opaque");
    for (const entry of layer.entries.values()) {
      const merged: MergedEntry = { ...entry, layer: i };
      if (entry.type === "hardlink") {
        const target = fs.get(entry.target!);
        if (!target) throw new InputError("hard link target does not exist");
        if (target.type === "dir") {
          throw new InputError("hard link target is a directory");
        }
        const { size, digest, mode, uid, gid, mtime } = target;
        Object.assign(merged, { size, mode, uid, gid, mtime });
        if (digest) merged.digest = digest;
      }
      const segments = entry.path.split("/").slice(1);
      for (let k = 1; k < segments.length; k++) {
        const parent = `/${segments.slice(0, k).join("/")}`;
        const old = fs.get(parent);
        if (old?.type === "dir") continue;
        if (old) remove(subtree(parent), i, "replaced");
        fs.set(parent, {
          path: parent,
          type: "dir",
          mode: 0o755,
          uid: 0,
          gid: 0,
          size: 0,
          mtime: 0,
          layer: i,
        });
      }
      const old = fs.get(entry.path);
      const keepChildren = entry.path === "/" ||
        (old?.type === "dir" && entry.type === "dir");
      if (old && !keepChildren) remove(subtree(entry.path), i, "replaced");
      fs.set(entry.path, merged);
    }
  });
  return { fs, hidden };
}
