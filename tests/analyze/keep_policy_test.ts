/**
 * keepPolicy(): how many bytes of each path a run keeps (package
 * databases up to 64 MiB, `--content` files up to their limit, the larger
 * of both for a path that is both), and the one budget all layers of both
 * images share, shown on real archives read by openImages().
 */
import assert from "@std/assert";
import {
  CONTENT_FILE_LIMIT,
  KEEP_BUDGET,
  keepPolicy,
  PACKAGE_FILE_LIMIT,
} from "../../mod/analyze/keep_policy.ts";
import { openImages } from "../../mod/image/open_images.ts";
import { writeImage } from "../fixtures/image_builder.ts";
import { file, type TarSpec } from "../fixtures/tar_builder.ts";

const PACKAGE_FILES = [
  "/var/lib/dpkg/status",
  "/var/lib/dpkg/status.d/base-files",
  "/var/lib/dpkg/info/zlib1g:amd64.list",
  "/lib/apk/db/installed",
  "/var/lib/rpm/rpmdb.sqlite",
  "/usr/lib/sysimage/rpm/rpmdb.sqlite-wal",
  "/usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA",
  "/usr/lib/python3/dist-packages/six-1.16.0.dist-info/RECORD",
  "/app/node_modules/@scope/b/package.json",
];
const OTHER_FILES = [
  "/etc/hosts",
  "/var/lib/dpkg/status-old",
  "/var/lib/dpkg/info/zlib1g:amd64.md5sums",
  "/var/lib/rpm/Packages",
  "/app/package.json",
  "/usr/lib/python3/dist-packages/six-1.16.0.dist-info/WHEEL",
];

Deno.test("keepPolicy() keeps up to 64 MiB of each package database and nothing of other files", () => {
  assert.equal(PACKAGE_FILE_LIMIT, 64 * 1024 * 1024);
  const policy = keepPolicy();
  for (const path of PACKAGE_FILES) {
    assert.equal(policy.limit(path), PACKAGE_FILE_LIMIT, path);
  }
  for (const path of OTHER_FILES) assert.equal(policy.limit(path), 0, path);
});

Deno.test("keepPolicy() keeps content files up to contentLimit, 256 KiB by default", () => {
  assert.equal(CONTENT_FILE_LIMIT, 256 * 1024);
  const content = (path: string) => path.startsWith("/etc/");
  assert.equal(keepPolicy({ content }).limit("/etc/hosts"), CONTENT_FILE_LIMIT);
  const small = keepPolicy({ content, contentLimit: 10 });
  assert.equal(small.limit("/etc/hosts"), 10);
  assert.equal(small.limit("/srv/hosts"), 0);
  assert.equal(small.limit("/var/lib/dpkg/status"), PACKAGE_FILE_LIMIT);
});

Deno.test("keepPolicy() keeps a path both a package database and a content file to the larger limit", () => {
  const content = (path: string) => path.startsWith("/var/lib/dpkg/");
  const status = "/var/lib/dpkg/status";
  assert.equal(
    keepPolicy({ content, contentLimit: 10 }).limit(status),
    PACKAGE_FILE_LIMIT,
  );
  assert.equal(
    keepPolicy({ content, contentLimit: 100 << 20 }).limit(status),
    100 << 20,
  );
});

Deno.test("keepPolicy({ packages: false }) keeps no package database, content files still", () => {
  const policy = keepPolicy({
    packages: false,
    content: (path) => path === "/var/lib/dpkg/status" || path === "/etc/hosts",
    contentLimit: 99,
  });
  for (
    const path of PACKAGE_FILES.filter((p) => p !== "/var/lib/dpkg/status")
  ) {
    assert.equal(policy.limit(path), 0, path);
  }
  assert.equal(policy.limit("/var/lib/dpkg/status"), 99);
  assert.equal(policy.limit("/etc/hosts"), 99);
  assert.equal(
    keepPolicy({ packages: true }).limit("/lib/apk/db/installed"),
    PACKAGE_FILE_LIMIT,
  );
});

