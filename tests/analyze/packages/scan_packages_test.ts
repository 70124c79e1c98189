/**
 * scanPackages() on real image archives (tests/fixtures/image_builder)
 * holding real package data: the committed dpkg and apk excerpts
 * (testdata/packages), a node_modules tree npm installs offline and a
 * dist-info pip installs offline. It measures each package by the regular
 * files it owns in the merged filesystem, takes its layer from its record
 * file, and names each database it could not read.
 */
import assert from "@std/assert";
import { keepPolicy } from "../../../mod/analyze/keep_policy.ts";
import {
  type PackageInventory,
  scanPackages,
} from "../../../mod/analyze/packages/scan_packages.ts";
import { isPackageFile } from "../../../mod/analyze/packages/package_readers.ts";
import { traceImage } from "../../../mod/analyze/trace_layers.ts";
import { openImage } from "../../../mod/image/open_images.ts";
import { KeepBudget, type KeepPolicy } from "../../../mod/layer/keep_files.ts";
import { writeImage } from "../../fixtures/image_builder.ts";
import {
  dir,
  file,
  hardlink,
  type TarSpec,
  whiteout,
} from "../../fixtures/tar_builder.ts";
import {
  dpkgDatabase,
  dpkgFiles,
  dpkgLists,
  excerpt,
  installNpmApp,
  npmSkipReason,
  pipInstall,
  pipPython,
  scratchDir,
  treeLayer,
} from "./installed_trees.ts";

const work = await scratchDir("layerdiff-scan-");
const STATUS = "/var/lib/dpkg/status";
const APK = "/lib/apk/db/installed";
/** The installed packages of the dpkg excerpt (e2fsprogs is "deinstall"). */
const DPKG_NAMES = [
  "base-files",
  "bsdutils",
  "dash",
  "hostname",
  "libbz2-1.0",
  "libgcc-s1",
  "logsave",
  "usr-is-merged",
  "zlib1g",
];
/** hostname's alias commands and their man pages are symlinks, as in the real package. */
const HOSTNAME_LINKS = Object.fromEntries(
  ["dnsdomainname", "domainname", "nisdomainname", "ypdomainname"]
    .flatMap((name) => [
      [`/bin/${name}`, "hostname"],
      [`/usr/share/man/man1/${name}.1.gz`, "hostname.1.gz"],
    ]),
);

let images = 0;
/** Writes the layers as an OCI archive and scans its merged filesystem. */
async function scan(
  layers: TarSpec[][],
  options: { keep?: KeepPolicy | null } = {},
): Promise<PackageInventory> {
  const path = `${work}/image-${images++}.tar`;
  await writeImage(path, "oci-archive", { layers });
  const keep = options.keep === null ? undefined : options.keep ?? keepPolicy();
  // One layer at a time: a shared budget then runs out at a known file.
  const image = await openImage(path, { keep, concurrency: 1 });
  return scanPackages(image.indexes, traceImage(image).fs);
}

/** The package (and its index) of a name, failing when there is not one. */
function find(inventory: PackageInventory, name: string, location?: string) {
  const found = inventory.packages.flatMap((pkg, i) =>
    pkg.name === name && (location === undefined || pkg.location === location)
      ? [{ pkg, i }]
      : []
  );
  assert.equal(found.length, 1, `one ${name} at ${location ?? "any"}`);
  return found[0];
}

/** Paths the owner map gives to the package at index `i`, sorted. */
function ownedBy(inventory: PackageInventory, i: number): string[] {
  return [...inventory.owners].filter(([, owner]) => owner === i)
    .map(([path]) => path).sort();
}

const sum = (sizes: Iterable<number>) => [...sizes].reduce((x, y) => x + y, 0);

/** A Debian base layer: every listed file of the excerpt and its database. */
async function debianBase(): Promise<{
  layer: TarSpec[];
  files: Map<string, number>;
  databaseBytes: number;
}> {
  const { specs, files } = await dpkgFiles({ symlinks: HOSTNAME_LINKS });
  const database = await dpkgDatabase();
  const databaseBytes = sum(
    database.map((spec) =>
      (spec.content as Uint8Array | undefined)?.length ?? 0
    ),
  );
  return { layer: [...specs, ...database], files, databaseBytes };
}

