import assert from "@std/assert";
import type { Verdict } from "../../mod/budget/verdict.ts";
import {
  githubAnnotations,
  githubErrorAnnotation,
  githubOutputs,
  publishToGithub,
} from "../../mod/cli/github.ts";
import type { CliIo } from "../../mod/cli/cli_io.ts";
import { run } from "../../mod/cli/run.ts";
import { writeDemoPair } from "../fixtures/demo_images.ts";

const verdict: Verdict = {
  passed: false,
  sizeKind: "uncompressed",
  rules: [
    {
      rule: "max-size",
      passed: false,
      nearLimit: false,
      measured: 2_000_000,
      limit: 1_000_000,
      unit: "bytes",
      sizeKind: "uncompressed",
    },
    {
      rule: "max-layers",
      passed: true,
      nearLimit: true,
      measured: 10,
      limit: 10,
      unit: "count",
    },
    {
      rule: "max-wasted",
      passed: true,
      nearLimit: false,
      measured: 0,
      limit: 100,
      unit: "bytes",
      sizeKind: "uncompressed",
    },
    {
      rule: "deny",
      passed: false,
      nearLimit: false,
      measured: 1,
      limit: 0,
      unit: "count",
      offenders: [{ path: "/100%\nfun", layer: 1, pattern: "*fun" }],
      offenderCount: 1,
    },
  ],
  head: {
    source: "head.tar",
    reference: null,
    platform: "linux/amd64",
    size: 2_000_000,
    compressedSize: 900_000,
    layers: 10,
  },
  base: null,
  sizeDelta: null,
  bloat: {
    wastedBytes: 0,
    diveWastedBytes: 0,
    efficiency: 1,
    userWastedRatio: 0,
  },
};

Deno.test("githubAnnotations() makes an error per failed rule and a warning per rule near its limit", () => {
  assert.equal(
    githubAnnotations(verdict),
    "::error title=layerdiff check%3A max-size::image size (uncompressed) 2.0 MB: over the limit of 1.0 MB\n" +
      "::warning title=layerdiff check%3A max-layers::layers 10: within the limit of 10\n" +
      "::error title=layerdiff check%3A deny::1 denied path is present: /100%25\\x0afun (layer 1, matches *fun)\n",
  );
});

Deno.test("githubErrorAnnotation() makes one ::error line, its %, CR and LF encoded", () => {
  assert.equal(
    githubErrorAnnotation("a.tar: 50% cut\r\nshort"),
    "::error title=layerdiff::a.tar: 50%25 cut%0D%0Ashort\n",
  );
});

Deno.test("githubOutputs() writes passed, size, size-delta, wasted and report-path", () => {
  assert.equal(
    githubOutputs(verdict, "/tmp/report.md"),
    "passed=false\nsize=2000000\nsize-delta=\nwasted=0\nreport-path=/tmp/report.md\n",
  );
  const compressed = githubOutputs(
    { ...verdict, sizeKind: "compressed", sizeDelta: -5, passed: true },
    "r.md",
  );
  assert.match(compressed, /^passed=true\nsize=900000\nsize-delta=-5\n/);
});

Deno.test("githubOutputs() uses a delimiter for a value with a line break", () => {
  const text = githubOutputs(verdict, "/tmp/odd\nname.md");
  const match =
    /report-path<<(ghadelimiter_[0-9a-f-]+)\n\/tmp\/odd\nname\.md\n(.+)\n$/
      .exec(text);
  assert.ok(match, text);
  assert.equal(match![1], match![2]);
});

Deno.test("publishToGithub() appends to the summary and output files it is told of", async () => {
  const writes: [string, string][] = [];
  const env: Record<string, string> = {
    GITHUB_STEP_SUMMARY: "/summary",
    GITHUB_OUTPUT: "/output",
  };
  const annotations = await publishToGithub(
    verdict,
    { markdown: "# report\n\n", path: "/r.md" },
    {
      env: (name) => env[name],
      appendFile: (path, text) =>
        Promise.resolve(void writes.push([path, text])),
    },
  );
  assert.deepEqual(writes, [
    ["/summary", "# report\n\n"],
    ["/output", githubOutputs(verdict, "/r.md")],
  ]);
  assert.equal(annotations, githubAnnotations(verdict));
  writes.length = 0;
  await publishToGithub(verdict, { markdown: "", path: "" }, {
    env: () => undefined,
    appendFile: (path, text) => Promise.resolve(void writes.push([path, text])),
  });
  assert.deepEqual(writes, [], "nothing to write without the variables");
});

