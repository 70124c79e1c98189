/**
 * diffPackages(): which packages were added, removed, upgraded or
 * downgraded, by each ecosystem's own version order (checked against
 * dpkg, rpm and Python's packaging), keyed as each ecosystem installs
 * them, with the layer that made each change and what packages explain of
 * the growth. The kinds and keys are shown on real archives built from
 * the committed dpkg and apk excerpts and from trees npm and pip install;
 * the arithmetic also on inventories built directly.
 */
import assert from "@std/assert";
import type { Change } from "../../../mod/analyze/diff.ts";
import { keepPolicy } from "../../../mod/analyze/keep_policy.ts";
import {
  diffPackages,
  type PackageDiff,
} from "../../../mod/analyze/packages/package_diff.ts";
import type {
  PackageInventory,
  ScannedPackage,
} from "../../../mod/analyze/packages/scan_packages.ts";
import { buildDiffReport } from "../../../mod/analyze/report.ts";
import { openImages } from "../../../mod/image/open_images.ts";
import { writeImage } from "../../fixtures/image_builder.ts";
import {
  dir,
  file,
  type TarSpec,
  whiteout,
} from "../../fixtures/tar_builder.ts";
import {
  dpkgDatabase,
  dpkgFiles,
  excerpt,
  installNpmApp,
  npmSkipReason,
  pipInstall,
  pipPython,
  scratchDir,
  treeLayer,
} from "./installed_trees.ts";
import { run } from "./kept_tree.ts";
import {
  dpkgCompare,
  dpkgSkipReason,
  type Pair,
  pythonCompare,
  pythonSkipReason,
  rpmCompare,
  rpmSkipReason,
} from "./version_oracle.ts";

const work = await scratchDir("layerdiff-package-diff-");
const text = new TextDecoder();

let images = 0;
/** Writes both images as OCI archives, opens them keeping databases, diffs their packages. */
async function diffImages(
  a: TarSpec[][],
  b: TarSpec[][],
  options: { top?: number } = {},
): Promise<PackageDiff> {
  const paths = [`${work}/a-${images}.tar`, `${work}/b-${images++}.tar`];
  await writeImage(paths[0], "oci-archive", { layers: a });
  await writeImage(paths[1], "oci-archive", { layers: b });
  const [imageA, imageB] = await openImages(paths[0], paths[1], {
    keep: keepPolicy(),
  });
  return buildDiffReport(imageA, imageB, {
    sections: ["packages"],
    top: options.top,
  }).report.packages!;
}

/** One line per change: kind, name, arch, versions, layer. */
const lines = (diff: PackageDiff) =>
  diff.changes.map((c) =>
    `${c.change} ${c.ecosystem} ${c.name} ${(c.b ?? c.a)!.arch ?? "-"} ${
      c.a?.version ?? "-"
    } ${c.b?.version ?? "-"} @${c.layer}`
  );

/** The sign of x, for comparing orders. */
const sign = (x: number | null) => x === null ? null : Math.sign(x);
/** The change kind a version order gives. */
const kindOf = (order: number | null) =>
  order === null ? "?" : order < 0 ? "upgraded" : "downgraded";

/** The dpkg excerpt's status, one stanza per entry. */
async function stanzas(): Promise<string[]> {
  const status = text.decode(await excerpt("dpkg/var/lib/dpkg/status"));
  return status.replace(/\n+$/, "").split("\n\n");
}

const stanzaOf = (all: string[], name: string) =>
  all.find((s) => s.startsWith(`Package: ${name}\n`))!;

/** A stanza with one field's value replaced. */
function withField(stanza: string, field: string, value: string): string {
  const edited = stanza.replace(
    new RegExp(`^${field}: .*$`, "m"),
    `${field}: ${value}`,
  );
  assert.notEqual(edited, stanza, `${field} replaced`);
  return edited;
}

const statusFile = (all: string[]) =>
  file("var/lib/dpkg/status", `${all.join("\n\n")}\n`);

const dpkgSkip = await dpkgSkipReason();
if (dpkgSkip) console.log(`SKIPPING dpkg order oracle: ${dpkgSkip}`);