/** The regular files a dpkg package's .list names, with their sizes. */
async function listedFiles(
  name: string,
  files: Map<string, number>,
): Promise<Map<string, number>> {
  const lists = await dpkgLists();
  const list = lists.get(`${name}.list`) ?? lists.get(`${name}:amd64.list`)!;
  return new Map(
    list.filter((path) => files.has(path)).map((
      path,
    ) => [path, files.get(path)!]),
  );
}

Deno.test("scanPackages() measures each dpkg package by the regular files its .list names", async () => {
  const base = await debianBase();
  const extra = file("srv/data.bin", "x".repeat(1000));
  const inventory = await scan([[...base.layer, extra]]);
  assert.deepEqual(inventory.errors, []);
  assert.deepEqual(inventory.packages.map((pkg) => pkg.name), DPKG_NAMES);

  // No two packages of the excerpt list the same regular file.
  const claimed = new Map<string, string>();
  for (const name of DPKG_NAMES) {
    for (const path of (await listedFiles(name, base.files)).keys()) {
      assert.equal(claimed.get(path), undefined, path);
      claimed.set(path, name);
    }
  }
  // e2fsprogs was removed, its config files left: they belong to no one.
  const leftovers = await listedFiles("e2fsprogs", base.files);
  assert.deepEqual([...leftovers.keys()].sort(), [
    "/etc/cron.d/e2scrub_all",
    "/etc/e2scrub.conf",
    "/etc/mke2fs.conf",
    "/lib/udev/rules.d",
  ]);
  assert.equal(claimed.size + leftovers.size, base.files.size);

  for (const name of DPKG_NAMES) {
    const { pkg, i } = find(inventory, name);
    const listed = await listedFiles(name, base.files);
    assert.equal(pkg.measuredSize, sum(listed.values()), name);
    assert.deepEqual(ownedBy(inventory, i), [...listed.keys()].sort(), name);
    assert.equal(pkg.layer, 0, name);
  }
  // hostname lists 8 symlinks and directories beside its 4 regular files.
  const hostname = find(inventory, "hostname");
  assert.deepEqual(ownedBy(inventory, hostname.i), [
    "/bin/hostname",
    "/usr/share/doc/hostname/changelog.gz",
    "/usr/share/doc/hostname/copyright",
    "/usr/share/man/man1/hostname.1.gz",
  ]);
  assert.ok(hostname.pkg.files.includes("/bin/dnsdomainname"));
  assert.equal(hostname.pkg.installedSize, 46 * 1024);

  assert.equal(
    inventory.ownedBytes,
    sum([...claimed.keys()].map((path) => base.files.get(path)!)),
  );
  assert.equal(
    inventory.fileBytes,
    inventory.ownedBytes + sum(leftovers.values()) + base.databaseBytes +
      1000,
  );
  for (const path of leftovers.keys()) {
    assert.equal(inventory.owners.has(path), false, path);
  }
  assert.equal(inventory.owners.has("/srv/data.bin"), false);
  assert.equal(inventory.owners.has(STATUS), false);
  assert.equal(inventory.layerOf("/srv/data.bin"), 0);
  assert.equal(inventory.layerOf("/nowhere"), undefined);
});

Deno.test("scanPackages() keeps a dpkg package in the layer of its .list when a later layer rewrites one of its files", async () => {
  const base = await debianBase();
  const hostnameList = await excerpt("dpkg/var/lib/dpkg/info/hostname.list");
  const inventory = await scan([
    base.layer,
    [file("etc/host.conf", "multi on\n".repeat(500))],
    // hostname reinstalled: dpkg rewrites its .list.
    [file("var/lib/dpkg/info/hostname.list", hostnameList)],
  ]);
  assert.deepEqual(inventory.errors, []);
  const baseFiles = find(inventory, "base-files").pkg;
  const listed = await listedFiles("base-files", base.files);
  assert.ok(listed.has("/etc/host.conf"));
  assert.equal(baseFiles.layer, 0, "rewriting /etc/host.conf is no install");
  assert.equal(
    baseFiles.measuredSize,
    sum(listed.values()) - listed.get("/etc/host.conf")! + 4500,
    "measured as the merged filesystem has /etc/host.conf",
  );
  assert.equal(inventory.layerOf("/etc/host.conf"), 1);
  assert.equal(find(inventory, "hostname").pkg.layer, 2);
  for (const name of DPKG_NAMES.filter((n) => n !== "hostname")) {
    assert.equal(find(inventory, name).pkg.layer, 0, name);
  }
  // zlib1g's record is zlib1g:amd64.list (Multi-Arch: same).
  assert.equal(find(inventory, "zlib1g").pkg.arch, "amd64");
});