Deno.test("keepPolicy() budgets 256 MiB by default, or the budget given, taken only when it fits", () => {
  assert.equal(KEEP_BUDGET, 256 * 1024 * 1024);
  const fresh = keepPolicy().budget;
  assert.equal(fresh.take(KEEP_BUDGET + 1), false);
  assert.equal(fresh.take(KEEP_BUDGET), true);
  assert.equal(fresh.take(1), false);
  const given = keepPolicy({ budget: 10 }).budget;
  assert.equal(given.take(11), false, "a refused take takes nothing");
  assert.equal(given.take(6), true);
  assert.equal(given.take(5), false);
  assert.equal(given.take(4), true);
  assert.equal(given.take(0), true);
  assert.equal(given.take(1), false);
  assert.notEqual(keepPolicy().budget, keepPolicy().budget, "one per policy");
});

const work = await Deno.makeTempDir({ prefix: "layerdiff-keep-" });
globalThis.addEventListener("unload", () => {
  Deno.removeSync(work, { recursive: true });
});

let images = 0;
/** Opens two single-image archives with one policy, one layer at a time. */
async function openPair(
  a: TarSpec[][],
  b: TarSpec[][],
  keep: ReturnType<typeof keepPolicy>,
) {
  const paths = [`${work}/a${images}.tar`, `${work}/b${images++}.tar`];
  await writeImage(paths[0], "oci-archive", { layers: a });
  await writeImage(paths[1], "oci-archive", { layers: b });
  return await openImages(paths[0], paths[1], { keep, concurrency: 1 });
}

const STATUS = "/var/lib/dpkg/status";
const APK = "/lib/apk/db/installed";

Deno.test("keepPolicy()'s budget is shared by every layer of both images of a run", async () => {
  const status = file(STATUS.slice(1), "s".repeat(600));
  const apk = file(APK.slice(1), "a".repeat(400));
  const hosts = file("etc/hosts", "h".repeat(300));
  const content = (path: string) => path === "/etc/hosts";

  const [a, b] = await openPair(
    [[status]],
    [[apk], [hosts]],
    keepPolicy({
      content,
      budget: 1000,
    }),
  );
  assert.equal(a.indexes[0].kept?.get(STATUS)?.length, 600);
  assert.equal(b.indexes[0].kept?.get(APK)?.length, 400);
  assert.equal(b.indexes[1].kept?.has("/etc/hosts") ?? false, false);
  assert.equal(b.indexes[1].notKept?.get("/etc/hosts"), "budget");

  const [, roomy] = await openPair(
    [[status]],
    [[apk], [hosts]],
    keepPolicy({
      content,
      budget: 1300,
    }),
  );
  assert.equal(
    new TextDecoder().decode(roomy.indexes[1].kept?.get("/etc/hosts")),
    "h".repeat(300),
  );
  assert.equal(roomy.indexes[1].notKept, undefined);
});

Deno.test("keepPolicy()'s budget pays once for a layer both images hold", async () => {
  const status = file(STATUS.slice(1), "s".repeat(600));
  const [a, b] = await openPair(
    [[status]],
    [[status], [file("srv/x", "x")]],
    keepPolicy({ budget: 600 }),
  );
  assert.equal(a.indexes[0], b.indexes[0], "read once");
  assert.equal(b.indexes[0].kept?.get(STATUS)?.length, 600);
  assert.equal(b.indexes[0].notKept, undefined);
});

Deno.test("keepPolicy() notes a file over its limit as too-large before the budget is asked", async () => {
  const hosts = file("etc/hosts", "h".repeat(300));
  const status = file(STATUS.slice(1), "s".repeat(100));
  const [a] = await openPair(
    [[hosts, status]],
    [[file("srv/x", "x")]],
    keepPolicy({
      content: (path) => path === "/etc/hosts",
      contentLimit: 299,
      budget: 100,
    }),
  );
  assert.equal(a.indexes[0].notKept?.get("/etc/hosts"), "too-large");
  // The refused file took nothing: the status after it still fits.
  assert.equal(a.indexes[0].kept?.get(STATUS)?.length, 100);
});