Deno.test({
  name:
    "diffPackages() of a Debian pair: dpkg's order decides upgraded and downgraded, and each change has the layer that made it",
  ignore: dpkgSkip !== undefined,
  fn: async () => {
    const { specs } = await dpkgFiles();
    const base = [...specs, ...await dpkgDatabase()];
    const all = await stanzas();
    // zlib1g loses its epoch (1:1.2.13 → 1.3: older to dpkg); dash gets a binNMU.
    const zlib = "1.3.dfsg-3";
    const dash = "0.5.12-2+b1";
    const after = all
      .filter((s) => !s.startsWith("Package: logsave\n"))
      .map((s) =>
        s.startsWith("Package: zlib1g\n")
          ? withField(s, "Version", zlib)
          : s.startsWith("Package: dash\n")
          ? withField(s, "Version", dash)
          : s
      );
    // In the order of the changes: dash, zlib1g.
    const oracle = await dpkgCompare([
      ["0.5.12-2", dash],
      ["1:1.2.13.dfsg-1", zlib],
    ]);
    assert.deepEqual(oracle, [-1, 1]);
    const info = "var/lib/dpkg/info";
    const apt = [
      statusFile(after),
      whiteout(`${info}/logsave.list`),
      // dpkg rewrites the .list of each package it unpacks.
      file(
        `${info}/zlib1g:amd64.list`,
        await excerpt("dpkg/var/lib/dpkg/info/zlib1g:amd64.list"),
      ),
      file(
        `${info}/dash.list`,
        await excerpt("dpkg/var/lib/dpkg/info/dash.list"),
      ),
    ];
    const unrelated = (n: number) => [file(`srv/step${n}`, "x".repeat(n))];
    const diff = await diffImages(
      [base],
      [base, unrelated(1), apt, unrelated(3)],
    );
    assert.deepEqual(diff.errors, []);
    assert.deepEqual(lines(diff), [
      `upgraded dpkg dash amd64 0.5.12-2 ${dash} @2`,
      "removed dpkg logsave amd64 1.47.0-2+b2 - @2",
      `downgraded dpkg zlib1g amd64 1:1.2.13.dfsg-1 ${zlib} @2`,
    ]);
    assert.deepEqual(
      diff.changes.filter((c) => c.a && c.b).map((c) => c.change),
      oracle.map(kindOf),
    );
    assert.deepEqual(diff.ecosystems, ["dpkg"]);
    assert.deepEqual([diff.a.packages, diff.b.packages], [9, 8]);
    const logsave = diff.changes.find((c) => c.name === "logsave")!;
    assert.equal(logsave.installedSizeDelta, -50 * 1024);
    assert.equal(logsave.b, null);
    assert.ok(logsave.a!.measuredSize > 0);
    assert.equal(logsave.measuredSizeDelta, -logsave.a!.measuredSize);
    // hostname and the rest did not change: no entry for them.
    assert.ok(!diff.changes.some((c) => c.name === "hostname"));
  },
});