Deno.test("scanPackages() measures 0 for a package whose files a later layer all deleted", async () => {
  const base = await debianBase();
  const before = await scan([base.layer]);
  const listed = await listedFiles("hostname", base.files);
  const inventory = await scan([
    base.layer,
    [...Object.keys(HOSTNAME_LINKS), ...listed.keys()].map((path) =>
      whiteout(path.slice(1))
    ),
  ]);
  assert.deepEqual(inventory.errors, []);
  const { pkg, i } = find(inventory, "hostname");
  assert.equal(pkg.version, "3.23+nmu1", "still recorded as installed");
  assert.equal(pkg.measuredSize, 0);
  assert.deepEqual(ownedBy(inventory, i), []);
  assert.equal(pkg.layer, 0, "the layer of its .list");
  assert.ok(find(before, "hostname").pkg.measuredSize > 0);
  assert.equal(
    inventory.ownedBytes,
    before.ownedBytes - find(before, "hostname").pkg.measuredSize,
  );
  assert.equal(inventory.fileBytes, before.fileBytes - sum(listed.values()));
});

Deno.test("scanPackages() measures apk packages by their F/R files and dates them by their newest file", async () => {
  const installed = await excerpt("apk/installed");
  const inventory = await scan([
    [
      dir("lib/apk/db/"),
      file("lib/apk/db/installed", installed),
      file("etc/fstab", "a".repeat(100)),
      file("etc/group", "b".repeat(200)),
      file("bin/busybox", "c".repeat(3000)),
      file("srv/notes", "unowned\n"),
    ],
    [file("etc/group", "b".repeat(250))],
  ]);
  assert.deepEqual(inventory.errors, []);
  assert.equal(inventory.packages.length, 14);
  const data = find(inventory, "alpine-baselayout-data");
  assert.equal(data.pkg.measuredSize, 100 + 250);
  assert.deepEqual(ownedBy(inventory, data.i), ["/etc/fstab", "/etc/group"]);
  assert.equal(data.pkg.layer, 1, "apk records no file per package");
  const busybox = find(inventory, "busybox");
  assert.equal(busybox.pkg.measuredSize, 3000);
  assert.equal(busybox.pkg.layer, 0);
  // A package none of whose files is present dates from its database.
  assert.deepEqual(
    [
      find(inventory, "musl").pkg.measuredSize,
      find(inventory, "musl").pkg.layer,
    ],
    [0, 0],
  );
  assert.equal(inventory.ownedBytes, 3350);
  assert.equal(inventory.fileBytes, 3350 + installed.length + 8);
});

const npmSkip = await npmSkipReason(work);
if (npmSkip) console.log(`SKIPPING npm scan tests: ${npmSkip}`);
const python = await pipPython(work);
const pipSkip = python
  ? undefined
  : "no Python here has pip, setuptools and wheel (Debian: python3-pip python3-setuptools python3-wheel)";
if (pipSkip) console.log(`SKIPPING pip scan tests: ${pipSkip}`);
const [app, pipRoot] = await Promise.all([
  npmSkip ? undefined : installNpmApp(work),
  python ? pipInstall(work, "1.0", { python }) : undefined,
]);

