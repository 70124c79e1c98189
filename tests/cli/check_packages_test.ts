/**
 * The package rules of `layerdiff check` through the real command line, on
 * the demo images testdata/app-v1.tar → app-v2.tar (v2 installs the dpkg
 * packages curl and libcurl4 and upgrades zlib1g, all in layer 1): the
 * `--deny-package` and `--max-package-growth` flags, the `deny-package` and
 * `max-package-growth` config keys, and the verdict's package offenders.
 */
import assert from "@std/assert";
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
const tmp = await Deno.makeTempDir({ prefix: "layerdiff-check-packages-" });

const CURL = "7.88.1-10+deb12u8";
const ZLIB = "1:1.3.dfsg-3";

/** The demo's package section, as `diff --section packages --json` reports it. */
const packages = JSON.parse(
  (await layerdiff([v1, v2, "--section", "packages", "--json"])).stdout,
).report.packages;
/** Bytes the files of v2's packages grew by over v1's. */
const growth: number = packages.growth.packages;

interface Rule {
  rule: string;
  passed: boolean;
  nearLimit: boolean;
  measured: number;
  limit: number;
  offenders?: {
    path: string;
    layer: number;
    size?: number;
    package?: { ecosystem: string; name: string; version: string };
    pattern?: string;
  }[];
  offenderCount?: number;
}

/** Runs `check v2 FLAGS --json` and returns the rules of the verdict. */
async function checkJson(
  flags: string[],
): Promise<Outcome & { rules: Rule[] }> {
  const outcome = await layerdiff(["check", v2, ...flags, "--json"]);
  assert.equal(outcome.stderr, "", outcome.stderr);
  return { ...outcome, rules: JSON.parse(outcome.stdout).rules };
}

/** Writes a config file with `text` and returns its path. */
async function config(name: string, text: string): Promise<string> {
  const path = `${tmp}/${name}`;
  await Deno.writeTextFile(path, text);
  return path;
}

function lines(outcome: Outcome): string[] {
  return outcome.stdout.trimEnd().split("\n");
}

Deno.test("the demo's package growth is what its package changes add up to", () => {
  assert.deepEqual(packages.errors, []);
  assert.ok(growth > 0, String(growth));
  assert.equal(growth, packages.b.ownedBytes - packages.a.ownedBytes);
  assert.equal(
    growth,
    packages.changes.reduce(
      (total: number, change: { measuredSizeDelta: number }) =>
        total + change.measuredSizeDelta,
      0,
    ),
  );
});

Deno.test("layerdiff check --deny-package '*curl*' exits 1 and names curl and libcurl4 with version and layer", async () => {
  const result = await layerdiff(["check", v2, "--deny-package", "*curl*"]);
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stderr, "");
  assert.deepEqual(lines(result).slice(1), [
    `FAIL  deny-package  2 denied packages are installed: curl ${CURL} 12.3 kB (layer 1, matches *curl*), libcurl4 ${CURL} 36.9 kB (layer 1, matches *curl*)`,
    "failed: 1 of 1 rule",
  ]);
});

Deno.test("layerdiff check --deny-package 'curl*' denies curl only: a glob covers the whole name", async () => {
  const result = await layerdiff(["check", v2, "--deny-package", "curl*"]);
  assert.equal(result.code, 1, result.stderr);
  assert.equal(
    lines(result)[1],
    `FAIL  deny-package  1 denied package is installed: curl ${CURL} 12.3 kB (layer 1, matches curl*)`,
  );
});

Deno.test("layerdiff check --deny-package gcc exits 0: no package is named gcc", async () => {
  const result = await layerdiff(["check", v2, "--deny-package", "gcc"]);
  assert.equal(result.code, 0, result.stdout);
  assert.equal(result.stderr, "");
  assert.deepEqual(lines(result).slice(1), [
    "PASS  deny-package  no denied package is installed",
    "passed: 1 rule",
  ]);
});

Deno.test("layerdiff check --max-package-growth passes at exactly the measured growth", async () => {
  const result = await checkJson([
    "--base",
    v1,
    "--max-package-growth",
    `${growth}B`,
  ]);
  assert.equal(result.code, 0, result.stdout);
  assert.deepEqual(
    result.rules.map((
      r,
    ) => [r.rule, r.passed, r.nearLimit, r.measured, r.limit]),
    [["max-package-growth", true, true, growth, growth]],
  );
  assert.deepEqual(
    [result.rules[0].offenders, result.rules[0].offenderCount],
    [[], 0],
  );
});

Deno.test("layerdiff check --max-package-growth fails one byte below and names the packages that grew most", async () => {
  const limit = growth - 1;
  const json = await checkJson([
    "--base",
    v1,
    "--max-package-growth",
    `${limit}B`,
  ]);
  assert.equal(json.code, 1, json.stdout);
  assert.deepEqual(
    json.rules.map((r) => [r.rule, r.passed, r.measured, r.limit]),
    [["max-package-growth", false, growth, limit]],
  );
  const text = await layerdiff([
    "check",
    v2,
    "--base",
    v1,
    "--max-package-growth",
    String(limit),
  ]);
  assert.equal(text.code, 1);
  assert.deepEqual(lines(text).slice(1), [
    `FAIL  max-package-growth  growth of package files (uncompressed) ${growth} B: over the limit of ${limit} B; grown most: libcurl4 ${CURL} 36.9 kB (layer 1), curl ${CURL} 12.3 kB (layer 1), zlib1g ${ZLIB} 1.1 kB (layer 1)`,
    "failed: 1 of 1 rule",
  ]);
});