/** Runs layerdiff as in a GitHub Actions job whose files live in `dir`. */
async function inActions(
  args: string[],
  dir: string,
  env: Record<string, string> = {},
) {
  let stdout = "";
  const vars: Record<string, string> = {
    GITHUB_ACTIONS: "true",
    GITHUB_STEP_SUMMARY: `${dir}/summary.md`,
    GITHUB_OUTPUT: `${dir}/output`,
    RUNNER_TEMP: dir,
    ...env,
  };
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: () => {},
    stdin: (async function* () {})(),
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    env: (name) => vars[name],
  };
  return { code: await run(args, io), stdout };
}

Deno.test("layerdiff check in GitHub Actions writes the step summary, outputs and annotations", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/summary.md`, "earlier step\n");
  const { a, b } = await writeDemoPair(dir);
  const result = await inActions(
    ["check", b, "--base", a, "--max-layers", "1", "--max-wasted", "1GB"],
    dir,
  );
  assert.equal(result.code, 1);
  assert.match(
    result.stdout,
    /\n::error title=layerdiff check%3A max-layers::layers 2: over the limit of 1\n$/,
  );
  const summary = await Deno.readTextFile(`${dir}/summary.md`);
  assert.match(
    summary,
    /^earlier step\n### ❌ layerdiff check failed: 1 of 2 rules\n/,
  );
  assert.match(
    summary,
    /\n### layerdiff: `demo:v1` → `demo:v2`\n/,
    "the diff report follows",
  );
  const outputs = Object.fromEntries(
    (await Deno.readTextFile(`${dir}/output`)).trimEnd().split("\n")
      .map((line) => line.split("=")),
  );
  const json = JSON.parse(
    (await inActions(
      ["check", b, "--base", a, "--max-layers", "9", "--json", "--no-github"],
      dir,
    )).stdout,
  );
  assert.deepEqual(outputs, {
    passed: "false",
    size: String(json.images.head.size),
    "size-delta": String(json.sizeDelta),
    wasted: String(json.bloat.wastedBytes),
    "report-path": `${dir}/layerdiff-report.md`,
  });
  assert.equal(
    await Deno.readTextFile(`${dir}/layerdiff-report.md`),
    summary.slice("earlier step\n".length, -1),
  );
});

Deno.test("layerdiff check --github works outside Actions and --no-github turns it off inside", async () => {
  const dir = await Deno.makeTempDir();
  const { b } = await writeDemoPair(dir);
  const forced = await inActions(
    [
      "check",
      b,
      "--max-layers",
      "1",
      "--github",
      "--markdown-file",
      `${dir}/r.md`,
    ],
    dir,
    { GITHUB_ACTIONS: "", GITHUB_OUTPUT: "", GITHUB_STEP_SUMMARY: "" },
  );
  assert.equal(forced.code, 1);
  assert.match(forced.stdout, /::error title=/);
  assert.ok((await Deno.readTextFile(`${dir}/r.md`)).startsWith("### ❌"));
  const off = await inActions(
    ["check", b, "--max-layers", "1", "--no-github"],
    dir,
  );
  assert.ok(!off.stdout.includes("::error"));
  await assert.rejects(() => Deno.stat(`${dir}/summary.md`));
});

Deno.test("layerdiff check in GitHub Actions prints nothing when the step summary cannot be written", async () => {
  const dir = await Deno.makeTempDir();
  const { b } = await writeDemoPair(dir);
  const result = await inActions(["check", b, "--max-layers", "1"], dir, {
    GITHUB_STEP_SUMMARY: dir,
  });
  assert.equal(result.code, 2);
  assert.equal(result.stdout, "");
});
