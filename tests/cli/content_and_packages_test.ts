/**
 * `layerdiff diff --content GLOB --content-limit SIZE`, the `packages`
 * section of `diff` and `inspect`, and the warnings for a package database
 * that cannot be read, through the real command line: on the demo images
 * testdata/app-v1.tar → app-v2.tar (v2 rewrites /etc/app/config.yaml,
 * installs curl and libcurl4 and upgrades zlib1g) and on OCI archives built
 * here with a broken dpkg status and a garbage apk db.
 */
import assert from "@std/assert";
import { keepPolicy } from "../../mod/analyze/keep_policy.ts";
import { scanPackages } from "../../mod/analyze/packages/scan_packages.ts";
import { traceImage } from "../../mod/analyze/trace_layers.ts";
import { keepOptions } from "../../mod/cli/content_args.ts";
import { openImage } from "../../mod/image/open_images.ts";
import { keptContent } from "../../mod/merge/kept_content.ts";
import { commandExists, runCommand } from "../conformance/run_command.ts";
import { writeImage } from "../fixtures/image_builder.ts";
import { dir, file } from "../fixtures/tar_builder.ts";
import {
  assertOneErrorLine,
  layerdiff,
  type Outcome,
} from "../reliability/cli_harness.ts";

const testdata = new URL("../../testdata/", import.meta.url).pathname;
const v1 = `${testdata}app-v1.tar`;
const v2 = `${testdata}app-v2.tar`;
const tmp = await Deno.makeTempDir({ prefix: "layerdiff-content-packages-" });
const CONFIG = "/etc/app/config.yaml";

function lines(outcome: Outcome): string[] {
  return outcome.stdout.trimEnd().split("\n");
}

/** The unindented lines: the headings of the blocks printed. */
function headings(outcome: Outcome): string[] {
  return lines(outcome).filter((line) => /^\S/.test(line));
}

/** The demo's change of /etc/app/config.yaml, from `diff --json`. */
const configChange = JSON.parse(
  (await layerdiff([v1, v2, "--section", "changes", "--json"])).stdout,
).changes.find((change: { path: string }) => change.path === CONFIG);

// --- --content ----------------------------------------------------------

/** The lines `layerdiff --content` prints for config.yaml. */
const CONFIG_DIFF = [
  "Content of changed files (1)",
  "  --- a/etc/app/config.yaml",
  "  +++ b/etc/app/config.yaml",
  "  @@ -1,2 +1,3 @@",
  "   listen: :8080",
  "  -log: info",
  "  +log: debug",
  "  +metrics: true",
];

Deno.test("layerdiff diff --content '/etc/**' prints the unified diff of /etc/app/config.yaml after the change list", async () => {
  const result = await layerdiff([v1, v2, "--content", "/etc/**"]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, "");
  const out = lines(result);
  const changes = out.indexOf("Changes (22)");
  const content = out.indexOf(CONFIG_DIFF[0]);
  assert.ok(changes >= 0 && content > changes, "content after the changes");
  assert.deepEqual(out.slice(content), CONFIG_DIFF);
  assert.equal(out[content - 1], "", "a blank line before the block");

  const plain = await layerdiff([v1, v2]);
  assert.deepEqual(lines(plain), out.slice(0, content - 1));
});

Deno.test({
  name:
    "layerdiff diff --content prints the hunk GNU diff -u prints for the files GNU tar extracts",
  ignore: !(await commandExists("tar") && await commandExists("diff")),
  async fn() {
    const extract = async (archive: string, layer: number, side: string) => {
      const work = `${tmp}/${side}`;
      await Deno.mkdir(work, { recursive: true });
      const [manifest] = JSON.parse(
        await runCommand("tar", ["-xOf", archive, "manifest.json"]),
      );
      const member: string = manifest.Layers[layer];
      await runCommand("tar", ["-xf", archive, "-C", work, member]);
      await runCommand("tar", [
        "-xf",
        `${work}/${member}`,
        "-C",
        work,
        CONFIG.slice(1),
      ]);
      return `${work}${CONFIG}`;
    };
    const before = await extract(v1, configChange.a.layer, "a");
    const after = await extract(v2, configChange.b.layer, "b");
    const gnu = await new Deno.Command("diff", {
      args: ["-u", before, after],
      stdout: "piped",
    }).output();
    assert.equal(gnu.code, 1, "the files differ");
    const hunk = new TextDecoder().decode(gnu.stdout).trimEnd().split("\n")
      .slice(2);
    const result = await layerdiff([v1, v2, "--content", "/etc/**"]);
    assert.deepEqual(
      lines(result).slice(-hunk.length),
      hunk.map((line) => `  ${line}`),
    );
  },
});