Deno.test("layerdiff check --max-package-growth without --base is a usage error (exit 2)", async () => {
  const line = assertOneErrorLine(
    await layerdiff(["check", v2, "--max-package-growth", "1MB"]),
  );
  assert.equal(
    line,
    "layerdiff: max-package-growth needs a base image: add --base BASE",
  );
  const fromConfig = await config("growth.yml", "max-package-growth: 1MB\n");
  assert.equal(
    assertOneErrorLine(await layerdiff(["check", v2, "--config", fromConfig])),
    line,
  );
});

Deno.test("layerdiff check --max-package-growth takes a size, not a percent", async () => {
  const line = assertOneErrorLine(
    await layerdiff(["check", v2, "--base", v1, "--max-package-growth", "5%"]),
  );
  assert.match(line, /^layerdiff: --max-package-growth: invalid size "5%"/);
});

Deno.test("layerdiff check reads deny-package and max-package-growth from the config file", async () => {
  const path = await config(
    "packages.yml",
    `deny-package: ["zlib*", "*-dev"]\nmax-package-growth: ${growth}B\n`,
  );
  const result = await checkJson(["--base", v1, "--config", path]);
  assert.equal(result.code, 1);
  assert.deepEqual(
    result.rules.map((r) => [r.rule, r.passed, r.measured, r.limit]),
    [["deny-package", false, 1, 0], [
      "max-package-growth",
      true,
      growth,
      growth,
    ]],
  );
  assert.deepEqual(
    result.rules[0].offenders!.map((o) => [o.package!.name, o.pattern]),
    [["zlib1g", "zlib*"]],
  );
});

Deno.test("layerdiff check adds the flags' deny-package globs to the config's and lets a flag's max-package-growth replace the config's", async () => {
  const path = await config(
    "override.yml",
    "deny-package: zlib*\nmax-package-growth: 1B\n",
  );
  const result = await checkJson([
    "--base",
    v1,
    "--config",
    path,
    "--deny-package",
    "*curl*",
    "--max-package-growth",
    String(growth),
  ]);
  assert.equal(result.code, 1);
  const [deny, maxGrowth] = result.rules;
  assert.deepEqual(
    deny.offenders!.map((o) => [o.package!.name, o.pattern]),
    [["curl", "*curl*"], ["libcurl4", "*curl*"], ["zlib1g", "zlib*"]],
  );
  assert.deepEqual(
    [maxGrowth.rule, maxGrowth.passed, maxGrowth.limit],
    ["max-package-growth", true, growth],
  );
});

Deno.test("layerdiff check --json gives package offenders their ecosystem, name and version", async () => {
  const result = await checkJson([
    "--base",
    v1,
    "--deny-package",
    "*curl*",
    "--max-package-growth",
    "0",
  ]);
  assert.equal(result.code, 1);
  const offenders = (rule: Rule) =>
    rule.offenders!.map(({ path, layer, package: pkg }) => ({
      path,
      layer,
      package: pkg,
    }));
  const dpkg = (name: string, version: string) => ({
    path: "/var/lib/dpkg/status",
    layer: 1,
    package: { ecosystem: "dpkg", name, version },
  });
  assert.deepEqual(offenders(result.rules[0]), [
    dpkg("curl", CURL),
    dpkg("libcurl4", CURL),
  ]);
  assert.deepEqual(offenders(result.rules[1]), [
    dpkg("libcurl4", CURL),
    dpkg("curl", CURL),
    dpkg("zlib1g", ZLIB),
  ]);
  assert.deepEqual(
    result.rules[1].offenders!.map((o) => o.size),
    packages.changes
      .map((c: { measuredSizeDelta: number }) => c.measuredSizeDelta)
      .sort((x: number, y: number) => y - x),
  );
});

Deno.test("layerdiff check --help lists --deny-package and --max-package-growth", async () => {
  const result = await layerdiff(["check", "--help"]);
  assert.equal(result.code, 0);
  assert.match(
    result.stdout,
    /\n {2}--deny-package <glob> +fail when an installed package's name matches/,
  );
  assert.match(
    result.stdout,
    /\n {2}--max-package-growth <size> +largest growth of the files packages own/,
  );
});

Deno.test({
  name:
    "layerdiff check warns on stderr when a package database cannot be read",
  async fn() {
    const image = `${tmp}/broken.tar`;
    await writeImage(image, "oci-archive", {
      tag: "broken:1",
      layers: [[
        dir("var/lib/dpkg"),
        file(
          "var/lib/dpkg/status",
          "Package: broken\nStatus: install ok installed\nArchitecture: amd64\n",
        ),
      ]],
    });
    const result = await layerdiff([
      "check",
      image,
      "--deny-package",
      "broken",
    ]);
    assert.equal(
      result.stderr,
      "layerdiff: warning: HEAD: /var/lib/dpkg/status: stanza at line 1 has no Version field; skipped\n",
    );
  },
});
