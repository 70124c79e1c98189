/**
 * The package rules of a budget on inventories that the package scan makes
 * of real archives: the demo pair testdata/app-v1.tar → app-v2.tar (umoci
 * images, see scripts/make_testdata.ts: v2 installs curl and libcurl4 and
 * upgrades zlib1g in layer 1), and images built in code around real
 * databases — the Debian 12 excerpts testdata/packages/dpkg and dpkg-b
 * (before and after `dpkg -i jq libjq1 libonig5`, `dpkg --purge logsave`)
 * and Alpine 3.16's testdata/packages/apk/installed.
 */
import assert from "@std/assert";
import fc from "fast-check";
import { keepPolicy } from "../../mod/analyze/keep_policy.ts";
import {
  type PackageInventory,
  scanPackages,
} from "../../mod/analyze/packages/scan_packages.ts";
import { traceImage, traceImages } from "../../mod/analyze/trace_layers.ts";
import {
  deniedPackages,
  packageGrowth,
  packageNameMatcher,
} from "../../mod/budget/package_rules.ts";
import type { Offender } from "../../mod/budget/verdict.ts";
import type { Image } from "../../mod/image/image.ts";
import { openImage, openImages } from "../../mod/image/open_images.ts";
import { buildArchive } from "../fixtures/image_builder.ts";
import { dir, file, type TarSpec } from "../fixtures/tar_builder.ts";

const testdata = new URL("../../testdata/", import.meta.url).pathname;
const STATUS = "/var/lib/dpkg/status";
const APK_DB = "/lib/apk/db/installed";
const RULE = { maxOffenders: 20 };
const GROWTH = { maxOffenders: 20, near: 0.9 };

const [v1, v2] = await openImages(
  `${testdata}app-v1.tar`,
  `${testdata}app-v2.tar`,
  { keep: keepPolicy() },
);
const demoTraces = traceImages(v1, v2);
/** The demo pair's inventories. */
const demo = {
  base: scanPackages(v1.indexes, demoTraces.a.fs),
  head: scanPackages(v2.indexes, demoTraces.b.fs),
};

/** The versions and file sizes scripts/make_testdata.ts gives the demo. */
const CURL = "7.88.1-10+deb12u8";
const ZLIB_NEW = "1:1.3.dfsg-3";
const KiB = 1024;
const zlibChangelog = "zlib (1:1.3.dfsg-3) unstable\n".length;

/** Opens an OCI archive of one image built from `layers`, keeping databases. */
async function openBuilt(layers: TarSpec[][], name: string): Promise<Image> {
  const { bytes } = buildArchive({
    format: "oci-archive",
    images: [{ layers }],
  });
  return await openImage({
    name,
    stream: (async function* () {
      yield bytes;
    })(),
  }, { keep: keepPolicy() });
}

function inventoryOf(image: Image): PackageInventory {
  const inventory = scanPackages(image.indexes, traceImage(image).fs);
  assert.deepEqual(inventory.errors, []);
  return inventory;
}

const dpkgPackage = (name: string, version: string) => ({
  ecosystem: "dpkg",
  name,
  version,
});

// --- a Debian pair from the real excerpts --------------------------------

/** One excerpt's database files (path in the image → bytes) and lists. */
interface Excerpt {
  database: Map<string, Uint8Array>;
  /** Package name → the paths its .list file names. */
  lists: Map<string, string[]>;
}

async function readExcerpt(name: string): Promise<Excerpt> {
  const root = `${testdata}packages/${name}/var/lib/dpkg`;
  const database = new Map([[STATUS, await Deno.readFile(`${root}/status`)]]);
  const lists = new Map<string, string[]>();
  for await (const entry of Deno.readDir(`${root}/info`)) {
    const bytes = await Deno.readFile(`${root}/info/${entry.name}`);
    database.set(`/var/lib/dpkg/info/${entry.name}`, bytes);
    if (!entry.name.endsWith(".list")) continue;
    lists.set(
      entry.name.replace(/(:amd64)?\.list$/, ""),
      new TextDecoder().decode(bytes).split("\n")
        .filter((line) => line !== "" && line !== "/."),
    );
  }
  return { database, lists };
}

const debianA = await readExcerpt("dpkg");
const debianB = await readExcerpt("dpkg-b");