Deno.test({
  name:
    "scanPackages() gives an npm package every file under its directory but its nested node_modules",
  ignore: npmSkip !== undefined,
  fn: async () => {
    const tree = await treeLayer(app!, { mountAt: "/app" });
    const inventory = await scan([
      tree.specs,
      [file("app/node_modules/a/index.js", "module.exports = 2;\n".repeat(9))],
    ]);
    assert.deepEqual(inventory.errors, []);
    const root = "/app/node_modules";
    assert.deepEqual(
      inventory.packages.map((pkg) =>
        `${pkg.name} ${pkg.version} ${pkg.location}`
      ),
      [
        `@scope/b 2.0.0 ${root}/@scope/b`,
        `@scope/b 1.0.0 ${root}/a/node_modules/@scope/b`,
        `a 1.0.0 ${root}/a`,
      ],
    );
    const size = new Map(tree.files.map((f) => [f.path, f.size]));
    size.set(`${root}/a/index.js`, 180);
    const a = find(inventory, "a");
    assert.deepEqual(ownedBy(inventory, a.i), [
      `${root}/a/index.js`,
      `${root}/a/lib/package.json`,
      `${root}/a/lib/util.js`,
      `${root}/a/package.json`,
    ]);
    assert.equal(
      a.pkg.measuredSize,
      180 + size.get(`${root}/a/lib/package.json`)! +
        size.get(`${root}/a/lib/util.js`)! +
        size.get(`${root}/a/package.json`)!,
    );
    assert.equal(a.pkg.layer, 0, "the layer of its package.json");
    for (
      const location of [`${root}/@scope/b`, `${root}/a/node_modules/@scope/b`]
    ) {
      const b = find(inventory, "@scope/b", location);
      const mine = tree.files.filter((f) => f.path.startsWith(`${location}/`));
      assert.deepEqual(ownedBy(inventory, b.i), mine.map((f) => f.path));
      assert.deepEqual(mine.map((f) => f.path.slice(location.length)), [
        "/README.md",
        "/index.js",
        "/package.json",
      ]);
      assert.equal(b.pkg.measuredSize, sum(mine.map((f) => f.size)));
    }
    // The two copies' READMEs differ: each copy is measured on its own.
    assert.notEqual(
      find(inventory, "@scope/b", `${root}/@scope/b`).pkg.measuredSize,
      find(inventory, "@scope/b", `${root}/a/node_modules/@scope/b`).pkg
        .measuredSize,
    );
    // npm's own files and the app's manifest belong to no package.
    const unowned = [...size.keys()].filter((p) => !inventory.owners.has(p));
    assert.deepEqual(unowned.sort(), [
      "/app/node_modules/.package-lock.json",
      "/app/package-lock.json",
      "/app/package.json",
    ]);
    assert.equal(
      inventory.ownedBytes,
      sum([...size].filter(([p]) => inventory.owners.has(p)).map(([, s]) => s)),
    );
    assert.equal(inventory.fileBytes, sum(size.values()));
  },
});

Deno.test({
  name:
    "scanPackages() gives a pip-installed package every file of its RECORD, dated by its METADATA",
  ignore: pipSkip !== undefined,
  fn: async () => {
    const tree = await treeLayer(pipRoot!);
    const script = tree.files.find((f) => f.path.endsWith("/bin/zope-demo"))!;
    assert.ok(script, "pip wrote the console script");
    const inventory = await scan([
      tree.specs,
      [file(script.path.slice(1), "#!/bin/sh\n".repeat(30))],
    ]);
    assert.deepEqual(inventory.errors, []);
    assert.equal(inventory.packages.length, 1);
    const [pkg] = inventory.packages;
    assert.equal(pkg.name, "zope-demo-pkg");
    // RECORD names every file pip wrote, RECORD and the script included.
    assert.deepEqual(pkg.files, tree.files.map((f) => f.path));
    assert.deepEqual(ownedBy(inventory, 0), tree.files.map((f) => f.path));
    const expected = sum(tree.files.map((f) => f.size)) - script.size + 300;
    assert.equal(pkg.measuredSize, expected);
    assert.equal(inventory.ownedBytes, expected);
    assert.equal(inventory.fileBytes, expected);
    assert.equal(pkg.layer, 0, "rewriting the script is no reinstall");

    const metadata = `${pkg.location}/METADATA`;
    const reinstalled = await scan([
      tree.specs,
      [file(metadata.slice(1), await Deno.readFile(`${pipRoot}${metadata}`))],
    ]);
    assert.equal(reinstalled.packages[0].layer, 1);
  },
});

Deno.test("scanPackages() names a database over the per-file limit, unread", async () => {
  const database = await dpkgDatabase();
  // keepPolicy's package limit is 64 MiB; a policy of 100 bytes shows the same path.
  const inventory = await scan([database], {
    keep: {
      limit: (path) => path === STATUS ? 100 : keepPolicy().limit(path),
      budget: new KeepBudget(1 << 20),
    },
  });
  assert.deepEqual(inventory.errors, [{
    ecosystem: "dpkg",
    path: STATUS,
    message: "not read: larger than the limit for a package database",
  }]);
  assert.deepEqual(inventory.packages, []);
});

