/**
 * The package diff of a Debian pair built by umoci from real dpkg databases
 * (testdata/packages/dpkg: a debootstrap minbase excerpt; dpkg-b: the same
 * tree after `dpkg -i jq libjq1 libonig5` and `dpkg --purge logsave`) equals
 * what `dpkg-query` says of the two trees `umoci unpack` makes, and each
 * package's measured size equals the bytes of its listed files on disk.
 */
import assert from "@std/assert";
import { join } from "node:path";
import { keepPolicy } from "../../../mod/analyze/keep_policy.ts";
import { buildDiffReport } from "../../../mod/analyze/report.ts";
import { openImages } from "../../../mod/image/open_images.ts";
import { commandExists, runCommand } from "../../conformance/run_command.ts";
import { withTempDir } from "../../conformance/temp_dir.ts";
import {
  buildImage,
  conformanceSkipReason,
  exportImage,
  type LayerOp,
  unpackRootfs,
} from "../../conformance/umoci_image.ts";

const testdata = new URL("../../../testdata/packages/", import.meta.url)
  .pathname;
const skipReason = (await conformanceSkipReason()) ??
  (await commandExists("dpkg-query") ? undefined : "dpkg-query is missing");
if (skipReason) console.log(`SKIPPING realistic dpkg pair: ${skipReason}`);

/** Every file of an excerpt's var/lib/dpkg, as ops at /var/lib/dpkg. */
async function databaseOps(excerpt: string): Promise<LayerOp[]> {
  const root = join(testdata, excerpt, "var/lib/dpkg");
  const ops: LayerOp[] = [];
  for (const name of ["status", ...await names(join(root, "info"))]) {
    ops.push({
      op: "file",
      path: `/var/lib/dpkg/${name}`,
      content: await Deno.readTextFile(join(root, name)),
    });
  }
  return ops;
}

async function names(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) found.push(`info/${entry.name}`);
  return found.sort();
}

/** The paths an excerpt's .list files name. */
async function listed(excerpt: string): Promise<Set<string>> {
  const info = join(testdata, excerpt, "var/lib/dpkg/info");
  const paths = new Set<string>();
  for await (const entry of Deno.readDir(info)) {
    if (!entry.name.endsWith(".list")) continue;
    const text = await Deno.readTextFile(join(info, entry.name));
    for (const line of text.split("\n")) {
      if (line !== "" && line !== "/.") paths.add(line);
    }
  }
  return paths;
}

/**
 * The files each excerpt lists: the listed paths that neither excerpt
 * lists anything below (nor holds its database below).
 */
async function listedFiles(): Promise<{ a: string[]; b: string[] }> {
  const [a, b] = [await listed("dpkg"), await listed("dpkg-b")];
  const dirs = new Set<string>();
  for (const path of [...a, ...b, "/var/lib/dpkg/info/x"]) {
    for (let i = path.indexOf("/", 1); i > 0; i = path.indexOf("/", i + 1)) {
      dirs.add(path.slice(0, i));
    }
  }
  const files = (paths: Set<string>) =>
    [...paths].filter((path) => !dirs.has(path)).sort();
  return { a: files(a), b: files(b) };
}

/** Stand-in content of a package file: its path, repeated 1–40 times. */
function content(path: string): string {
  let hash = 0;
  for (const c of path) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return `${path}\n`.repeat(1 + hash % 40);
}

function fileOps(paths: string[]): LayerOp[] {
  return paths.map((path) => ({ op: "file", path, content: content(path) }));
}

/** `name:arch version` of every installed package, as dpkg-query lists them. */
async function installed(rootfs: string): Promise<Map<string, string>> {
  const out = await runCommand("dpkg-query", [
    `--admindir=${rootfs}/var/lib/dpkg`,
    "-W",
    "-f",
    "${db:Status-Status} ${Package} ${Version}\\n",
  ]);
  return new Map(
    out.split("\n").filter((line) => line.startsWith("installed "))
      .map((line) => line.split(" ").slice(1) as [string, string]),
  );
}

