/**
 * `layerdiff check` and `layerdiff inspect` on broken archives fail as the
 * diff does: exit 2, nothing on stdout, one stderr line naming the archive
 * and the layer, and in GitHub Actions mode no outputs or summary that a
 * later step could mistake for a verdict, only an `::error` annotation on
 * stderr.
 */
import assert from "@std/assert";
import {
  compress,
  ociParts,
  type Parts,
  tarOf,
} from "../fixtures/archive_parts.ts";
import { buildTar, dir, file } from "../fixtures/tar_builder.ts";
import {
  assertFails,
  layerdiff,
  tempDir,
  writeGoodImage,
} from "../reliability/cli_harness.ts";

const directory = await tempDir();
const good = await writeGoodImage(directory);

/** An OCI archive whose second layer is a gzip stream with one byte flipped. */
async function writeCorruptLayer(): Promise<{ path: string; parts: Parts }> {
  const blob = compress(buildTar([file("app/a", "x".repeat(3000))]), "gzip");
  const damaged = blob.slice();
  damaged[12] ^= 0xff;
  const parts = ociParts([[dir("etc")], { blob: damaged }]);
  const path = `${directory}/corrupt.tar`;
  await Deno.writeFile(path, tarOf(parts.members));
  return { path, parts };
}

const corrupt = await writeCorruptLayer();
const expected = {
  file: corrupt.path,
  layer: { index: 1, digest: corrupt.parts.layers[1].digest },
  reason: /: corrupt gzip data: [^:]+$/,
};

Deno.test("layerdiff check fails on a corrupt layer in the head or the base image, naming archive and layer", async () => {
  assertFails(
    await layerdiff(["check", corrupt.path, "--max-size", "1GB"]),
    expected,
  );
  assertFails(
    await layerdiff([
      "check",
      good,
      "--base",
      corrupt.path,
      "--max-growth",
      "5%",
    ]),
    expected,
  );
});

Deno.test("layerdiff check in GitHub Actions mode writes no outputs and no summary for a broken archive, and annotates the error", async () => {
  const output = `${directory}/github-output`;
  const summary = `${directory}/step-summary`;
  await Deno.writeTextFile(output, "");
  await Deno.writeTextFile(summary, "");
  const env: Record<string, string> = {
    GITHUB_ACTIONS: "true",
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: directory,
  };
  const outcome = await layerdiff(
    ["check", corrupt.path, "--max-size", "1GB"],
    { env: (name) => env[name] },
  );
  const [line, annotation] = outcome.stderr.split("\n");
  assertFails({ ...outcome, stderr: `${line}\n` }, expected);
  assert.equal(
    outcome.stderr,
    `${line}\n::error title=layerdiff::${line.slice("layerdiff: ".length)}\n`,
  );
  assert.ok(annotation.startsWith("::error title=layerdiff::"));
  assert.equal(await Deno.readTextFile(output), "");
  assert.equal(await Deno.readTextFile(summary), "");
});

Deno.test("layerdiff inspect fails on a corrupt layer in every format, naming archive and layer", async () => {
  for (const format of ["table", "json", "markdown"]) {
    assertFails(
      await layerdiff(["inspect", corrupt.path, "--format", format]),
      expected,
    );
  }
});

Deno.test("layerdiff check and inspect show a stack trace only with --debug", async () => {
  for (
    const args of [
      ["check", corrupt.path, "--max-size", "1GB", "--debug"],
      ["inspect", corrupt.path, "--debug"],
    ]
  ) {
    const outcome = await layerdiff(args);
    assert.equal(outcome.code, 2);
    assert.equal(outcome.stdout, "");
    assert.match(outcome.stderr, /corrupt gzip data/);
    assert.match(outcome.stderr, /\n\s+at /, "a stack trace");
  }
});

Deno.test("layerdiff check annotates a usage error in GitHub Actions mode, and not outside it", async () => {
  const inActions = {
    env: (name: string) => name === "GITHUB_ACTIONS" ? "true" : undefined,
  };
  const usage = await layerdiff(["check", good], inActions);
  assert.equal(usage.code, 2);
  assert.equal(usage.stdout, "");
  const [line, annotation, rest] = usage.stderr.split("\n");
  assert.match(line, /^layerdiff: no budget given: /);
  assert.equal(
    annotation,
    `::error title=layerdiff::${line.slice("layerdiff: ".length)}`,
  );
  assert.equal(rest, "");
  const forced = await layerdiff([
    "check",
    "--github",
    "missing.tar",
    "--max-size",
    "1",
  ]);
  assert.match(forced.stderr, /\n::error title=layerdiff::missing\.tar: .+\n$/);
  for (
    const quiet of [
      await layerdiff(["check", good, "--no-github"], inActions),
      await layerdiff(["check", good]),
      await layerdiff(["inspect", "missing.tar"], inActions),
    ]
  ) {
    assert.equal(quiet.code, 2);
    assert.ok(!quiet.stderr.includes("::error"), quiet.stderr);
  }
});
