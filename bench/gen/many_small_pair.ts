/**
 * The "many small files" pair. Image A is one base layer (the tree of
 * small_files_tree.ts). Image B is built on it (same base layer, same
 * diffID) with two more layers: an upgrade that rewrites about 5 % of the
 * files, changes the mode of a few, and deletes about 2 % (one whole
 * package directory by a single whiteout, one package replaced under an
 * opaque marker, scattered whiteouts); then an application build that adds
 * about 3,000 files.
 */
import {
  type EntryRecord,
  type LayerPlan,
  opaqueOf,
  type PairPlan,
  whiteoutOf,
  withParentDirs,
} from "./layer_plan.ts";
import { nameOf } from "./names.ts";
import { Prng } from "./prng.ts";
import { smallFilesTree } from "./small_files_tree.ts";

const BASE_MTIME = 1700000000;

/** Plans the pair at `scale` (1 = about 600 MB per image). */
export function manySmallPair(
  options: { scale: number; seed: number },
): PairPlan {
  const prng = new Prng(options.seed);
  const count = (n: number) => Math.max(1, Math.round(n * options.scale));
  const tree = smallFilesTree(prng, options.scale);
  const files = tree.filter((entry) => entry.type === "file");
  const base: LayerPlan = {
    id: "base",
    createdBy: "ADD rootfs.tar /",
    mtime: BASE_MTIME,
    entries: withParentDirs(tree),
  };

  const packages = packageSizes(files);
  const removed = closest(packages, 0.008 * files.length);
  packages.delete(removed);
  const replaced = closest(packages, 0.004 * files.length);
  const inside = (dir: string) => (path: string) => path.startsWith(`${dir}/`);
  const inRemoved = inside(removed);
  const inReplaced = inside(replaced);

  const upgrade: EntryRecord[] = [whiteoutOf(removed), opaqueOf(replaced)];
  let deleted = files.filter((f) => inRemoved(f.path) || inReplaced(f.path))
    .length;
  const reinstalled = files.filter((f) =>
    inReplaced(f.path) && prng.next() < 0.3
  );
  for (const file of reinstalled) upgrade.push(rewritten(file, prng));
  deleted -= reinstalled.length;

  const untouched = shuffled(
    files.filter((f) => !inRemoved(f.path) && !inReplaced(f.path)),
    prng,
  );
  const deletions = Math.max(0, Math.round(0.02 * files.length) - deleted);
  for (const file of untouched.splice(0, deletions)) {
    upgrade.push(whiteoutOf(file.path));
  }
  deleted += deletions;
  const modified = untouched.splice(0, Math.round(0.05 * files.length));
  for (const file of modified) upgrade.push(rewritten(file, prng));
  const chmods = untouched.splice(0, count(100));
  for (const file of chmods) upgrade.push({ ...file, mode: 0o755 });

  const added = appBuild(prng, count(3000));
  return {
    name: "many-small",
    a: [base],
    b: [
      base,
      {
        id: "upgrade",
        createdBy: "RUN apt-get upgrade && npm update",
        mtime: BASE_MTIME + 86400,
        entries: withParentDirs(upgrade),
      },
      {
        id: "app",
        createdBy: "COPY dist/ /app/dist/",
        mtime: BASE_MTIME + 2 * 86400,
        entries: withParentDirs(added),
      },
    ],
    stats: {
      baseFiles: files.length,
      baseEntries: base.entries.length,
      baseFileBytes: files.reduce((sum, f) => sum + (f.size ?? 0), 0),
      modifiedFiles: modified.length + reinstalled.length,
      modeChanges: chmods.length,
      deletedFiles: deleted,
      addedFiles: added.length,
    },
  };
}

/** The same file with new content of a slightly different size. */
function rewritten(file: EntryRecord, prng: Prng): EntryRecord {
  const size = Math.round((file.size ?? 0) * prng.logNormal(1, 0.2));
  return { ...file, size: Math.min(size, 1024 * 1024), seed: prng.uint32() };
}

/** Files per node_modules package (unscoped packages only). */
function packageSizes(files: EntryRecord[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const { path } of files) {
    const match = /^app\/node_modules\/[^@/][^/]*/.exec(path);
    if (match) sizes.set(match[0], (sizes.get(match[0]) ?? 0) + 1);
  }
  return sizes;
}

/** The package whose file count is closest to `target`. */
function closest(sizes: Map<string, number>, target: number): string {
  let best = "";
  let distance = Infinity;
  for (const [dir, size] of sizes) {
    if (Math.abs(size - target) < distance) {
      distance = Math.abs(size - target);
      best = dir;
    }
  }
  return best;
}

function shuffled<T>(items: T[], prng: Prng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = prng.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** A built application: bundles, source maps, assets and a Python wheel. */
function appBuild(prng: Prng, total: number): EntryRecord[] {
  const out = new Map<string, EntryRecord>();
  const chunks = Array.from(
    { length: 40 },
    () => `app/dist/${nameOf(prng, 2)}`,
  );
  const wheel = `usr/local/lib/python3.11/dist-packages/${nameOf(prng)}`;
  while (out.size < total) {
    const r = prng.next();
    const [path, kind, median] = r < 0.4
      ? [`${prng.pick(chunks)}/${nameOf(prng)}.js`, "text", 4_000] as const
      : r < 0.6
      ? [`${prng.pick(chunks)}/${nameOf(prng)}.js.map`, "text", 9_000] as const
      : r < 0.7
      ? [`app/dist/assets/${nameOf(prng)}.png`, "random", 6_000] as const
      : [
        `${wheel}/${nameOf(prng, 2)}/${nameOf(prng)}.py`,
        "text",
        3_000,
      ] as const;
    const size = Math.min(1024 * 1024, Math.round(prng.logNormal(median, 1.2)));
    out.set(path, { path, type: "file", kind, size, seed: prng.uint32() });
  }
  return [...out.values()];
}