Deno.test("scanPackages() names the database the shared budget ran out at and reads the rest", async () => {
  const database = await dpkgDatabase();
  // Exactly the bytes of the dpkg files a reader wants (not info/format).
  const dpkgBytes = sum(
    database.filter((spec) => isPackageFile(`/${spec.path}`))
      .map((spec) => (spec.content as Uint8Array).length),
  );
  const inventory = await scan([
    database,
    [file("lib/apk/db/installed", await excerpt("apk/installed"))],
  ], { keep: keepPolicy({ budget: dpkgBytes }) });
  assert.deepEqual(inventory.errors, [{
    ecosystem: "apk",
    path: APK,
    message:
      "not read: the bytes kept for package databases ran out; inventory incomplete",
  }]);
  assert.deepEqual(inventory.packages.map((pkg) => pkg.name), DPKG_NAMES);
  const full = await scan([
    database,
    [file("lib/apk/db/installed", await excerpt("apk/installed"))],
  ], { keep: keepPolicy({ budget: dpkgBytes + 20_000 }) });
  assert.deepEqual(full.errors, []);
  assert.equal(full.packages.length, DPKG_NAMES.length + 14);
});

Deno.test("scanPackages() names every database of an image opened without keeping them", async () => {
  const inventory = await scan([await dpkgDatabase()], { keep: null });
  const lists = [...(await dpkgLists()).keys()].map((name) =>
    `/var/lib/dpkg/info/${name}`
  );
  assert.deepEqual(
    inventory.errors,
    [STATUS, ...lists].sort().map((path) => ({
      ecosystem: "dpkg",
      path,
      message:
        "not read: the image was opened without keeping package databases",
    })),
  );
  assert.deepEqual(inventory.packages, []);
});

Deno.test("scanPackages() reads a status file that status-old is hard-linked to", async () => {
  const status = await excerpt("dpkg/var/lib/dpkg/status");
  const same = await scan([[
    dir("var/lib/dpkg/"),
    file("var/lib/dpkg/status", status),
    hardlink("var/lib/dpkg/status-old", "var/lib/dpkg/status"),
  ]]);
  assert.deepEqual(same.errors, []);
  assert.deepEqual(same.packages.map((pkg) => pkg.name), DPKG_NAMES);
  assert.equal(same.fileBytes, status.length, "a link adds no file bytes");
});

Deno.test("scanPackages() reads a METADATA stored as a hard link to one a lower layer kept", async () => {
  const site = (venv: string) =>
    `opt/${venv}/lib/python3.11/site-packages/demo-1.0.dist-info`;
  const metadata = "Metadata-Version: 2.1\nName: Demo\nVersion: 1.0\n";
  const inventory = await scan([
    [file(`${site("one")}/METADATA`, metadata)],
    [hardlink(`${site("two")}/METADATA`, `${site("one")}/METADATA`)],
  ]);
  assert.deepEqual(inventory.errors, []);
  assert.deepEqual(
    inventory.packages.map((pkg) => [pkg.name, pkg.location, pkg.layer]),
    [
      ["demo", `/${site("one")}`, 0],
      ["demo", `/${site("two")}`, 1],
    ],
  );
});

Deno.test("scanPackages() says so when a status file is a hard link to a file it did not keep", async () => {
  // One pass keeps the bytes of the paths it asks for by name; status-old's
  // bytes streamed past before the link named them.
  const status = await excerpt("dpkg/var/lib/dpkg/status");
  const inventory = await scan([[
    dir("var/lib/dpkg/"),
    file("var/lib/dpkg/status-old", status),
    hardlink("var/lib/dpkg/status", "var/lib/dpkg/status-old"),
  ]]);
  assert.deepEqual(inventory.packages, []);
  assert.deepEqual(inventory.errors, [{
    ecosystem: "dpkg",
    path: "/var/lib/dpkg/status",
    message:
      "not read: a hard link to a file whose bytes were not kept (they streamed past before the link named them)",
  }]);
});
