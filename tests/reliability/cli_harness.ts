/**
 * Asserts what a user sees when an archive is bad: exit code 2, nothing
 * on stdout, one stderr line naming the archive (and layer and entry when
 * given), no stack trace and no "internal error".
 */

import assert from "@std/assert";
import { layerdiff, type Outcome } from "../fixtures/cli_run.ts";
import { type ArchiveFormat, writeImage } from "../fixtures/image_builder.ts";
import { dir, file } from "../fixtures/tar_builder.ts";

export { layerdiff, type Outcome };

/** What the one stderr line must name. */
export interface Expected {
  /** The archive as given on the command line. */
  file: string;
  /** Layer position and the digest shown for it (stored digest, or diffID for docker-save). */
  layer?: { index: number; digest: string };
  /** Entry or member named in the message, as JSON-quoted text. */
  entry?: string;
  /** The reason, at the end of the line. */
  reason: string | RegExp;
}

/** Asserts a clean failure: exit 2, one line on stderr naming what is wrong. */
export function assertFails(outcome: Outcome, expected: Expected): string {
  const line = assertOneErrorLine(outcome);
  const prefix = `layerdiff: ${expected.file}: `;
  assert.ok(line.startsWith(prefix), `names ${expected.file}: ${line}`);
  if (expected.layer) {
    const { index, digest } = expected.layer;
    const short = `${digest.slice(0, "sha256:".length + 12)}`;
    assert.ok(
      line.includes(`: layer ${index} (${short}): `),
      `names layer ${index} (${short}): ${line}`,
    );
  }
  if (expected.entry !== undefined) {
    assert.ok(
      line.includes(`entry ${JSON.stringify(expected.entry)}`),
      `names entry ${expected.entry}: ${line}`,
    );
  }
  if (typeof expected.reason === "string") {
    assert.ok(
      line.endsWith(`: ${expected.reason}`),
      `ends with "${expected.reason}": ${line}`,
    );
  } else {
    assert.match(line, expected.reason);
  }
  return line;
}

/**
 * Asserts exit 2, nothing on stdout and exactly one stderr line that is
 * neither an internal error nor a stack trace; returns the line.
 */
export function assertOneErrorLine(outcome: Outcome): string {
  assert.equal(
    outcome.code,
    2,
    `exit 2, got ${outcome.code}: ${outcome.stderr}`,
  );
  assert.equal(outcome.stdout, "", "nothing on stdout");
  assert.ok(outcome.stderr.endsWith("\n"), `a whole line: ${outcome.stderr}`);
  const lines = outcome.stderr.slice(0, -1).split("\n");
  assert.equal(lines.length, 1, `one line: ${outcome.stderr}`);
  const [line] = lines;
  assert.ok(line.startsWith("layerdiff: "), line);
  assert.ok(!line.includes("internal error"), line);
  assert.ok(!/\n\s+at /.test(outcome.stderr), "no stack trace");
  return line;
}

/** A fresh temporary directory. */
export async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "layerdiff-reliability-" });
}

/** Writes a small good image to diff bad ones against; returns its path. */
export async function writeGoodImage(
  directory: string,
  format: ArchiveFormat = "docker-save",
): Promise<string> {
  const path = `${directory}/good.tar`;
  await writeImage(path, format, {
    tag: "good:1",
    layers: [[dir("etc"), file("etc/os-release", "ID=good\n")]],
  });
  return path;
}
