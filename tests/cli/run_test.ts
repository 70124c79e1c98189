import assert from "@std/assert";
import { layerdiff, type Outcome } from "../fixtures/cli_run.ts";
import { buildDiffReport } from "../../mod/analyze/report.ts";
import { openImages } from "../../mod/image/open_images.ts";
import { renderJson } from "../../mod/render/json/json.ts";
import { renderTable } from "../../mod/render/table/table.ts";
import { writeBloatedPair } from "../fixtures/bloated_images.ts";
import { writeDemoPair } from "../fixtures/demo_images.ts";
import { writeArchive, writeImage } from "../fixtures/image_builder.ts";
import { file } from "../fixtures/tar_builder.ts";
import denoJson from "../../deno.json" with { type: "json" };

function assertInputError(result: Outcome, pattern: RegExp) {
  assert.equal(result.code, 2);
  assert.equal(result.stdout, "");
  assert.equal(
    result.stderr.split("\n").length,
    2,
    `one line: ${result.stderr}`,
  );
  assert.match(result.stderr, pattern);
  assert.ok(!result.stderr.includes("    at "), "no stack trace");
}

Deno.test("layerdiff --help and --version print and exit 0", async () => {
  const help = await layerdiff(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: layerdiff/);
  const diffHelp = await layerdiff(["diff", "--help"]);
  assert.match(diffHelp.stdout, /--no-verify/);
  const version = await layerdiff(["--version"]);
  assert.equal(version.stdout.trim(), denoJson.version);
});

Deno.test("layerdiff usage errors exit 2 with one line and nothing on stdout", async () => {
  assertInputError(
    await layerdiff(["a.tar", "b.tar", "--frobnicate"]),
    /^layerdiff: unknown option '--frobnicate'/,
  );
  assertInputError(
    await layerdiff(["diff", "a.tar"]),
    /^layerdiff: missing required argument 'b'/,
  );
  assertInputError(
    await layerdiff(["-", "-"]),
    /only one image can come from stdin/,
  );
  assertInputError(await layerdiff(["a", "b", "--format", "xml"]), /--format/);
});

Deno.test("layerdiff A B --json prints the report and exits 0", async () => {
  const { a, b } = await writeDemoPair(await Deno.makeTempDir());
  const result = await layerdiff([a, b, "--json"]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, "");
  const report = JSON.parse(result.stdout);
  assert.equal(report.schemaVersion, 1);
  assert.deepEqual(
    [report.summary.added, report.summary.removed, report.summary.modified],
    [2, 1, 4],
  );
});

Deno.test("layerdiff --exit-code exits 1 when the images differ and 0 when they do not", async () => {
  const { a, b } = await writeDemoPair(await Deno.makeTempDir());
  assert.equal((await layerdiff([a, b, "--exit-code"])).code, 1);
  assert.equal((await layerdiff([a, a, "--exit-code"])).code, 0);
  assert.equal((await layerdiff([a, b])).code, 0);
});

Deno.test("layerdiff reads one image from stdin", async () => {
  const { a, b } = await writeDemoPair(
    await Deno.makeTempDir(),
    "docker-save-oci",
  );
  const stdin = (await Deno.open(b)).readable;
  const result = await layerdiff([a, "-", "--json"], { stdin });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).images.b.source, "-");
});

Deno.test("layerdiff colours the table only on a terminal and never with NO_COLOR", async () => {
  const { a, b } = await writeDemoPair(await Deno.makeTempDir());
  assert.ok(
    (await layerdiff([a, b], { stdoutIsTerminal: true })).stdout.includes(
      "\x1b[",
    ),
  );
  assert.ok(
    !(await layerdiff([a, b], { stdoutIsTerminal: false })).stdout.includes(
      "\x1b[",
    ),
  );
  const noColor = await layerdiff([a, b], {
    stdoutIsTerminal: true,
    env: (n) => n === "NO_COLOR" ? "1" : undefined,
  });
  assert.ok(!noColor.stdout.includes("\x1b["));
  assert.ok(
    !(await layerdiff([a, b, "--no-color"], { stdoutIsTerminal: true })).stdout
      .includes("\x1b["),
  );
});

