import assert from "@std/assert";
import { layerdiff, type Outcome } from "../fixtures/cli_run.ts";
import { writeDemoPair } from "../fixtures/demo_images.ts";

function assertUsageError(result: Outcome, pattern: RegExp) {
  assert.equal(result.code, 2, result.stdout);
  assert.equal(result.stdout, "");
  assert.equal(result.stderr.split("\n").length, 2, result.stderr);
  assert.match(result.stderr, pattern);
}

const dir = await Deno.makeTempDir();
const { a: base, b: head } = await writeDemoPair(dir);

/** The demo images' facts, read once through --json. */
const facts = JSON.parse(
  (await layerdiff([
    "check",
    head,
    "--base",
    base,
    "--max-layers",
    "9",
    "--json",
  ]))
    .stdout,
);
const headSize: number = facts.images.head.size;
const baseSize: number = facts.images.base.size;

Deno.test("layerdiff check exits 0 when every rule passes and prints each rule", async () => {
  const result = await layerdiff([
    "check",
    head,
    "--base",
    base,
    "--max-size",
    `${headSize}B`,
    "--max-growth",
    String(headSize - baseSize),
    "--max-layers",
    "2",
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, "");
  const lines = result.stdout.trimEnd().split("\n");
  assert.match(
    lines[0],
    /^layerdiff check: demo:v2 \(.*b\.tar\) against demo:v1 \(.*a\.tar\) \(sizes: uncompressed\)$/,
  );
  assert.ok(
    lines[1].startsWith("WARN  max-size    image size (uncompressed) "),
    lines[1],
  );
  assert.ok(
    lines[2].startsWith("WARN  max-growth  growth (uncompressed) +"),
    lines[2],
  );
  assert.equal(lines[3], "WARN  max-layers  layers 2: within the limit of 2");
  assert.equal(lines[4], "passed: 3 rules");
});

Deno.test("layerdiff check exits 1 when a rule fails at one past its limit", async () => {
  const result = await layerdiff([
    "check",
    head,
    "--max-size",
    String(headSize - 1),
  ]);
  assert.equal(result.code, 1);
  assert.match(
    result.stdout,
    new RegExp(
      `FAIL  max-size  image size \\(uncompressed\\) ${headSize} B: over the limit of ${
        headSize - 1
      } B`,
    ),
  );
  assert.match(result.stdout, /failed: 1 of 1 rule\n$/);
});

Deno.test("layerdiff check --size-kind compressed names compressed in its messages", async () => {
  const result = await layerdiff([
    "check",
    head,
    "--size-kind",
    "compressed",
    "--max-size",
    "1GB",
  ]);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /\(sizes: compressed\)/);
  assert.match(result.stdout, /image size \(compressed\)/);
});

Deno.test("layerdiff check --json prints each rule with measured, limit and passed, and the diff summary", async () => {
  const result = await layerdiff([
    "check",
    head,
    "--base",
    base,
    "--max-growth",
    "1%",
    "--deny",
    "/etc/passwd",
    "--json",
  ]);
  assert.equal(result.code, 1);
  const json = JSON.parse(result.stdout);
  assert.equal(json.passed, false);
  assert.deepEqual(
    json.rules.map((
      r: Record<string, unknown>,
    ) => [r.rule, r.passed, r.unit, r.limit]),
    [["max-growth", false, "percent", 1], ["deny", false, "count", 0]],
  );
  assert.equal(
    json.rules[0].measured,
    ((headSize - baseSize) / baseSize) * 100,
  );
  assert.deepEqual(json.rules[1].offenders, [
    { path: "/etc/passwd", layer: 0, pattern: "/etc/passwd" },
  ]);
  assert.deepEqual(
    [json.summary.added, json.summary.removed, json.summary.modified],
    [2, 1, 4],
  );
});

Deno.test("layerdiff check --format markdown prints the Markdown report", async () => {
  const result = await layerdiff([
    "check",
    head,
    "--max-layers",
    "5",
    "--format",
    "markdown",
  ]);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^### ✅ layerdiff check passed: 1 rule\n/);
  assert.match(result.stdout, /\| ✅ pass \| `max-layers` \| 2 \| 5 \|/);
  assert.match(
    result.stdout,
    /\n### layerdiff inspect: `demo:v2`\n/,
    "the inspect report follows",
  );
  const diff = await layerdiff([
    "check",
    head,
    "--base",
    base,
    "--max-layers",
    "5",
    "--format",
    "markdown",
  ]);
  assert.match(
    diff.stdout,
    /\n### layerdiff: `demo:v1` → `demo:v2`\n/,
    "the diff report follows",
  );
});