Deno.test("diffPackages() keys a dpkg name installed for a second architecture by arch", async () => {
  const all = await stanzas();
  const libgcc = stanzaOf(all, "libgcc-s1");
  const i386 = withField(libgcc, "Architecture", "i386");
  const list = text.decode(
    await excerpt("dpkg/var/lib/dpkg/info/libgcc-s1:amd64.list"),
  ).replaceAll("x86_64-linux-gnu", "i386-linux-gnu");
  if (!dpkgSkip) {
    // dpkg itself reads the edited database as two installs of one name.
    const admindir = `${work}/admindir`;
    await Deno.mkdir(`${admindir}/info`, { recursive: true });
    for (const spec of await dpkgDatabase()) {
      if (spec.type === "dir") continue;
      const path = String(spec.path).replace("var/lib/dpkg/", "");
      await Deno.writeFile(`${admindir}/${path}`, spec.content as Uint8Array);
    }
    await Deno.writeTextFile(
      `${admindir}/status`,
      `${[...all, i386].join("\n\n")}\n`,
    );
    await Deno.writeTextFile(`${admindir}/info/libgcc-s1:i386.list`, list);
    const listed = await run("dpkg-query", [
      `--admindir=${admindir}`,
      "-W",
      "-f",
      "${binary:Package}\\n",
      "libgcc-s1",
    ]);
    assert.deepEqual(listed.trim().split("\n").sort(), [
      "libgcc-s1:amd64",
      "libgcc-s1:i386",
    ]);
  }
  const base = await dpkgDatabase();
  const diff = await diffImages([base], [base, [
    statusFile([...all, i386]),
    file("var/lib/dpkg/info/libgcc-s1:i386.list", list),
    dir("lib/i386-linux-gnu/"),
    file("lib/i386-linux-gnu/libgcc_s.so.1", "\x7fELF".repeat(100)),
  ]]);
  assert.deepEqual(diff.errors, []);
  assert.deepEqual(lines(diff), [
    "added dpkg libgcc-s1 i386 - 12.2.0-14+deb12u1 @1",
  ]);
  const [change] = diff.changes;
  assert.equal(change.b!.measuredSize, 400);
  assert.equal(change.installedSizeDelta, 140 * 1024);
  assert.equal(change.b!.location, "/var/lib/dpkg/status");
  // Removing the amd64 copy again is a removal of that arch alone.
  const back = await diffImages([base, [
    statusFile([...all, i386]),
    file("var/lib/dpkg/info/libgcc-s1:i386.list", list),
  ]], [base, [
    statusFile(all.map((s) => s === libgcc ? i386 : s)),
    file("var/lib/dpkg/info/libgcc-s1:i386.list", list),
    whiteout("var/lib/dpkg/info/libgcc-s1:amd64.list"),
  ]]);
  assert.deepEqual(lines(back), [
    "removed dpkg libgcc-s1 amd64 12.2.0-14+deb12u1 - @1",
  ]);
});

Deno.test("diffPackages() of two apk databases orders versions as apk does", async () => {
  const installed = text.decode(await excerpt("apk/installed"));
  const edited = installed
    .replace("P:busybox\nV:1.35.0-r17\n", "P:busybox\nV:1.36.0_rc1-r0\n")
    .replace("P:zlib\nV:1.2.12-r3\n", "P:zlib\nV:1.2.12_rc1-r0\n")
    .replace(/\n\n[^\n]*\nP:scanelf\n[\s\S]*?\n\n/, "\n\n");
  assert.equal(edited.split("\nP:").length, installed.split("\nP:").length - 1);
  const db = (content: string) => [file("lib/apk/db/installed", content)];
  const diff = await diffImages([db(installed)], [db(installed), db(edited)]);
  assert.deepEqual(diff.errors, []);
  // _rc1 comes before the release: 1.36.0_rc1 > 1.35.0, 1.2.12_rc1 < 1.2.12.
  assert.deepEqual(lines(diff), [
    "upgraded apk busybox x86_64 1.35.0-r17 1.36.0_rc1-r0 @1",
    "removed apk scanelf x86_64 1.3.4-r0 - @1",
    "downgraded apk zlib x86_64 1.2.12-r3 1.2.12_rc1-r0 @1",
  ]);
});

Deno.test({
  name: "diffPackages() orders rpm versions as rpm does: 1.0~rc1 before 1.0",
  ignore: (await rpmSkipReason()) !== undefined,
  fn: async () => {
    const pairs: Pair[] = [
      ["1.0~rc1-1", "1.0-1"],
      ["2:1.0-1", "3.0-1"],
      ["1.0-1.el9", "1.0-1.el9"],
      ["1.0^git1-1", "1.0-1"],
    ];
    const oracle = (await rpmCompare(pairs)).map(sign);
    assert.deepEqual(oracle, [-1, 1, 0, 1]);
    const names = ["tilde", "epoch", "same", "caret"];
    const inventory = (side: 0 | 1) =>
      inventoryOf(
        pairs.map((pair, i) =>
          scanned({ ecosystem: "rpm", name: names[i], version: pair[side] })
        ),
      );
    const diff = diffPackages(
      { a: inventory(0), b: inventory(1) },
      { changes: [], removedBy: new Map(), top: 10 },
    );
    const expected = names.map((name, i) => [name, oracle[i]] as const)
      .filter(([, order]) => order !== 0)
      .map(([name, order]) => `${name} ${kindOf(order)}`)
      .sort();
    assert.deepEqual(
      diff.changes.map((c) => `${c.name} ${c.change}`).sort(),
      expected,
    );
    assert.deepEqual(expected, [
      "caret downgraded",
      "epoch downgraded",
      "tilde upgraded",
    ]);
  },
});