Deno.test("layerdiff shows a progress line on a terminal's stderr and erases it", async () => {
  const { a, b } = await writeDemoPair(await Deno.makeTempDir());
  const result = await layerdiff([a, b], { stderrIsTerminal: true });
  assert.match(result.stderr, /reading .*a\.tar: layer 1\/2/);
  assert.ok(result.stderr.endsWith("\r\x1b[K"));
});

Deno.test("layerdiff names the file and the problem on bad input", async () => {
  const directory = await Deno.makeTempDir();
  const { a } = await writeDemoPair(directory);
  assertInputError(
    await layerdiff([a, `${directory}/missing.tar`]),
    /missing\.tar: no such file or directory$/m,
  );
  const junk = `${directory}/junk.tar`;
  await Deno.writeTextFile(
    junk,
    "this is not a tar archive at all ".repeat(40),
  );
  assertInputError(await layerdiff([a, junk]), /junk\.tar: .*checksum/);
});

/** Runs main.ts in a shell pipeline; returns its stderr and exit status. */
async function pipedMain(args: string, pipe: string) {
  const main = new URL("../../main.ts", import.meta.url).pathname;
  const shell =
    `deno run --allow-read ${main} ${args} | ${pipe} >/dev/null; echo "\${PIPESTATUS[0]}"`;
  const output = await new Deno.Command("bash", {
    args: ["-c", shell],
    stderr: "piped",
    stdout: "piped",
  }).output();
  return {
    stderr: new TextDecoder().decode(output.stderr),
    status: Number(new TextDecoder().decode(output.stdout).trim()),
  };
}

Deno.test("main.ts ends quietly when stdout closes early", async () => {
  const { a, b } = await writeDemoPair(await Deno.makeTempDir());
  assert.deepEqual(await pipedMain(`${a} ${b} --json`, "head -c 10"), {
    stderr: "",
    status: 0,
  });
});

Deno.test("main.ts keeps its exit code when stdout closes early", async () => {
  const directory = await Deno.makeTempDir();
  const [a, b] = [`${directory}/a.tar`, `${directory}/b.tar`];
  await writeImage(a, "docker-save", { layers: [[file("a", "a")]] });
  const many = Array.from({ length: 3000 }, (_, i) => file(`f/${i}`, `${i}`));
  await writeImage(b, "docker-save", { layers: [many] });
  // About 1 MB of JSON: far more than the pipe holds once head has gone.
  assert.deepEqual(
    await pipedMain(`${a} ${b} --json --exit-code`, "head -c 10"),
    { stderr: "", status: 1 },
  );
});

Deno.test("layerdiff without arguments asks for image A", async () => {
  assertInputError(
    await layerdiff([]),
    /^layerdiff: missing required argument 'a'/,
  );
});

Deno.test("layerdiff refuses --image or --platform given three times", async () => {
  assertInputError(
    await layerdiff(["a", "b", "--image", "x", "--image", "y", "--image", "z"]),
    /^layerdiff: --image given more than twice/,
  );
  assertInputError(
    await layerdiff([
      "a",
      "b",
      ...["1", "2", "3"].flatMap((p) => ["--platform", p]),
    ]),
    /^layerdiff: --platform given more than twice/,
  );
});

Deno.test("layerdiff --platform once picks it for both images, twice for A then B", async () => {
  const path = `${await Deno.makeTempDir()}/multi.tar`;
  await writeArchive(path, {
    format: "oci-archive",
    nestedIndex: true,
    images: [
      {
        layers: [[file("only-amd64", "x")]],
        platform: { os: "linux", architecture: "amd64" },
      },
      {
        layers: [[file("only-arm64", "y")]],
        platform: { os: "linux", architecture: "arm64" },
      },
    ],
  });
  assertInputError(
    await layerdiff([path, path]),
    new RegExp(`^layerdiff: ${path}: `),
  );
  const once = await layerdiff([
    path,
    path,
    "--platform",
    "linux/arm64",
    "--json",
  ]);
  assert.equal(once.code, 0, once.stderr);
  assert.deepEqual(JSON.parse(once.stdout).changes, []);
  const twice = await layerdiff([
    path,
    path,
    "--platform",
    "linux/amd64",
    "--platform",
    "linux/arm64",
    "--json",
  ]);
  assert.equal(twice.code, 0, twice.stderr);
  const report = JSON.parse(twice.stdout);
  assert.deepEqual([report.images.a.platform, report.images.b.platform], [
    "linux/amd64",
    "linux/arm64",
  ]);
  assert.deepEqual(
    report.changes.map((c: { change: string; path: string }) =>
      `${c.change} ${c.path}`
    ),
    ["removed /only-amd64", "added /only-arm64"],
  );
});