/** Listed paths that some listed path (or a database file) lies below. */
const listedDirs = new Set<string>();
for (const excerpt of [debianA, debianB]) {
  const paths = [...excerpt.lists.values()].flat();
  for (const path of [...paths, ...excerpt.database.keys()]) {
    for (let i = path.indexOf("/", 1); i > 0; i = path.indexOf("/", i + 1)) {
      listedDirs.add(path.slice(0, i));
    }
  }
}

/** Stand-in content of a package file: its path, repeated 1–40 times. */
function content(path: string): string {
  let hash = 0;
  for (const c of path) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return `${path}\n`.repeat(1 + hash % 40);
}

/** The files (not directories) an excerpt's lists name. */
function listedFiles(excerpt: Excerpt): Set<string> {
  return new Set(
    [...excerpt.lists.values()].flat().filter((p) => !listedDirs.has(p)),
  );
}

/** A one-layer image of an excerpt: its listed tree and its database. */
async function openExcerpt(excerpt: Excerpt, name: string): Promise<Image> {
  const files = listedFiles(excerpt);
  const dirs = [...listedDirs].sort().map((path) => dir(path.slice(1)));
  const entries = [
    ...dirs,
    ...[...files].sort().map((path) => file(path.slice(1), content(path))),
    ...[...excerpt.database].map(([path, bytes]) => file(path.slice(1), bytes)),
  ];
  return await openBuilt([entries], name);
}

/**
 * Bytes of the stand-in files each installed package lists. e2fsprogs is
 * not installed in the excerpt: dpkg left its config files (Status:
 * deinstall ok config-files), see testdata/packages/dpkg/README.txt.
 */
function listedBytes(excerpt: Excerpt): Map<string, number> {
  const bytes = new Map<string, number>();
  for (const [name, paths] of excerpt.lists) {
    if (name === "e2fsprogs") continue;
    bytes.set(
      name,
      paths.filter((p) => !listedDirs.has(p))
        .reduce((sum, p) => sum + content(p).length, 0),
    );
  }
  return bytes;
}

const sum = (values: Iterable<number>) =>
  [...values].reduce((total, n) => total + n, 0);

// --- packageNameMatcher -------------------------------------------------

function matches(pattern: string, name: string): boolean {
  return packageNameMatcher([pattern])(name) !== undefined;
}

Deno.test("packageNameMatcher() matches gcc* against the names that start with gcc", () => {
  for (const name of ["gcc", "gcc-12", "gcc-12-base", "gccgo"]) {
    assert.ok(matches("gcc*", name), name);
  }
  for (const name of ["libgcc-s1", "xgcc", "gc", "g-cc"]) {
    assert.ok(!matches("gcc*", name), name);
  }
});

Deno.test("packageNameMatcher() matches *-dev against the names that end with -dev", () => {
  for (const name of ["libc6-dev", "zlib1g-dev", "libssl-dev", "-dev"]) {
    assert.ok(matches("*-dev", name), name);
  }
  for (const name of ["libc6-devel", "dev", "libc6_dev", "libc6-dev1"]) {
    assert.ok(!matches("*-dev", name), name);
  }
});

Deno.test("packageNameMatcher() takes ? as exactly one character (python3.?)", () => {
  for (const name of ["python3.9", "python3.x", "python3.?"]) {
    assert.ok(matches("python3.?", name), name);
  }
  for (
    const name of [
      "python3.11",
      "python3.",
      "python3-9",
      "python3x9",
      "python3",
    ]
  ) assert.ok(!matches("python3.?", name), name);
});

Deno.test("packageNameMatcher() takes dots and regular-expression metacharacters literally", () => {
  const cases: [string, string[]][] = [
    ["libbz2-1.0", ["libbz2-1x0", "libbz2-100"]],
    ["libstdc++6", ["libstdc6", "libstdcc6", "libstdccc6"]],
    ["g++-12", ["g-12", "gg-12"]],
    ["lib(foo)", ["libfoo"]],
    ["a|b", ["a", "b"]],
    ["[ab]", ["a", "b"]],
    ["x{2}", ["xx"]],
    ["^gcc$", ["gcc"]],
    ["\\d", ["1", "d", "\\1"]],
    ["a/b", ["a", "b"]],
    ["$HOME", ["HOME", ""]],
    ["py.+", ["pyx", "py..", "pyxx"]],
  ];
  for (const [pattern, others] of cases) {
    assert.ok(matches(pattern, pattern), `${pattern} matches itself`);
    for (const name of others) {
      assert.ok(!matches(pattern, name), `${pattern} must not match ${name}`);
    }
  }
});