// The tools start at once: starting processes is the slow part.
const [npmSkip, python, oracleSkip] = await Promise.all([
  npmSkipReason(work),
  pipPython(work),
  pythonSkipReason(),
]);
if (npmSkip) console.log(`SKIPPING npm diff tests: ${npmSkip}`);
const pipSkip = python
  ? oracleSkip
  : "no Python here has pip, setuptools and wheel (Debian: python3-pip python3-setuptools python3-wheel)";
if (pipSkip) console.log(`SKIPPING pip diff tests: ${pipSkip}`);
const [app, rcRoot, finalRoot, pep440] = await Promise.all([
  npmSkip ? undefined : installNpmApp(work),
  pipSkip ? undefined : pipInstall(work, "2.0.0rc1", { python: python! }),
  pipSkip ? undefined : pipInstall(work, "2.0", { python: python! }),
  pipSkip ? undefined : pythonCompare([["2.0.0rc1", "2.0"]]),
]);

Deno.test({
  name:
    "diffPackages() of pip installs: PEP 440 orders 2.0.0rc1 before 2.0, and a copy in another site-packages is another package",
  ignore: pipSkip !== undefined,
  fn: async () => {
    const [order] = pep440!;
    assert.equal(order.order, -1);
    const rc = await treeLayer(rcRoot!);
    const final = await treeLayer(finalRoot!);
    const distInfo = (files: { path: string }[]) =>
      files.find((f) => f.path.endsWith(".dist-info/METADATA"))!.path
        .replace(/\/METADATA$/, "");
    const [rcInfo, finalInfo] = [distInfo(rc.files), distInfo(final.files)];
    assert.equal(
      rcInfo.slice(0, rcInfo.lastIndexOf("/")),
      finalInfo.slice(0, finalInfo.lastIndexOf("/")),
      "one site-packages",
    );
    // pip install -U: the old dist-info goes, the new files come.
    const upgrade = [whiteout(rcInfo.slice(1)), ...final.specs];
    const up = await diffImages([rc.specs], [rc.specs, upgrade]);
    assert.deepEqual(up.errors, []);
    assert.deepEqual(lines(up), [
      "upgraded python zope-demo-pkg - 2.0.0rc1 2.0 @1",
    ]);
    assert.equal(up.changes[0].a!.location, rcInfo);
    assert.equal(up.changes[0].b!.location, finalInfo);
    const installed = (files: { path: string; size: number }[]) =>
      files.reduce((total, f) => total + f.size, 0);
    assert.equal(
      up.changes[0].measuredSizeDelta,
      installed(final.files) - installed(rc.files),
    );
    assert.equal(up.changes[0].change, kindOf(order.order));

    const down = await diffImages([final.specs], [final.specs, [
      whiteout(finalInfo.slice(1)),
      ...rc.specs,
    ]]);
    assert.deepEqual(lines(down), [
      "downgraded python zope-demo-pkg - 2.0 2.0.0rc1 @1",
    ]);

    // The same release in a venv is a package of its own, not an upgrade.
    const venv = await treeLayer(finalRoot!, { mountAt: "/opt/venv" });
    const beside = await diffImages([rc.specs], [rc.specs, venv.specs]);
    assert.deepEqual(lines(beside), [
      "added python zope-demo-pkg - - 2.0 @1",
    ]);
    assert.equal(beside.changes[0].b!.location, `/opt/venv${finalInfo}`);

    // pip uninstall in layer 2 of 4: the layer that deleted the dist-info.
    const gone = await diffImages([rc.specs], [
      rc.specs,
      [file("srv/one", "1")],
      [whiteout(rcInfo.slice(1))],
      [file("srv/three", "3")],
    ]);
    assert.deepEqual(lines(gone), [
      "removed python zope-demo-pkg - 2.0.0rc1 - @2",
    ]);
  },
});

