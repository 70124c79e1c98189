/**
 * Every budget rule through the real command line, at its boundary: a limit
 * equal to the measured value passes (exit 0), the next value past it fails
 * (exit 1), and the verdict names the measured value and the limit.
 */
import assert from "@std/assert";
import { writeBloatedPair } from "../fixtures/bloated_images.ts";
import { layerdiff, type Outcome } from "../reliability/cli_harness.ts";

const { before: base, after: head } = await writeBloatedPair(
  await Deno.makeTempDir(),
);

interface Rule {
  rule: string;
  passed: boolean;
  measured: number;
  limit: number;
}

/** Runs `check HEAD --base BASE` with `flags` and returns the verdict. */
async function check(flags: string[]): Promise<Outcome & { rules: Rule[] }> {
  const outcome = await layerdiff([
    "check",
    head,
    "--base",
    base,
    "--json",
    ...flags,
  ]);
  assert.equal(outcome.stderr, "", outcome.stderr);
  return { ...outcome, rules: JSON.parse(outcome.stdout).rules };
}

/** The measured value of each rule, read with limits nobody reaches. */
const measured = Object.fromEntries(
  (await check([
    "--max-size",
    "1GB",
    "--max-growth",
    "1GB",
    "--max-wasted",
    "1GB",
    "--max-dive-wasted",
    "1GB",
    "--max-file-size",
    "1GB",
    "--max-layers",
    "1000",
    "--min-efficiency",
    "0",
    "--max-user-wasted",
    "1",
  ])).rules.map((rule) => [rule.rule, rule.measured]),
);

/** Asserts `flag at` passes and `flag past` fails, each as the only rule. */
async function assertBoundary(
  flag: string,
  at: string,
  past: string,
): Promise<void> {
  const rule = flag.slice(2);
  const passing = await check([flag, at]);
  assert.equal(passing.code, 0, `${flag} ${at}: ${passing.stdout}`);
  assert.deepEqual(
    passing.rules.map((r) => [r.rule, r.passed, r.measured]),
    [[rule, true, measured[rule]]],
  );
  const failing = await check([flag, past]);
  assert.equal(failing.code, 1, `${flag} ${past}: ${failing.stdout}`);
  assert.deepEqual(
    failing.rules.map((r) => [r.rule, r.passed, r.measured]),
    [[rule, false, measured[rule]]],
  );
}

Deno.test("layerdiff check: the bloated image's measured values are the known ones", () => {
  assert.deepEqual(
    [
      measured["max-wasted"],
      measured["max-dive-wasted"],
      measured["max-file-size"],
      measured["max-layers"],
      measured["max-user-wasted"],
    ],
    [28100, 37000, 12000, 4, 37000 / 45300],
  );
  assert.equal(measured["max-size"] % 512, 0, "tar sizes are whole blocks");
});

Deno.test("layerdiff check max-size passes at the size in bytes and in KiB, and fails one byte or 0.5 KiB below", async () => {
  const size = measured["max-size"];
  await assertBoundary("--max-size", `${size}`, `${size - 1}`);
  await assertBoundary("--max-size", `${size}B`, `${size - 1}B`);
  await assertBoundary(
    "--max-size",
    `${size / 1024}KiB`,
    `${(size - 512) / 1024}KiB`,
  );
});

Deno.test("layerdiff check max-size in decimal units rounds nothing: 1 kB more or less decides", async () => {
  const size = measured["max-size"];
  const passing = await check(["--max-size", `${Math.ceil(size / 1000)}KB`]);
  assert.equal(passing.code, 0);
  const failing = await check(["--max-size", `${Math.floor(size / 1000)}KB`]);
  assert.equal(failing.code, 1);
  assert.equal(failing.rules[0].limit, Math.floor(size / 1000) * 1000);
});

Deno.test("layerdiff check max-growth in bytes passes at the growth and fails one byte below", async () => {
  const growth = measured["max-growth"];
  await assertBoundary("--max-growth", `${growth}B`, `${growth - 1}B`);
});

Deno.test("layerdiff check max-wasted and max-dive-wasted pass at their bytes and fail one byte below", async () => {
  for (const rule of ["max-wasted", "max-dive-wasted"]) {
    const bytes = measured[rule];
    await assertBoundary(`--${rule}`, `${bytes}B`, `${bytes - 1}B`);
  }
});

Deno.test("layerdiff check max-file-size passes at the largest file and fails one byte below", async () => {
  await assertBoundary("--max-file-size", "12000B", "11999B");
  await assertBoundary("--max-file-size", "12KB", "11.999KB");
});

Deno.test("layerdiff check max-layers passes at the layer count and fails one below", async () => {
  await assertBoundary("--max-layers", "4", "3");
});

Deno.test("layerdiff check min-efficiency and max-user-wasted pass at the exact ratio and fail just past it", async () => {
  const efficiency = measured["min-efficiency"];
  const userWasted = measured["max-user-wasted"];
  await assertBoundary(
    "--min-efficiency",
    String(efficiency),
    String(efficiency + 1e-9),
  );
  await assertBoundary(
    "--max-user-wasted",
    String(userWasted),
    String(userWasted - 1e-9),
  );
  // The same limits written as a percent.
  const percent = await check(["--min-efficiency", "44%"]);
  assert.deepEqual(percent.rules.map((r) => [r.passed, r.limit]), [[
    true,
    0.44,
  ]]);
  assert.equal((await check(["--min-efficiency", "45%"])).code, 1);
});

Deno.test("layerdiff check deny passes without a match and fails on a path a later layer deleted", async () => {
  const passing = await check(["--deny", "*.pem"]);
  assert.equal(passing.code, 0);
  const failing = await check(["--deny", "download.tgz"]);
  assert.equal(failing.code, 1);
  assert.equal(failing.rules[0].measured, 1);
  const ignored = await check([
    "--deny",
    "download.tgz",
    "--ignore",
    "/tmp/**",
  ]);
  assert.equal(ignored.code, 0);
});
