/**
 * listPackages(), the `packages` section of `inspect`: every package,
 * largest measured size first, then by name and location, with the bytes
 * packages own and those they do not. Shown on a real archive built from
 * the committed dpkg and apk excerpts, and on an inventory built directly
 * for the ties.
 */
import assert from "@std/assert";
import { buildInspectReport } from "../../../mod/analyze/inspect_report.ts";
import { keepPolicy } from "../../../mod/analyze/keep_policy.ts";
import { listPackages } from "../../../mod/analyze/packages/package_list.ts";
import type {
  PackageInventory,
  ScannedPackage,
} from "../../../mod/analyze/packages/scan_packages.ts";
import { openImage } from "../../../mod/image/open_images.ts";
import { writeImage } from "../../fixtures/image_builder.ts";
import { file } from "../../fixtures/tar_builder.ts";
import {
  dpkgDatabase,
  dpkgFiles,
  dpkgLists,
  excerpt,
  scratchDir,
} from "./installed_trees.ts";

const work = await scratchDir("layerdiff-package-list-");

Deno.test("buildInspectReport() lists an image's packages largest first, then by name, with owned and unowned bytes", async () => {
  const { specs, files } = await dpkgFiles();
  const apk = await excerpt("apk/installed");
  const path = `${work}/image.tar`;
  await writeImage(path, "oci-archive", {
    layers: [
      [...specs, ...await dpkgDatabase()],
      [
        file("lib/apk/db/installed", apk),
        file("bin/busybox", "b".repeat(900)),
        file("srv/unowned.bin", "u".repeat(1234)),
      ],
    ],
  });
  const image = await openImage(path, { keep: keepPolicy() });
  const list = buildInspectReport(image, { sections: ["packages"] }).report
    .packages!;
  assert.deepEqual(list.errors, []);
  assert.deepEqual(list.ecosystems, ["dpkg", "apk"]);
  assert.equal(list.count, 9 + 14);
  assert.equal(list.packages.length, list.count);

  // What each dpkg package's .list names, as the image has it.
  const lists = await dpkgLists();
  const expected = new Map<string, number>();
  for (const [name, paths] of lists) {
    const pkg = name.replace(/(:amd64)?\.list$/, "");
    if (pkg === "e2fsprogs") continue; // removed, config files left
    expected.set(
      pkg,
      paths.reduce((total, p) => total + (files.get(p) ?? 0), 0),
    );
  }
  expected.set("busybox", 900);
  const listed = list.packages.map((p) => [p.name, p.measuredSize]);
  for (const [name, size] of expected) {
    assert.deepEqual(listed.find(([n]) => n === name), [name, size], name);
  }
  const order = (p: { measuredSize: number; name: string }) =>
    `${String(1e9 - p.measuredSize).padStart(10, "0")} ${p.name}`;
  assert.deepEqual(
    list.packages.map(order),
    list.packages.map(order).sort(),
    "by size, largest first, then by name",
  );
  assert.equal(list.packages[0].name, "base-files");
  // The 13 apk packages with no file in the image come last, by name.
  assert.deepEqual(
    list.packages.slice(-13).map((p) => [p.ecosystem, p.measuredSize]),
    Array(13).fill(["apk", 0]),
  );
  assert.deepEqual(list.packages.find((p) => p.name === "busybox"), {
    ecosystem: "apk",
    name: "busybox",
    version: "1.35.0-r17",
    arch: "x86_64",
    installedSize: 962560,
    measuredSize: 900,
    location: "/lib/apk/db/installed",
    layer: 1,
  });

  const owned = [...expected.values()].reduce((x, y) => x + y, 0);
  assert.equal(list.ownedBytes, owned);
  const { fileBytes } = buildInspectReport(image, { sections: ["summary"] })
    .report.summary!;
  assert.equal(list.unownedBytes, fileBytes - owned);
  assert.ok(list.unownedBytes >= 1234 + apk.length);
});

function scanned(
  name: string,
  measuredSize: number,
  location = `/db/${name}`,
): ScannedPackage {
  return {
    ecosystem: "npm",
    name,
    version: "1.0.0",
    arch: null,
    installedSize: null,
    source: "ignored",
    files: ["/not/listed"],
    location,
    measuredSize,
    layer: 2,
  };
}

Deno.test("listPackages() breaks size ties by name, then location, and counts bytes from the inventory", () => {
  const inventory: PackageInventory = {
    packages: [
      scanned("b", 10),
      scanned("a", 10, "/y/node_modules/a"),
      scanned("big", 500),
      scanned("a", 10, "/x/node_modules/a"),
      scanned("zero", 0),
    ],
    errors: [{ ecosystem: "npm", path: "/p/package.json", message: "m" }],
    owners: new Map(),
    ownedBytes: 530,
    fileBytes: 2000,
    layerOf: () => undefined,
  };
  const list = listPackages(inventory);
  assert.deepEqual(
    list.packages.map((p) => `${p.name} ${p.measuredSize} ${p.location}`),
    [
      "big 500 /db/big",
      "a 10 /x/node_modules/a",
      "a 10 /y/node_modules/a",
      "b 10 /db/b",
      "zero 0 /db/zero",
    ],
  );
  assert.deepEqual(
    [list.count, list.ownedBytes, list.unownedBytes],
    [5, 530, 1470],
  );
  assert.deepEqual(list.ecosystems, ["npm"]);
  assert.deepEqual(list.errors, inventory.errors);
  // The list shows no files or source: only what inspect prints.
  assert.deepEqual(Object.keys(list.packages[0]).sort(), [
    "arch",
    "ecosystem",
    "installedSize",
    "layer",
    "location",
    "measuredSize",
    "name",
    "version",
  ]);
  assert.equal(
    inventory.packages[0].name,
    "b",
    "the inventory is not sorted in place",
  );
});

Deno.test("listPackages() of an image without packages is empty, all bytes unowned", () => {
  const list = listPackages({
    packages: [],
    errors: [],
    owners: new Map(),
    ownedBytes: 0,
    fileBytes: 42,
    layerOf: () => undefined,
  });
  assert.deepEqual(list, {
    ecosystems: [],
    count: 0,
    ownedBytes: 0,
    unownedBytes: 42,
    packages: [],
    errors: [],
  });
});