Deno.test({
  name: "diffPackages() keeps two npm copies of one package apart by location",
  ignore: npmSkip !== undefined,
  fn: async () => {
    const tree = await treeLayer(app!, { mountAt: "/app" });
    const nested = "/app/node_modules/a/node_modules/@scope/b";
    const diff = await diffImages([tree.specs], [
      tree.specs,
      [whiteout(nested.slice(1))],
    ]);
    assert.deepEqual(diff.errors, []);
    assert.deepEqual(lines(diff), ["removed npm @scope/b - 1.0.0 - @1"]);
    const [change] = diff.changes;
    assert.equal(change.a!.location, nested);
    assert.equal(change.installedSizeDelta, null, "npm records no size");
    const bytes = tree.files.filter((f) => f.path.startsWith(`${nested}/`))
      .reduce((total, f) => total + f.size, 0);
    assert.equal(change.measuredSizeDelta, -bytes);
    assert.deepEqual([diff.a.packages, diff.b.packages], [3, 2]);
    assert.equal(diff.growth.packages, -bytes);
    assert.equal(diff.growth.total, -bytes);
    assert.equal(diff.growth.unowned, 0);
  },
});

Deno.test("diffPackages() says how much of the growth no package owns, and lists the largest unowned growth first", async () => {
  const { specs, files } = await dpkgFiles();
  const base = [
    ...specs,
    ...await dpkgDatabase(),
    file("srv/data.bin", "d".repeat(1000)),
    file("srv/shrinks.bin", "s".repeat(500)),
    file("srv/removed.bin", "r".repeat(700)),
  ];
  const motd = "/usr/share/base-files/motd";
  const hostname = "/bin/hostname";
  const grown = (path: string, by: number) =>
    file(path.slice(1), "g".repeat(files.get(path)! + by));
  const b = [base, [
    file("srv/big.bin", "b".repeat(3000)),
    file("srv/small.bin", "s".repeat(1000)),
    file("srv/data.bin", "d".repeat(1600)),
    file("srv/shrinks.bin", "s".repeat(100)),
    whiteout("srv/removed.bin"),
    grown(motd, 5000),
    grown(hostname, 4000),
  ], [file("srv/mid.bin", "m".repeat(2000))]];
  const diff = await diffImages([base], b, { top: 3 });
  assert.deepEqual(diff.errors, []);
  assert.deepEqual(diff.changes, [], "no package changed version");
  assert.equal(diff.growth.packages, 5000 + 4000);
  assert.equal(diff.growth.unowned, 3000 + 1000 + 600 - 400 - 700 + 2000);
  assert.equal(diff.growth.total, diff.growth.packages + diff.growth.unowned);
  assert.equal(diff.b.ownedBytes - diff.a.ownedBytes, 9000);
  assert.deepEqual(diff.growth.topUnowned, [
    { path: "/srv/big.bin", sizeDelta: 3000, layer: 1 },
    { path: "/srv/mid.bin", sizeDelta: 2000, layer: 2 },
    { path: "/srv/small.bin", sizeDelta: 1000, layer: 1 },
  ]);
  const all = await diffImages([base], b, { top: 10 });
  assert.deepEqual(
    all.growth.topUnowned.map((g) => [g.path, g.sizeDelta]),
    [
      ["/srv/big.bin", 3000],
      ["/srv/mid.bin", 2000],
      ["/srv/small.bin", 1000],
      ["/srv/data.bin", 600],
    ],
  );
});

// Inventories built directly, for the arithmetic.

function scanned(
  fields: Partial<ScannedPackage> & Pick<ScannedPackage, "ecosystem" | "name">,
): ScannedPackage {
  return {
    version: "1.0",
    arch: null,
    installedSize: null,
    source: null,
    files: [],
    location: `/db/${fields.name}`,
    measuredSize: 0,
    layer: 0,
    ...fields,
  };
}

function inventoryOf(
  packages: ScannedPackage[],
  extra: Partial<PackageInventory> = {},
): PackageInventory {
  return {
    packages,
    errors: [],
    owners: new Map(),
    ownedBytes: 0,
    fileBytes: 0,
    layerOf: () => undefined,
    ...extra,
  };
}

