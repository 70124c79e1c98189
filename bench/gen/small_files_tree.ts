/**
 * The base filesystem of the "many small files" pair: about 100,000 entries
 * (at scale 1) laid out like a Debian-based Node.js/Python image — /etc,
 * /usr/bin, shared libraries with their symlinks, Python modules with
 * bytecode, headers, docs, man pages, locales, zoneinfo, and an /app with a
 * large node_modules. File sizes are log-normal around each area's median
 * (overall median about 2 KB), capped at 1 MiB.
 */
import type { ContentKind } from "./content_pool.ts";
import type { EntryRecord } from "./layer_plan.ts";
import { nameOf } from "./names.ts";
import type { Prng } from "./prng.ts";

const MAX_SIZE = 1024 * 1024;
const SIGMA = 1.2;

/** Builds the base tree's files, symlinks and hard links (no directories). */
export function smallFilesTree(prng: Prng, scale: number): EntryRecord[] {
  const tree = new TreeBuilder(prng);
  const count = (n: number) => Math.max(1, Math.round(n * scale));
  const spread = (
    n: number,
    dirs: string[],
    make: (dir: string) => unknown,
  ) => {
    for (let i = 0; i < n; i++) make(prng.pick(dirs));
  };
  const dirs = (n: number, make: () => string) =>
    Array.from({ length: count(n) }, make);

  const etc = ["etc", ...dirs(60, () => `etc/${nameOf(prng)}`)];
  spread(
    count(600),
    etc,
    (d) => tree.file(`${d}/${nameOf(prng)}.conf`, "text", 900),
  );

  const bins: string[] = [];
  for (let i = 0; i < count(700); i++) {
    const path = tree.file(`usr/bin/${nameOf(prng)}`, "binary", 12_000, 0o755);
    if (path) bins.push(path);
  }
  for (let i = 0; i < count(150); i++) {
    tree.symlink(`usr/bin/${nameOf(prng)}`, prng.pick(bins).slice(8));
  }
  for (let i = 0; i < count(20); i++) {
    const target = prng.pick(bins);
    tree.hardlink(`${target}-${3 + prng.int(8)}.${prng.int(12)}`, target);
  }

  for (let i = 0; i < count(2500); i++) {
    const major = prng.int(8);
    const stem = `usr/lib/x86_64-linux-gnu/lib${nameOf(prng)}.so`;
    const path = tree.file(
      `${stem}.${major}.${prng.int(20)}.${prng.int(9)}`,
      "binary",
      12_000,
    );
    if (path && prng.next() < 0.4) {
      tree.symlink(`${stem}.${major}`, path.slice(25));
    }
  }

  const pyDirs = dirs(500, () => {
    const top = `usr/lib/python3.11/${nameOf(prng)}`;
    return prng.next() < 0.4 ? `${top}/${nameOf(prng, 2)}` : top;
  });
  spread(count(9000), pyDirs, (d) => {
    const stem = nameOf(prng);
    tree.file(`${d}/${stem}.py`, "text", 3_000);
    return tree.file(
      `${d}/__pycache__/${stem}.cpython-311.pyc`,
      "binary",
      2_500,
    );
  });

  const includes = dirs(300, () => `usr/include/${nameOf(prng)}`);
  spread(
    count(4000),
    includes,
    (d) => tree.file(`${d}/${nameOf(prng)}.h`, "text", 2_000),
  );

  for (let i = 0; i < count(700); i++) {
    const doc = `usr/share/doc/${nameOf(prng)}`;
    tree.file(`${doc}/copyright`, "text", 1_500);
    tree.file(`${doc}/changelog.Debian.gz`, "random", 1_500);
  }
  for (let i = 0; i < count(3000); i++) {
    const section = prng.pick(["1", "3", "5", "7", "8"]);
    tree.file(
      `usr/share/man/man${section}/${nameOf(prng)}.${section}.gz`,
      "random",
      1_300,
    );
  }
  const locales = dirs(
    60,
    () =>
      `usr/share/locale/${nameOf(prng, 1)}_${
        nameOf(prng, 1).toUpperCase()
      }/LC_MESSAGES`,
  );
  spread(
    count(2400),
    locales,
    (d) => tree.file(`${d}/${nameOf(prng)}.mo`, "binary", 4_000),
  );
  const zones = dirs(12, () => `usr/share/zoneinfo/${nameOf(prng, 2)}`);
  spread(
    count(1800),
    zones,
    (d) => tree.file(`${d}/${nameOf(prng)}`, "binary", 1_200),
  );

  nodeModules(tree, prng, count(65_000));
  const src = dirs(80, () => `app/src/${nameOf(prng, 2)}`);
  spread(
    count(1500),
    src,
    (d) => tree.file(`${d}/${nameOf(prng)}.ts`, "text", 3_000),
  );
  tree.file("app/package.json", "text", 2_000);
  return tree.entries;
}

const PACKAGE_FILES: [string, ContentKind, number][] = [
  [".js", "text", 2_200],
  [".js", "text", 2_200],
  [".d.ts", "text", 1_400],
  [".js.map", "text", 4_000],
  [".json", "text", 800],
  [".mjs", "text", 2_000],
];

/** Packages of log-normally many files, until `total` files are planned. */
function nodeModules(tree: TreeBuilder, prng: Prng, total: number): void {
  const start = tree.entries.length;
  while (tree.entries.length - start < total) {
    const name = nameOf(prng);
    const pkg = prng.next() < 0.15
      ? `app/node_modules/@${nameOf(prng, 2)}/${name}`
      : `app/node_modules/${name}`;
    if (!tree.file(`${pkg}/package.json`, "package-json", 1_500)) continue;
    tree.file(`${pkg}/README.md`, "text", 4_000);
    tree.file(`${pkg}/LICENSE`, "text", 1_100);
    const files = Math.min(3_000, Math.round(prng.logNormal(20, 1.3)));
    const subdirs = [
      "lib",
      "dist",
      "src",
      `lib/${nameOf(prng, 2)}`,
      `dist/${nameOf(prng, 2)}`,
    ];
    for (let i = 0; i < files; i++) {
      const [ext, kind, median] = prng.pick(PACKAGE_FILES);
      tree.file(
        `${pkg}/${prng.pick(subdirs)}/${nameOf(prng)}${ext}`,
        kind,
        median,
      );
    }
  }
}

/** Collects unique entries with seeded sizes and content seeds. */
class TreeBuilder {
  readonly entries: EntryRecord[] = [];
  readonly #paths = new Set<string>();
  readonly #prng: Prng;

  constructor(prng: Prng) {
    this.#prng = prng;
  }

  /** Adds a file; returns its path, or undefined when the path was taken. */
  file(
    path: string,
    kind: ContentKind,
    median: number,
    mode?: number,
  ): string | undefined {
    const size = Math.min(
      MAX_SIZE,
      Math.round(this.#prng.logNormal(median, SIGMA)),
    );
    return this.#add({
      path,
      type: "file",
      kind,
      size,
      seed: this.#prng.uint32(),
      mode,
    });
  }

  symlink(path: string, target: string): void {
    this.#add({ path, type: "symlink", target });
  }

  hardlink(path: string, target: string): void {
    this.#add({ path, type: "hardlink", target });
  }

  #add(record: EntryRecord): string | undefined {
    if (this.#paths.has(record.path)) return undefined;
    this.#paths.add(record.path);
    this.entries.push(record);
    return record.path;
  }
}