Deno.test("packageNameMatcher() is case-sensitive", () => {
  assert.ok(!matches("gcc*", "GCC-12"));
  assert.ok(!matches("GCC*", "gcc-12"));
  assert.ok(!matches("libssl*", "LibSSL3"));
  assert.ok(matches("Pillow", "Pillow"));
  assert.ok(!matches("Pillow", "pillow"));
});

Deno.test("packageNameMatcher() matches the whole name, never a part of it", () => {
  assert.ok(!matches("gcc", "gcc-12"));
  assert.ok(!matches("gcc", "libgcc"));
  assert.ok(!matches("curl", "libcurl4"));
  assert.ok(!matches("curl*", "libcurl4"));
  assert.ok(matches("*curl*", "libcurl4"));
  assert.ok(matches("curl", "curl"));
});

Deno.test("packageNameMatcher() returns the first pattern that matches, in the order given", () => {
  assert.equal(packageNameMatcher(["*-dev", "lib*"])("libc6-dev"), "*-dev");
  assert.equal(packageNameMatcher(["lib*", "*-dev"])("libc6-dev"), "lib*");
  assert.equal(packageNameMatcher(["gcc*", "*-dev"])("libc6"), undefined);
  assert.equal(packageNameMatcher([])("gcc"), undefined);
});

Deno.test("packageNameMatcher() matches any name without * or ? against itself only", () => {
  fc.assert(
    fc.property(
      fc.string({ unit: "grapheme", minLength: 1 }).filter((name) =>
        !/[*?]/.test(name) && name === name.trim()
      ),
      fc.string({ unit: "grapheme-ascii", minLength: 1 }),
      (name, extra) => {
        const match = packageNameMatcher([name]);
        assert.equal(match(name), name);
        assert.equal(match(`${name}${extra}`), undefined);
        assert.equal(match(`${extra}${name}`), undefined);
        assert.equal(
          packageNameMatcher([`${name}*`])(`${name}${extra}`),
          `${name}*`,
        );
      },
    ),
  );
});

Deno.test("packageNameMatcher() takes ? as one character outside the BMP too", () => {
  assert.equal(packageNameMatcher(["?"])("😀"), "?");
  assert.equal(packageNameMatcher(["lib?"])("lib😀"), "lib?");
});

Deno.test("packageNameMatcher() refuses an empty glob, as --deny does", () => {
  assert.throws(
    () => packageNameMatcher(["gcc*", " "]),
    /invalid package glob " ": empty/,
  );
});

// --- deniedPackages -----------------------------------------------------

Deno.test("the demo inventories hold the packages scripts/make_testdata.ts installs", () => {
  assert.deepEqual(demo.base.errors, []);
  assert.deepEqual(demo.head.errors, []);
  assert.deepEqual(demo.base.packages.map((p) => p.name), ["libc6", "zlib1g"]);
  assert.deepEqual(
    demo.head.packages.map((p) => p.name),
    ["curl", "libc6", "libcurl4", "zlib1g"],
  );
});

Deno.test("deniedPackages() lists each matching package of the head with its version, layer and size", () => {
  const result = deniedPackages(demo.head, ["*curl*"], RULE);
  assert.deepEqual(result, {
    rule: "deny-package",
    passed: false,
    nearLimit: false,
    measured: 2,
    limit: 0,
    unit: "count",
    offenders: [
      {
        path: STATUS,
        layer: 1,
        package: dpkgPackage("curl", CURL),
        size: 12 * KiB,
        pattern: "*curl*",
      },
      {
        path: STATUS,
        layer: 1,
        package: dpkgPackage("libcurl4", CURL),
        size: 36 * KiB,
        pattern: "*curl*",
      },
    ],
    offenderCount: 2,
  });
});

Deno.test("deniedPackages() with curl* denies curl but not libcurl4", () => {
  const result = deniedPackages(demo.head, ["curl*"], RULE);
  assert.deepEqual(
    result.offenders!.map((o) => o.package!.name),
    ["curl"],
  );
  assert.equal(result.measured, 1);
});