/** Bytes of the regular files dpkg-query -L lists for a package, on disk. */
async function listedBytes(rootfs: string, name: string): Promise<number> {
  const out = await runCommand("dpkg-query", [
    `--admindir=${rootfs}/var/lib/dpkg`,
    "-L",
    name,
  ]);
  let bytes = 0;
  for (const path of out.split("\n")) {
    if (path === "" || path === "/.") continue;
    const info = await Deno.lstat(join(rootfs, path)).catch(() => undefined);
    if (info?.isFile) bytes += info.size;
  }
  return bytes;
}

Deno.test({
  name:
    "diffPackages() of a real dpkg pair equals comm of dpkg-query -W on the trees umoci unpacks",
  ignore: skipReason !== undefined,
  fn: () =>
    withTempDir(async (dir) => {
      const { a, b } = await listedFiles();
      const base = {
        createdBy: "debootstrap --variant=minbase bookworm",
        ops: [...fileOps(a), ...await databaseOps("dpkg")],
      };
      const gone = a.filter((path) => !b.includes(path));
      const apt = {
        createdBy: "RUN apt-get install -y jq && dpkg --purge logsave",
        ops: [
          ...gone.map((path): LayerOp => ({ op: "remove", path })),
          ...["logsave.list", "e2fsprogs.list"].map((name): LayerOp => ({
            op: "remove",
            path: `/var/lib/dpkg/info/${name}`,
          })),
          ...fileOps(b.filter((path) => !a.includes(path))),
          ...await databaseOps("dpkg-b"),
        ],
      };
      const layout = join(dir, "oci");
      const imageA = await buildImage(layout, { tag: "a", layers: [base] });
      const imageB = await buildImage(layout, {
        tag: "b",
        layers: [base, apt],
      });
      const [archiveA, archiveB] = [
        await exportImage(imageA, "docker-archive", { dir }),
        await exportImage(imageB, "oci-archive", { dir }),
      ];
      const [openedA, openedB] = await openImages(archiveA, archiveB, {
        keep: keepPolicy(),
      });
      const packages = buildDiffReport(openedA, openedB, {
        sections: ["packages"],
      }).report.packages!;
      assert.deepEqual(packages.errors, []);

      const before = await installed(
        await unpackRootfs(imageA, join(dir, "ua")),
      );
      const rootB = await unpackRootfs(imageB, join(dir, "ub"));
      const after = await installed(rootB);
      const expected = [
        ...[...before].filter(([name]) => !after.has(name))
          .map(([name, version]) => `removed ${name} ${version} -`),
        ...[...after].filter(([name]) => !before.has(name))
          .map(([name, version]) => `added ${name} - ${version}`),
        ...[...after].filter(([name, v]) =>
          before.has(name) && before.get(name) !== v
        )
          .map(([name, version]) =>
            `changed ${name} ${before.get(name)} ${version}`
          ),
      ].sort();
      const got = packages.changes.map((change) =>
        `${change.change} ${change.name} ${change.a?.version ?? "-"} ${
          change.b?.version ?? "-"
        }`
      ).sort();
      assert.deepEqual(got, expected);
      assert.deepEqual(expected.map((line) => line.split(" ")[1]), [
        "jq",
        "libjq1",
        "libonig5",
        "logsave",
      ]);
      for (const change of packages.changes.filter((c) => c.b)) {
        assert.equal(
          change.b!.measuredSize,
          await listedBytes(rootB, change.name),
          change.name,
        );
        assert.equal(change.layer, 1, change.name);
      }
      const logsave = packages.changes.find((c) => c.name === "logsave")!;
      assert.equal(logsave.layer, 1, "the apt layer rewrote the database");
      assert.equal(packages.a.packages, before.size);
      assert.equal(packages.b.packages, after.size);
    }),
});
