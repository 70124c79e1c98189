import assert from "@std/assert";
import {
  loadBudgetConfig,
  parseBudgetConfig,
} from "../../mod/budget/config.ts";
import { UsageError } from "../../mod/errors.ts";

const file = ".layerdiff.yml";
const parseConfig = (text: string) => parseBudgetConfig(text, { file });

function assertConfigError(text: string, message: string) {
  assert.throws(
    () => parseConfig(text),
    (error: Error) => {
      assert.ok(error instanceof UsageError, String(error));
      assert.equal(error.message, `${file}: ${message}`);
      return true;
    },
  );
}

Deno.test("parseBudgetConfig() reads every rule from YAML", () => {
  const budget = parseConfig(`
# budgets for the app image
size-kind: compressed
max-size: 500MB
max-growth: 5%
max-wasted: 50MiB
max-dive-wasted: 60MB
min-efficiency: 0.9
max-user-wasted: 10%
max-layers: 30
max-file-size: 100MB
deny:
  - "*.pem"
  - /root/.ssh
ignore: /var/cache/**
`);
  assert.deepEqual(budget, {
    sizeKind: "compressed",
    maxSize: 500_000_000,
    maxGrowth: { percent: 5 },
    maxWasted: 50 * 2 ** 20,
    maxDiveWasted: 60_000_000,
    minEfficiency: 0.9,
    maxUserWasted: 0.1,
    maxLayers: 30,
    maxFileSize: 100_000_000,
    deny: ["*.pem", "/root/.ssh"],
    ignore: ["/var/cache/**"],
  });
});

Deno.test("parseBudgetConfig() reads JSON, with plain numbers as bytes", () => {
  assert.deepEqual(
    parseConfig('{"max-size": 1000, "max-growth": "1KB", "deny": []}'),
    { maxSize: 1000, maxGrowth: { bytes: 1000 }, deny: [] },
  );
});

Deno.test("parseBudgetConfig() reads an empty file as no rules", () => {
  assert.deepEqual(parseConfig(""), {});
  assert.deepEqual(parseConfig("# nothing yet\n"), {});
});

Deno.test("parseBudgetConfig() names an unknown key", () => {
  assertConfigError("max-sise: 5MB\n", 'unknown key "max-sise"');
  assertConfigError(
    "rules:\n  lowest-efficency: 0.9\n",
    'unknown key "rules.lowest-efficency"',
  );
  assertConfigError("toString: 1\n", 'unknown key "toString"');
});

Deno.test("parseBudgetConfig() names the key of a bad value", () => {
  assertConfigError(
    "max-size: 5 MBs\n",
    'max-size: invalid size "5 MBs": use a number with B, KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024)',
  );
  assertConfigError(
    "size-kind: gzip\n",
    'size-kind: invalid size kind "gzip": use compressed or uncompressed',
  );
  assertConfigError("deny: 3\n", "deny: must be a glob or a list of globs");
  assertConfigError(
    "rules:\n  lowest-efficiency: 2\n",
    "rules.lowest-efficiency: invalid ratio 2: use a number from 0 to 1 (0.9) or a percent (90%)",
  );
});

Deno.test("parseBudgetConfig() rejects a document that is not a mapping, or broken YAML", () => {
  assertConfigError(
    "- max-size\n",
    "the config must be a mapping of keys to values",
  );
  assertConfigError(
    "rules: 0.9\n",
    "rules must be a mapping of keys to values",
  );
  assert.throws(
    () => parseConfig("max-size: [1\n"),
    /^UsageError: \.layerdiff\.yml: cannot parse config: Flow sequence .* at line 2, column 1$/,
  );
  assert.throws(
    () => parseConfig("max-size: 1\nmax-size: 2\n"),
    /cannot parse config: Map keys must be unique at line 2, column 1$/,
  );
});

Deno.test("parseBudgetConfig() reads dive's .dive-ci rules with dive's meaning", () => {
  const dive = `
rules:
  # If the efficiency is measured below X%, mark as failed.
  lowest-efficiency: 0.95
  # If the amount of wasted space is at least X or larger than X, mark as failed.
  highest-wasted-bytes: 20MB
  # If the amount of wasted space makes up for X% or more of the image, mark as failed.
  highest-user-wasted-percent: 0.20
`;
  assert.deepEqual(parseConfig(dive), {
    minEfficiency: 0.95,
    maxDiveWasted: 20_000_000,
    maxUserWasted: 0.2,
  });
});

Deno.test("parseBudgetConfig() reads dive's older camelCase keys and keys at the top level", () => {
  assert.deepEqual(
    parseConfig(
      "rules:\n  lowestEfficiency: 0.9\n  highestWastedBytes: 1KB\n  highestUserWastedPercent: 0.1\n",
    ),
    { minEfficiency: 0.9, maxDiveWasted: 1000, maxUserWasted: 0.1 },
  );
  assert.deepEqual(
    parseConfig("lowest-efficiency: 0.8\nmax-size: 1GB\n"),
    { minEfficiency: 0.8, maxSize: 1e9 },
  );
});

Deno.test("parseBudgetConfig() turns a dive rule off with disabled, off, false or nothing", () => {
  assert.deepEqual(
    parseConfig(`
rules:
  lowest-efficiency: disabled
  highest-wasted-bytes: "off"
  highest-user-wasted-percent:
`),
    {},
  );
  assert.deepEqual(parseConfig("rules:\n  lowestEfficiency: false\n"), {});
});

Deno.test("parseBudgetConfig() rejects two keys for the same rule", () => {
  assertConfigError(
    "min-efficiency: 0.9\nrules:\n  lowest-efficiency: 0.95\n",
    "min-efficiency and rules.lowest-efficiency set the same rule",
  );
});

Deno.test("loadBudgetConfig() reads a file and names it in errors", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/.layerdiff.yml`, "max-layers: 12\n");
  assert.deepEqual(await loadBudgetConfig(`${dir}/.layerdiff.yml`), {
    maxLayers: 12,
  });
  await Deno.writeTextFile(`${dir}/bad.json`, '{"max-layerz": 1}');
  await assert.rejects(
    () => loadBudgetConfig(`${dir}/bad.json`),
    new RegExp(`^UsageError: ${dir}/bad\\.json: unknown key "max-layerz"$`),
  );
  await assert.rejects(
    () => loadBudgetConfig(`${dir}/missing.yml`),
    /missing\.yml: cannot read config: /,
  );
});