Deno.test("deniedPackages() passes with nothing measured when no name matches", () => {
  for (const patterns of [["gcc*"], ["*-dev"], ["gcc", "*-dev", "python3.?"]]) {
    const result = deniedPackages(demo.head, patterns, RULE);
    assert.deepEqual(
      [result.passed, result.measured, result.offenders, result.offenderCount],
      [true, 0, [], 0],
      patterns.join(" "),
    );
  }
  assert.equal(deniedPackages(demo.base, ["*curl*"], RULE).passed, true);
});

Deno.test("deniedPackages() names each offender by its first matching pattern and the layer that installed it", () => {
  const result = deniedPackages(demo.head, ["zlib*", "lib*"], RULE);
  assert.deepEqual(
    result.offenders!.map((o) => [o.package!.name, o.layer, o.pattern]),
    [["libc6", 0, "lib*"], ["libcurl4", 1, "lib*"], ["zlib1g", 1, "zlib*"]],
  );
  assert.equal(result.offenders![2].package!.version, ZLIB_NEW);
});

Deno.test("deniedPackages() keeps maxOffenders offenders and counts them all", () => {
  const result = deniedPackages(demo.head, ["*"], { maxOffenders: 1 });
  assert.deepEqual(
    [result.measured, result.offenderCount, result.offenders!.length],
    [4, 4, 1],
  );
  assert.equal(result.offenders![0].package!.name, "curl");
});

Deno.test("deniedPackages() on a real Debian 12 database skips config-files-only e2fsprogs and matches whole names", async () => {
  const head = inventoryOf(await openExcerpt(debianA, "debian-a.tar"));
  const denied = (pattern: string) =>
    deniedPackages(head, [pattern], RULE).offenders!.map((o) =>
      `${o.package!.name} ${o.package!.version}`
    );
  assert.deepEqual(denied("e2fs*"), []);
  assert.deepEqual(denied("logsave"), ["logsave 1.47.0-2+b2"]);
  assert.deepEqual(denied("gcc*"), []);
  assert.deepEqual(denied("*gcc*"), ["libgcc-s1 12.2.0-14+deb12u1"]);
  assert.deepEqual(denied("libbz2-1.0"), ["libbz2-1.0 1.0.8-5+b1"]);
  assert.deepEqual(denied("libbz2-1?0"), ["libbz2-1.0 1.0.8-5+b1"]);
  assert.deepEqual(denied("libbz2-1.?"), ["libbz2-1.0 1.0.8-5+b1"]);
  assert.deepEqual(denied("libbz2-1x0"), []);
  assert.deepEqual(denied("lib*"), [
    "libbz2-1.0 1.0.8-5+b1",
    "libgcc-s1 12.2.0-14+deb12u1",
  ]);
});

Deno.test("deniedPackages() lists the matches of every ecosystem, by name (Alpine 3.16 and Debian 12 databases)", async () => {
  const apk = await Deno.readFile(`${testdata}packages/apk/installed`);
  const head = inventoryOf(
    await openBuilt([
      [
        dir("lib/apk/db"),
        file(APK_DB.slice(1), apk),
        ...[...debianA.database].map(([path, bytes]) =>
          file(path.slice(1), bytes)
        ),
      ],
    ], "mixed.tar"),
  );
  const denied = (...patterns: string[]) =>
    deniedPackages(head, patterns, RULE).offenders!.map((o) =>
      `${o.package!.ecosystem} ${o.package!.name} ${
        o.package!.version
      } ${o.path}`
    );
  assert.deepEqual(denied("*-utils"), [
    `apk libc-utils 0.7.2-r3 ${APK_DB}`,
    `apk musl-utils 1.2.3-r0 ${APK_DB}`,
  ]);
  assert.deepEqual(denied("libssl1.?"), [`apk libssl1.1 1.1.1q-r0 ${APK_DB}`]);
  assert.deepEqual(denied("ssl_*"), [`apk ssl_client 1.35.0-r17 ${APK_DB}`]);
  assert.deepEqual(denied("zlib*"), [
    `apk zlib 1.2.12-r3 ${APK_DB}`,
    `dpkg zlib1g 1:1.2.13.dfsg-1 ${STATUS}`,
  ]);
  assert.deepEqual(denied("*utils", "bsd*"), [
    `dpkg bsdutils 1:2.38.1-5+deb12u3 ${STATUS}`,
    `apk libc-utils 0.7.2-r3 ${APK_DB}`,
    `apk musl-utils 1.2.3-r0 ${APK_DB}`,
  ]);
});