Deno.test("diffPackages() gives installedSizeDelta only when every side present has an estimate", () => {
  const dpkg = (name: string, installedSize: number | null, version = "1") =>
    scanned({
      ecosystem: "dpkg",
      name,
      installedSize,
      version,
      location: "/var/lib/dpkg/status",
    });
  const a = inventoryOf([
    dpkg("gone", 4096),
    dpkg("grows", 1000),
    dpkg("unknown-before", null),
    dpkg("unmeasured-gone", null),
  ]);
  const b = inventoryOf([
    dpkg("grows", 3000, "2"),
    dpkg("new", 2048),
    dpkg("unknown-before", 500, "2"),
    scanned({ ecosystem: "npm", name: "left-pad", measuredSize: 77 }),
  ]);
  const diff = diffPackages({ a, b }, {
    changes: [],
    removedBy: new Map(),
    top: 10,
  });
  assert.deepEqual(
    diff.changes.map((c) => [c.name, c.change, c.installedSizeDelta]),
    [
      ["gone", "removed", -4096],
      ["grows", "upgraded", 2000],
      ["new", "added", 2048],
      ["unknown-before", "upgraded", null],
      ["unmeasured-gone", "removed", null],
      ["left-pad", "added", null],
    ],
  );
  assert.equal(diff.changes.at(-1)!.measuredSizeDelta, 77);
  assert.deepEqual(diff.ecosystems, ["dpkg", "npm"]);
});

Deno.test("diffPackages() reports no change for the same version string", () => {
  const pkg = (version: string, measuredSize: number) =>
    scanned({ ecosystem: "python", name: "six", version, measuredSize });
  const diff = diffPackages({
    a: inventoryOf([pkg("1.16.0", 10)]),
    b: inventoryOf([pkg("1.16.0", 99)]),
  }, { changes: [], removedBy: new Map(), top: 10 });
  assert.deepEqual(diff.changes, []);
});

Deno.test("diffPackages() reports no change for versions equal by the ecosystem's rules but spelled apart", () => {
  const diff = diffPackages({
    a: inventoryOf([
      scanned({ ecosystem: "dpkg", name: "zlib1g", version: "0:1.2.13" }),
      scanned({ ecosystem: "python", name: "six", version: "1.0" }),
    ]),
    b: inventoryOf([
      scanned({ ecosystem: "dpkg", name: "zlib1g", version: "1.2.13" }),
      scanned({ ecosystem: "python", name: "six", version: "1.0.0" }),
    ]),
  }, { changes: [], removedBy: new Map(), top: 10 });
  assert.deepEqual(diff.changes, []);
});

Deno.test("diffPackages() dates a removal by the layer that deleted its record, else that rewrote its database, else not", () => {
  const a = inventoryOf([
    scanned({
      ecosystem: "dpkg",
      name: "rewritten",
      location: "/var/lib/dpkg/status",
    }),
    scanned({
      ecosystem: "python",
      name: "deleted",
      location: "/site-packages/deleted-1.dist-info",
    }),
    scanned({
      ecosystem: "python",
      name: "vanished",
      location: "/site-packages/vanished-1.dist-info",
    }),
    scanned({
      ecosystem: "apk",
      name: "nodb",
      location: "/lib/apk/db/installed",
    }),
  ]);
  const layers = new Map([["/var/lib/dpkg/status", 4]]);
  const b = inventoryOf([], { layerOf: (path) => layers.get(path) });
  const diff = diffPackages({ a, b }, {
    changes: [],
    removedBy: new Map([["/site-packages/deleted-1.dist-info", 2]]),
    top: 10,
  });
  assert.deepEqual(diff.changes.map((c) => [c.name, c.change, c.layer]), [
    ["rewritten", "removed", 4],
    ["nodb", "removed", null],
    ["deleted", "removed", 2],
    ["vanished", "removed", null],
  ]);
});