Deno.test("layerdiff prints the table with hostile names escaped", async () => {
  const { a, b } = await writeDemoPair(await Deno.makeTempDir());
  const result = await layerdiff([a, b]);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(!result.stdout.includes("\x1b"));
  assert.match(result.stdout, /^ {2}\+ +file .*\/app\/evil\\x1b\[2J\\xff$/m);
  assert.match(result.stdout, /^ {2}changes {3}2 added/m);
});

Deno.test("layerdiff --debug adds the stack trace to the error line", async () => {
  const result = await layerdiff(["missing-a.tar", "missing-b.tar", "--debug"]);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /^layerdiff: missing-a\.tar: .*\n.*Error/);
  assert.match(result.stderr, /\n +at /);
});

Deno.test("layerdiff reports an unexpected error in one line that points to --debug", async () => {
  const { b } = await writeDemoPair(await Deno.makeTempDir());
  const stdin: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next: () => Promise.reject(new TypeError("stdin exploded")),
    }),
  };
  assertInputError(
    await layerdiff(["-", b], { stdin }),
    /^layerdiff: internal error: stdin exploded \(run with --debug for a stack trace\)$/m,
  );
});

Deno.test("layerdiff escapes a hostile file name in the progress line", async () => {
  const directory = await Deno.makeTempDir();
  const { a, b } = await writeDemoPair(directory);
  const hostile = `${directory}/a\x1b[2J.tar`;
  await Deno.rename(a, hostile);
  const result = await layerdiff([hostile, b], { stderrIsTerminal: true });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.stderr.includes("a\\x1b[2J.tar: layer 1/2"));
  assert.ok(!result.stderr.includes("\x1b[2J"));
});

Deno.test("layerdiff diff --format markdown writes a comment; --section picks the parts", async () => {
  const { before, after } = await writeBloatedPair(await Deno.makeTempDir());
  const markdown = await layerdiff([before, after, "--format", "markdown"]);
  assert.equal(markdown.code, 0, markdown.stderr);
  assert.ok(
    markdown.stdout.startsWith("### layerdiff: `app:before` → `app:after`\n"),
  );
  assert.ok(markdown.stdout.includes("<summary>All 12 changes</summary>"));
  const table = await layerdiff([
    before,
    after,
    "--section",
    "directories",
    "--depth",
    "1",
  ]);
  assert.equal(
    table.stdout,
    [
      "Size by directory (depth 1)",
      "      NET     ADDED  REMOVED  FILES  PATH",
      "  +8.7 kB  +12.3 kB  -3.6 kB      9  /",
      "  +4.0 kB   +4.0 kB      0 B      1    /dup",
      "  -2.7 kB    +300 B  -3.0 kB      3    /var",
      "   -500 B       0 B   -500 B      1    /app",
      "   -100 B       0 B   -100 B      1    /etc",
      "",
    ].join("\n"),
  );
});

Deno.test("layerdiff --json and the table come out in several writes that join to the whole report", async () => {
  const directory = await Deno.makeTempDir();
  const a = `${directory}/a.tar`, b = `${directory}/b.tar`;
  await writeImage(a, "docker-save", { layers: [[]] });
  await writeImage(b, "docker-save", {
    layers: [Array.from({ length: 3000 }, (_, i) => file(`data/f${i}`, "x"))],
  });
  const [imageA, imageB] = await openImages(a, b);
  const report = buildDiffReport(imageA, imageB);
  for (
    const [flag, whole] of [
      ["--json", renderJson(report)],
      ["--format=table", renderTable(report, { color: false })],
    ]
  ) {
    const writes: string[] = [];
    const result = await layerdiff([a, b, flag], {
      stdout: (text) => void writes.push(text),
    });
    assert.equal(result.code, 0);
    assert.ok(writes.length > 1, `${flag}: ${writes.length} writes`);
    assert.ok(writes.join("") === whole, `${flag}: the same text`);
  }
});