// --- packageGrowth ------------------------------------------------------

/** The demo's package growth by the sizes make_testdata.ts gives the files. */
const demoGrowth = {
  libcurl4: 36 * KiB,
  curl: 12 * KiB,
  zlib1g: 7 * KiB + zlibChangelog - 6 * KiB,
};
const demoMeasured = sum(Object.values(demoGrowth));

Deno.test("packageGrowth() measures the head's package-owned bytes minus the base's", () => {
  assert.equal(demo.head.ownedBytes - demo.base.ownedBytes, demoMeasured);
  const result = packageGrowth(demo, demoMeasured, GROWTH);
  assert.deepEqual(result, {
    rule: "max-package-growth",
    passed: true,
    nearLimit: true,
    measured: demoMeasured,
    limit: demoMeasured,
    unit: "bytes",
    sizeKind: "uncompressed",
    offenders: [],
    offenderCount: 0,
  });
});

Deno.test("packageGrowth() fails one byte below and lists the packages that grew, most first", () => {
  const result = packageGrowth(demo, demoMeasured - 1, GROWTH);
  assert.equal(result.passed, false);
  assert.equal(result.nearLimit, false);
  assert.deepEqual(
    result.offenders,
    [
      {
        path: STATUS,
        layer: 1,
        package: dpkgPackage("libcurl4", CURL),
        size: demoGrowth.libcurl4,
      },
      {
        path: STATUS,
        layer: 1,
        package: dpkgPackage("curl", CURL),
        size: demoGrowth.curl,
      },
      {
        path: STATUS,
        layer: 1,
        package: dpkgPackage("zlib1g", ZLIB_NEW),
        size: demoGrowth.zlib1g,
      },
    ] satisfies Offender[],
  );
  assert.equal(result.offenderCount, 3);
  const few = packageGrowth(demo, 0, { ...GROWTH, maxOffenders: 2 });
  assert.deepEqual(
    [few.offenders!.map((o) => o.package!.name), few.offenderCount],
    [["libcurl4", "curl"], 3],
  );
});

Deno.test("packageGrowth() warns near the limit from 90% of it", () => {
  const nearest = Math.floor(demoMeasured / 0.9);
  assert.equal(packageGrowth(demo, nearest, GROWTH).nearLimit, true);
  assert.equal(packageGrowth(demo, nearest + 1, GROWTH).nearLimit, false);
  assert.equal(packageGrowth(demo, nearest + 1, GROWTH).passed, true);
});

Deno.test("packageGrowth() passes a head whose packages shrank, without offenders", () => {
  const result = packageGrowth({ base: demo.head, head: demo.base }, 0, GROWTH);
  assert.deepEqual(
    [result.passed, result.nearLimit, result.measured, result.offenders],
    [true, false, -demoMeasured, []],
  );
});

Deno.test("packageGrowth() of the real Debian pair counts jq, libjq1 and libonig5 in and purged logsave out", async () => {
  const base = inventoryOf(await openExcerpt(debianA, "debian-a.tar"));
  const head = inventoryOf(await openExcerpt(debianB, "debian-b.tar"));
  const before = listedBytes(debianA), after = listedBytes(debianB);
  const measured = sum(after.values()) - sum(before.values());
  assert.ok(before.get("logsave")! > 0, "logsave owns files in A");
  const grown = [...after]
    .map(([name, bytes]) => [name, bytes - (before.get(name) ?? 0)] as const)
    .filter(([, delta]) => delta > 0)
    .sort((x, y) => y[1] - x[1]);
  assert.deepEqual(
    grown.map(([name]) => name).sort(),
    ["jq", "libjq1", "libonig5"],
  );

  const passing = packageGrowth({ base, head }, measured, GROWTH);
  assert.deepEqual([passing.passed, passing.measured], [true, measured]);
  const failing = packageGrowth({ base, head }, measured - 1, GROWTH);
  assert.equal(failing.passed, false);
  assert.deepEqual(
    failing.offenders!.map((o) => [o.package!.name, o.size, o.layer]),
    grown.map(([name, delta]) => [name, delta, 0]),
  );
  assert.deepEqual(
    failing.offenders!.map((o) => o.package!.version).sort(),
    ["1.6-2.1+deb12u3", "1.6-2.1+deb12u3", "6.9.8-1"],
  );
});