Deno.test("diffPackages() sorts changes by ecosystem in reader order, name, then location, and tags errors with their image", () => {
  const npm = (location: string) =>
    scanned({ ecosystem: "npm", name: "b", location, version: "1.0.0" });
  const a = inventoryOf([], {
    errors: [{ ecosystem: "apk", path: "/lib/apk/db/installed", message: "x" }],
    fileBytes: 100,
    ownedBytes: 40,
  });
  const b = inventoryOf([
    npm("/z/node_modules/b"),
    scanned({ ecosystem: "python", name: "a", location: "/s/a-1.dist-info" }),
    npm("/a/node_modules/b"),
    scanned({ ecosystem: "dpkg", name: "zz" }),
    scanned({ ecosystem: "dpkg", name: "aa" }),
  ], {
    errors: [{ ecosystem: "dpkg", path: "/var/lib/dpkg/status", message: "y" }],
    fileBytes: 350,
    ownedBytes: 90,
  });
  const diff = diffPackages({ a, b }, {
    changes: [],
    removedBy: new Map(),
    top: 10,
  });
  assert.deepEqual(
    diff.changes.map((c) => `${c.ecosystem} ${c.name} ${c.b!.location}`),
    [
      "dpkg aa /db/aa",
      "dpkg zz /db/zz",
      "python a /s/a-1.dist-info",
      "npm b /a/node_modules/b",
      "npm b /z/node_modules/b",
    ],
  );
  assert.deepEqual(diff.ecosystems, ["dpkg", "python", "npm"]);
  assert.deepEqual(diff.errors, [
    {
      image: "a",
      ecosystem: "apk",
      path: "/lib/apk/db/installed",
      message: "x",
    },
    {
      image: "b",
      ecosystem: "dpkg",
      path: "/var/lib/dpkg/status",
      message: "y",
    },
  ]);
  assert.deepEqual(diff.a, { packages: 0, ownedBytes: 40 });
  assert.deepEqual(diff.b, { packages: 5, ownedBytes: 90 });
  assert.deepEqual(
    [diff.growth.total, diff.growth.packages, diff.growth.unowned],
    [250, 50, 200],
  );
});

Deno.test("diffPackages() lists as unowned growth only regular files no package of B owns, grown, largest first, at most top", () => {
  const entry = (path: string, size: number, layer: number, type = "file") =>
    ({
      path,
      type,
      size,
      layer,
      mode: 0o644,
      uid: 0,
      gid: 0,
      mtime: 0,
    }) as NonNullable<Change["b"]>;
  const changes = [
    { path: "/owned", change: "added", a: null, b: entry("/owned", 9000, 1) },
    { path: "/tie-b", change: "added", a: null, b: entry("/tie-b", 50, 1) },
    { path: "/tie-a", change: "added", a: null, b: entry("/tie-a", 50, 3) },
    {
      path: "/link",
      change: "added",
      a: null,
      b: entry("/link", 800, 1, "hardlink"),
    },
    {
      path: "/grew",
      change: "modified",
      a: entry("/grew", 100, 0),
      b: entry("/grew", 400, 2),
    },
    {
      path: "/was-link",
      change: "modified",
      a: entry("/was-link", 1000, 0, "hardlink"),
      b: entry("/was-link", 1000, 1),
    },
    {
      path: "/shrank",
      change: "modified",
      a: entry("/shrank", 500, 0),
      b: entry("/shrank", 10, 1),
    },
    { path: "/gone", change: "removed", a: entry("/gone", 700, 0), b: null },
  ] as unknown as Change[];
  const b = inventoryOf([], { owners: new Map([["/owned", 0]]) });
  const top = (n: number) =>
    diffPackages({ a: inventoryOf([]), b }, {
      changes,
      removedBy: new Map(),
      top: n,
    }).growth.topUnowned;
  assert.deepEqual(top(10), [
    { path: "/was-link", sizeDelta: 1000, layer: 1 },
    { path: "/grew", sizeDelta: 300, layer: 2 },
    { path: "/tie-a", sizeDelta: 50, layer: 3 },
    { path: "/tie-b", sizeDelta: 50, layer: 1 },
  ]);
  assert.deepEqual(top(2).map((g) => g.path), ["/was-link", "/grew"]);
  assert.deepEqual(top(0), []);
});