Deno.test("layerdiff check reads rules from --config and lets flags override them", async () => {
  const config = `${dir}/budget.yml`;
  await Deno.writeTextFile(
    config,
    "max-layers: 1\nrules:\n  lowest-efficiency: 0.1\n",
  );
  const fromFile = await layerdiff([
    "check",
    head,
    "--config",
    config,
    "--json",
  ]);
  assert.equal(fromFile.code, 1);
  const rules = JSON.parse(fromFile.stdout).rules;
  assert.deepEqual(
    rules.map((r: Record<string, unknown>) => [r.rule, r.passed]),
    [["max-layers", false], ["min-efficiency", true]],
  );
  const overridden = await layerdiff([
    "check",
    head,
    "--config",
    config,
    "--max-layers",
    "2",
  ]);
  assert.equal(overridden.code, 0, overridden.stdout);
});

Deno.test("layerdiff check reports config mistakes with exit 2, naming file and key", async () => {
  const config = `${dir}/typo.yml`;
  await Deno.writeTextFile(config, "max-sise: 5MB\n");
  assertUsageError(
    await layerdiff(["check", head, "--config", config]),
    new RegExp(`^layerdiff: ${config}: unknown key "max-sise"\n$`),
  );
  assertUsageError(
    await layerdiff(["check", head, "--config", `${dir}/none.yml`]),
    /none\.yml: cannot read config/,
  );
});

Deno.test("layerdiff check rejects bad limits with exit 2 and a clear message", async () => {
  assertUsageError(
    await layerdiff(["check", head, "--max-size", "5 MBs"]),
    /^layerdiff: --max-size: invalid size "5 MBs": use a number with B, KB, MB, GB \(powers of 1000\) or KiB, MiB, GiB \(powers of 1024\)\n$/,
  );
  assertUsageError(
    await layerdiff(["check", head, "--max-growth", "lots"]),
    /^layerdiff: --max-growth: invalid growth "lots"/,
  );
  assertUsageError(
    await layerdiff(["check", head, "--min-efficiency", "1.5"]),
    /^layerdiff: --min-efficiency: invalid ratio "1\.5"/,
  );
  assertUsageError(
    await layerdiff(["check", head, "--max-layers", "two"]),
    /^layerdiff: --max-layers: invalid count "two"/,
  );
  assertUsageError(
    await layerdiff(["check", head, "--size-kind", "gzip", "--max-size", "1"]),
    /--size-kind/,
  );
});

Deno.test("layerdiff check without a budget, or growth without a base, is a usage error", async () => {
  assertUsageError(
    await layerdiff(["check", head]),
    /^layerdiff: no budget given: set a limit such as --max-size, or --config FILE/,
  );
  assertUsageError(
    await layerdiff(["check", head, "--max-growth", "5%"]),
    /^layerdiff: max-growth needs a base image: add --base BASE\n$/,
  );
  assertUsageError(
    await layerdiff(["check", "-", "--base", "-", "--max-size", "1"]),
    /only one image can come from stdin/,
  );
  assertUsageError(
    await layerdiff(["check", `${dir}/missing.tar`, "--max-size", "1"]),
    /missing\.tar/,
  );
});

Deno.test("layerdiff check reads the head image from stdin", async () => {
  const stdin = (await Deno.open(head)).readable;
  const result = await layerdiff(
    ["check", "-", "--max-layers", "2", "--json"],
    {
      stdin,
    },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).images.head.source, "-");
});

Deno.test("layerdiff check --markdown-file writes the Markdown report", async () => {
  const path = `${dir}/report.md`;
  const result = await layerdiff([
    "check",
    head,
    "--max-layers",
    "1",
    "--markdown-file",
    path,
  ]);
  assert.equal(result.code, 1);
  assert.match(
    await Deno.readTextFile(path),
    /^### ❌ layerdiff check failed: 1 of 1 rule/,
  );
  assertUsageError(
    await layerdiff([
      "check",
      head,
      "--max-layers",
      "1",
      "--markdown-file",
      `${dir}/no/such/dir.md`,
    ]),
    /cannot write the Markdown report/,
  );
});

Deno.test("layerdiff check --help lists every budget flag", async () => {
  const help = await layerdiff(["check", "--help"]);
  assert.equal(help.code, 0);
  for (
    const flag of [
      "--base",
      "--max-size",
      "--max-growth",
      "--max-wasted",
      "--min-efficiency",
      "--max-user-wasted",
      "--max-layers",
      "--max-file-size",
      "--deny",
      "--ignore",
      "--size-kind",
      "--config",
      "--json",
      "--github",
      "--markdown-file",
    ]
  ) {
    assert.ok(help.stdout.includes(flag), flag);
  }
});

Deno.test("layerdiff check shows a progress line on a terminal, with or without a base", async () => {
  for (const extra of [[], ["--base", base]]) {
    const result = await layerdiff(
      ["check", head, "--max-layers", "9", ...extra],
      { stderrIsTerminal: true },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stderr.startsWith("\r\x1b[Kreading "), result.stderr);
    assert.match(result.stderr, /\.tar: layer 1\/\d/);
    assert.ok(result.stderr.endsWith("\r\x1b[K"));
  }
});