Deno.test("layerdiff diff --content-limit 10B says the file is not shown instead of its diff", async () => {
  const result = await layerdiff([
    v1,
    v2,
    "--content",
    "/etc/**",
    "--content-limit",
    "10B",
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(lines(result).slice(-2), [
    "Content of changed files (1)",
    `  ${CONFIG}: not shown: over the 10 B limit of --content-limit (24 B → 39 B)`,
  ]);
});

Deno.test("layerdiff diff --content-limit shows a file at exactly its larger side's size and not one byte below", async () => {
  const larger = Math.max(configChange.a.size, configChange.b.size);
  const at = await layerdiff([
    v1,
    v2,
    "--section",
    "changes",
    "--content",
    "/etc/**",
    "--content-limit",
    `${larger}B`,
  ]);
  assert.deepEqual(lines(at).slice(-CONFIG_DIFF.length), CONFIG_DIFF);
  const below = await layerdiff([
    v1,
    v2,
    "--section",
    "changes",
    "--content",
    "/etc/**",
    "--content-limit",
    String(larger - 1),
  ]);
  assert.equal(
    lines(below).at(-1),
    `  ${CONFIG}: not shown: over the ${
      larger - 1
    } B limit of --content-limit (${configChange.a.size} B → ${configChange.b.size} B)`,
  );
});

Deno.test("layerdiff diff rejects an empty --content glob and a bad --content-limit (exit 2)", async () => {
  assert.match(
    assertOneErrorLine(await layerdiff([v1, v2, "--content", ""])),
    /invalid glob "": empty/,
  );
  assert.match(
    assertOneErrorLine(
      await layerdiff([
        v1,
        v2,
        "--content",
        "/etc/**",
        "--content-limit",
        "lots",
      ]),
    ),
    /--content-limit: invalid size "lots"/,
  );
});

// --- the packages section ------------------------------------------------

Deno.test("layerdiff diff --section packages prints only the Packages block", async () => {
  const result = await layerdiff([v1, v2, "--section", "packages"]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, "");
  assert.deepEqual(headings(result), ["Packages"]);
  const out = lines(result);
  assert.deepEqual(out.slice(0, 3), [
    "Packages",
    "  dpkg: 2 → 4 packages, 2 added, 1 upgraded",
    "  packages explain +50.2 kB of the +50.7 kB change in file bytes; +446 B in files no package owns",
  ]);
  assert.match(
    out[4],
    /^ {2}\+ {2}curl {6}- +7\.88\.1-10\+deb12u8 +\+12\.3 kB/,
  );
  assert.match(
    out[5],
    /^ {2}\+ {2}libcurl4 {2}- +7\.88\.1-10\+deb12u8 +\+36\.9 kB/,
  );
  assert.match(
    out[6],
    /^ {2}↑ {2}zlib1g +1:1\.2\.13\.dfsg-1 +1:1\.3\.dfsg-3 +\+1\.1 kB/,
  );
});

Deno.test("layerdiff diff --section files keeps no package database: no packages in the report", async () => {
  const json = JSON.parse(
    (await layerdiff([v1, v2, "--section", "files", "--json"])).stdout,
  );
  assert.deepEqual(json.report.sections, ["files"]);
  assert.equal("packages" in json.report, false);
  const text = await layerdiff([v1, v2, "--section", "files"]);
  assert.deepEqual(headings(text), ["Largest added and grown files"]);
  const inspect = JSON.parse(
    (await layerdiff(["inspect", v2, "--section", "files", "--json"])).stdout,
  );
  assert.equal("packages" in inspect.report, false);
});

Deno.test("keepOptions() of --section files makes openImage keep no dpkg status, and of every section keeps it", async () => {
  const status = async (sections: ["files"] | undefined) => {
    const image = await openImage(v2, {
      keep: keepPolicy(keepOptions(sections)),
    });
    const fs = traceImage(image).fs;
    return {
      kept: keptContent(image.indexes, fs.get("/var/lib/dpkg/status")!),
      inventory: scanPackages(image.indexes, fs),
    };
  };
  const without = await status(["files"]);
  assert.equal(without.kept, undefined);
  assert.deepEqual(without.inventory.packages, []);
  const all = await status(undefined);
  assert.ok(all.kept instanceof Uint8Array);
  assert.equal(all.inventory.packages.length, 4);
});

Deno.test("layerdiff inspect --section packages lists the 4 packages of app-v2 largest first", async () => {
  const result = await layerdiff(["inspect", v2, "--section", "packages"]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(headings(result), ["Packages"]);
  const out = lines(result);
  assert.equal(
    out[1],
    "  dpkg: 4 packages own 76.8 kB; 1.1 kB in files no package owns",
  );
  assert.match(out[2], /^ +SIZE +INSTALLED +PACKAGE +VERSION +LAYER$/);
  const rows = out.slice(3).map((line) => line.trim().split(/\s+/));
  const json = JSON.parse(
    (await layerdiff(["inspect", v2, "--section", "packages", "--json"]))
      .stdout,
  ).report.packages.packages as { name: string; measuredSize: number }[];
  const largestFirst = [...json].sort((x, y) => y.measuredSize - x.measuredSize)
    .map((pkg) => pkg.name);
  assert.deepEqual(largestFirst, ["libcurl4", "libc6", "curl", "zlib1g"]);
  assert.deepEqual(rows.map((row) => row[4]), largestFirst);
  assert.deepEqual(rows.map((row) => `${row[0]} ${row[1]}`), [
    "36.9 kB",
    "20.5 kB",
    "12.3 kB",
    "7.2 kB",
  ]);
});

Deno.test("layerdiff inspect --section packages --top 2 shows 2 rows and counts the rest", async () => {
  const result = await layerdiff([
    "inspect",
    v2,
    "--section",
    "packages",
    "--top",
    "2",
  ]);
  assert.equal(result.code, 0, result.stderr);
  const out = lines(result);
  assert.equal(out.length, 6, result.stdout);
  assert.deepEqual(
    out.slice(3, 5).map((line) => line.trim().split(/\s+/)[4]),
    ["libcurl4", "libc6"],
  );
  assert.equal(out[5], "  … 2 more packages (see --top and --json)");
});

// --- unreadable package databases ------------------------------------------

const broken = { a: `${tmp}/garbage-apk.tar`, b: `${tmp}/broken-dpkg.tar` };
await writeImage(broken.a, "oci-archive", {
  tag: "broken:a",
  layers: [[
    dir("etc"),
    file("etc/os-release", "ID=alpine\n"),
    dir("lib/apk/db"),
    file(
      "lib/apk/db/installed",
      new Uint8Array([0xff, 0x00, 0x13, 0x37, 0x0a, 0x50, 0x51, 0xfe]),
    ),
  ]],
});
await writeImage(broken.b, "oci-archive", {
  tag: "broken:b",
  layers: [[
    dir("etc"),
    file("etc/os-release", "ID=debian\n"),
    dir("var/lib/dpkg"),
    file(
      "var/lib/dpkg/status",
      [
        "Package: zlib1g",
        "Status: install ok installed",
        "Architecture: amd64",
        "Version: 1:1.3.dfsg-3",
        "",
        "Package: noversion",
        "Status: install ok installed",
        "Architecture: amd64",
        "",
      ].join("\n"),
    ),
  ]],
});
const APK_WARNING =
  "/lib/apk/db/installed: package at line 1 has no P (name) line; skipped";
const DPKG_WARNING =
  "/var/lib/dpkg/status: stanza at line 6 has no Version field; skipped";

Deno.test("layerdiff diff warns on stderr of each unreadable package database and prints the rest of the report (exit 0)", async () => {
  const result = await layerdiff([broken.a, broken.b]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stderr,
    `layerdiff: warning: A: ${APK_WARNING}\nlayerdiff: warning: B: ${DPKG_WARNING}\n`,
  );
  const out = lines(result);
  assert.ok(out[0].startsWith("A  broken:a  "), out[0]);
  assert.deepEqual(headings(result).slice(2), [
    "Layers of A",
    "Layers of B",
    "Bloat",
    "Size by directory (depth 3)",
    "Largest added and grown files",
    "Packages",
    "Changes (9)",
  ]);
  assert.ok(out.includes("  dpkg: 0 → 1 packages, 1 added"), result.stdout);
  assert.ok(out.some((line) => /^ {2}\+ {2}zlib1g /.test(line)));
});

Deno.test("layerdiff diff --json lists unreadable package databases in report.packages.errors and keeps stdout valid JSON", async () => {
  const result = await layerdiff([broken.a, broken.b, "--json"]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr.split("\n").length, 3, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.deepEqual(json.report.packages.errors, [
    {
      image: "a",
      ecosystem: "apk",
      path: "/lib/apk/db/installed",
      message: "package at line 1 has no P (name) line; skipped",
    },
    {
      image: "b",
      ecosystem: "dpkg",
      path: "/var/lib/dpkg/status",
      message: "stanza at line 6 has no Version field; skipped",
    },
  ]);
  assert.deepEqual(
    json.report.packages.changes.map((c: { name: string }) => c.name),
    ["zlib1g"],
  );
  assert.ok(json.changes.length > 0);
});

Deno.test("layerdiff inspect warns of an unreadable package database without an image letter", async () => {
  const result = await layerdiff([
    "inspect",
    broken.b,
    "--section",
    "packages",
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, `layerdiff: warning: ${DPKG_WARNING}\n`);
  const json = JSON.parse(
    (await layerdiff(["inspect", broken.b, "--json"])).stdout,
  );
  assert.deepEqual(json.report.packages.errors, [
    {
      ecosystem: "dpkg",
      path: "/var/lib/dpkg/status",
      message: "stanza at line 6 has no Version field; skipped",
    },
  ]);
  assert.deepEqual(
    json.report.packages.packages.map((p: { name: string }) => p.name),
    ["zlib1g"],
  );
});

Deno.test("layerdiff diff without the packages section reads no database and warns of none", async () => {
  const result = await layerdiff([broken.a, broken.b, "--section", "files"]);
  assert.equal(result.code, 0);
  assert.equal(result.stderr, "");
});
