import assert from "@std/assert";
import { parse } from "yaml";
import { githubOutputs } from "../../mod/cli/github.ts";
import {
  evaluateIf,
  expand,
  loadAction,
  root,
  runStep,
  stepById,
  writeScript,
} from "./action_steps.ts";
import { writeDemoPair } from "../fixtures/demo_images.ts";
import { writeImage } from "../fixtures/image_builder.ts";
import { file } from "../fixtures/tar_builder.ts";
import { layerdiff } from "../reliability/cli_harness.ts";

/** GitHub refuses comments longer than this, in characters. */
const GITHUB_COMMENT_LIMIT = 65_536;

/**
 * The longest artifact URL upload-artifact can give: GitHub's longest owner
 * (39) and repository (100) names, run and artifact ids of 11 digits.
 */
const LONGEST_ARTIFACT_URL = `https://github.com/${"o".repeat(39)}/${
  "r".repeat(100)
}/actions/runs/${"9".repeat(11)}/artifacts/${"9".repeat(11)}`;

const action = await loadAction();
const steps = action.runs.steps;

/** Every `inputs.NAME` the steps (and their conditions) use. */
function inputsUsed(): Set<string> {
  const text = JSON.stringify(steps);
  return new Set(
    [...text.matchAll(/inputs\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]),
  );
}

Deno.test("action.yml is a composite action whose bash steps name their shell", () => {
  assert.equal(action.runs.using, "composite");
  for (const step of steps) {
    assert.ok(step.name, "every step has a name");
    if (step.run) assert.equal(step.shell, "bash", step.name);
    else assert.ok(step.uses, step.name);
  }
});

Deno.test("action.yml declares every input its steps use and uses every input it declares", () => {
  const declared = new Set(Object.keys(action.inputs));
  const used = inputsUsed();
  assert.deepEqual(
    [...used].filter((name) => !declared.has(name)),
    [],
    "used, not declared",
  );
  assert.deepEqual(
    [...declared].filter((name) => !used.has(name)),
    [],
    "declared, not used",
  );
  for (
    const name of [
      "image",
      "base",
      "max-size",
      "max-growth",
      "max-wasted",
      "min-efficiency",
      "max-layers",
      "max-file-size",
      "deny",
      "config",
      "comment",
      "version",
      "github-token",
    ]
  ) {
    assert.ok(declared.has(name), name);
  }
  assert.equal(action.inputs.image.required, true);
});

Deno.test("action.yml outputs are the ones layerdiff writes to $GITHUB_OUTPUT, the page's path and its artifact's URL", () => {
  const written = githubOutputs({
    passed: true,
    sizeKind: "uncompressed",
    rules: [],
    head: {
      source: "h",
      reference: null,
      platform: "",
      size: 0,
      compressedSize: 0,
      layers: 0,
    },
    base: null,
    sizeDelta: null,
    bloat: {
      wastedBytes: 0,
      diveWastedBytes: 0,
      efficiency: 1,
      userWastedRatio: 0,
    },
  }, "r.md").trimEnd().split("\n").map((line) => line.split("=")[0]);
  /** Each output and the step that sets it. */
  const expected = [
    ...written.map((name) => [name, "check"]),
    ["html-path", "check"],
    ["artifact-url", "upload"],
  ];
  assert.deepEqual(Object.keys(action.outputs), expected.map(([name]) => name));
  for (const [name, step] of expected) {
    assert.equal(
      action.outputs[name].value,
      `\${{ steps.${step}.outputs.${name} }}`,
    );
  }
});

Deno.test("action.yml steps refer only to earlier steps' ids", () => {
  const seen = new Set<string>();
  for (const step of steps) {
    for (
      const [, id] of JSON.stringify(step).matchAll(
        /steps\.([a-z-]+)\.outputs/g,
      )
    ) {
      assert.ok(seen.has(id), `${step.name} refers to ${id} before it runs`);
    }
    if (step.id) seen.add(step.id);
  }
});

Deno.test("the install step downloads the runner's release binary and checks its SHA-256", async () => {
  const dir = await Deno.makeTempDir();
  const release = `${dir}/release`;
  await Deno.mkdir(`${release}/pack`, { recursive: true });
  await writeScript(`${release}/pack/layerdiff`, 'echo "layerdiff 0.2.0"');
  const asset = "layerdiff-x86_64-unknown-linux-gnu.tar.gz";
  await new Deno.Command("tar", {
    args: ["-C", `${release}/pack`, "-czf", `${release}/${asset}`, "layerdiff"],
  }).output();
  const sums = await new Deno.Command("sha256sum", {
    args: [asset],
    cwd: release,
  }).output();
  await Deno.writeFile(`${release}/SHA256SUMS`, sums.stdout);
  // A curl that serves the release from disk and logs the URLs asked for.
  await Deno.mkdir(`${dir}/bin`);
  await writeScript(
    `${dir}/bin/curl`,
    `out=; for a; do [ "$prev" = -o ] && out=$a; prev=$a; url=$a; done
echo "$url" >> "${dir}/urls"
cp "${release}/\${url##*/}" "$out"`,
  );
  const install = (version: string) =>
    runStep(stepById(action, "install"), {
      values: {
        "inputs.version": version,
        "github.action_path": "/home/runner/work/_actions/someone/layerdiff/v1",
      },
      env: {
        PATH: `${dir}/bin:${Deno.env.get("PATH")}`,
        RUNNER_OS: "Linux",
        RUNNER_ARCH: "X64",
        GITHUB_REPOSITORY: "user/app",
      },
    });
  const result = await install("0.2.0");
  assert.equal(result.code, 0, result.stderr + result.stdout);
  assert.match(result.outputs.path, /\/layerdiff-bin\/layerdiff$/);
  assert.equal(
    await Deno.readTextFile(`${dir}/urls`),
    `https://github.com/someone/layerdiff/releases/download/v0.2.0/${asset}\n` +
      "https://github.com/someone/layerdiff/releases/download/v0.2.0/SHA256SUMS\n",
  );
  assert.equal((await install("latest")).code, 0);
  assert.match(
    await Deno.readTextFile(`${dir}/urls`),
    /releases\/latest\/download\/SHA256SUMS\n$/,
  );
  await Deno.writeTextFile(
    `${release}/SHA256SUMS`,
    `${"0".repeat(64)}  ${asset}\n`,
  );
  const tampered = await install("0.2.0");
  assert.equal(tampered.code, 1);
  assert.match(
    tampered.stdout,
    /::error title=layerdiff::checksum mismatch for layerdiff-x86_64-unknown-linux-gnu\.tar\.gz/,
  );
});

Deno.test("the install step refuses a runner without a release binary", async () => {
  const result = await runStep(stepById(action, "install"), {
    values: { "inputs.version": "latest", "github.action_path": "/x" },
    env: { RUNNER_OS: "Windows", RUNNER_ARCH: "ARM64" },
  });
  assert.equal(result.code, 1);
  assert.match(result.stdout, /no layerdiff release for Windows\/ARM64/);
});

Deno.test("the save step docker-saves image references and passes archive paths through", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/bin`);
  await writeScript(
    `${dir}/bin/docker`,
    `echo "$@" >> "${dir}/docker.log"; touch "$3"`,
  );
  await Deno.writeTextFile(`${dir}/base.tar`, "");
  const result = await runStep(stepById(action, "images"), {
    values: {
      "inputs.image": "ghcr.io/me/app:pr-1",
      "inputs.base": `${dir}/base.tar`,
    },
    env: { PATH: `${dir}/bin:${Deno.env.get("PATH")}` },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.outputs.head, /\/layerdiff-head\.tar$/);
  assert.equal(result.outputs.base, `${dir}/base.tar`);
  assert.match(
    await Deno.readTextFile(`${dir}/docker.log`),
    /^save -o \S+\/layerdiff-head\.tar ghcr\.io\/me\/app:pr-1\n$/,
  );
});

Deno.test("the save step passes registry and other transport references to layerdiff as they are", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/bin`);
  await writeScript(
    `${dir}/bin/docker`,
    `echo "$@" >> "${dir}/docker.log"; exit 1`,
  );
  for (
    const [image, base] of [
      ["docker://ghcr.io/me/app:pr-1", "docker://ghcr.io/me/app:main"],
      ["docker-daemon:app:pr", "oci-archive:/tmp/x.tar:v1"],
    ]
  ) {
    const result = await runStep(stepById(action, "images"), {
      values: { "inputs.image": image, "inputs.base": base },
      env: { PATH: `${dir}/bin:${Deno.env.get("PATH")}` },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.outputs.head, image);
    assert.equal(result.outputs.base, base);
  }
  assert.ok(
    !(await Deno.stat(`${dir}/docker.log`).catch(() => undefined)),
    "docker was not run",
  );
});

Deno.test("the check step turns inputs into flags and records layerdiff's exit code", async () => {
  const dir = await Deno.makeTempDir();
  await writeScript(
    `${dir}/layerdiff`,
    `printf '%s\\n' "$@" > "${dir}/args"; exit 1`,
  );
  const values: Record<string, string> = {
    "steps.install.outputs.path": `${dir}/layerdiff`,
    "steps.images.outputs.head": "head.tar",
    "steps.images.outputs.base": "base.tar",
  };
  for (const name of Object.keys(action.inputs)) values[`inputs.${name}`] = "";
  Object.assign(values, {
    "inputs.max-size": "500MB",
    "inputs.max-growth": "5%",
    "inputs.min-efficiency": "0.9",
    "inputs.size-kind": "uncompressed",
    "inputs.deny": "*.pem\n\n  /root/.ssh  \n",
    "inputs.ignore": "/var/cache/**",
  });
  const result = await runStep(stepById(action, "check"), { values });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.outputs["exit-code"], "1");
  const args = (await Deno.readTextFile(`${dir}/args`)).trimEnd().split("\n");
  assert.deepEqual(args.slice(0, 3), ["check", "head.tar", "--github"]);
  const pairs = args.slice(3).join(" ");
  for (
    const flag of [
      "--base base.tar",
      "--size-kind uncompressed",
      "--max-size 500MB",
      "--max-growth 5%",
      "--min-efficiency 0.9",
      "--deny *.pem --deny /root/.ssh",
      "--ignore /var/cache/**",
    ]
  ) {
    assert.ok(pairs.includes(flag), `${flag} in ${pairs}`);
  }
  assert.ok(!pairs.includes("--max-wasted"), "empty inputs add no flag");
  assert.ok(!pairs.includes("--config"));
});

/** The values the check step's expressions read: every input empty, then `set`. */
function checkValues(
  layerdiffPath: string,
  set: Record<string, string>,
): Record<string, string> {
  const values: Record<string, string> = {
    "steps.install.outputs.path": layerdiffPath,
    "steps.images.outputs.head": "head.tar",
    "steps.images.outputs.base": "",
  };
  for (const name of Object.keys(action.inputs)) values[`inputs.${name}`] = "";
  return Object.assign(values, set);
}

Deno.test("the check step asks for the HTML page and outputs its path only when layerdiff wrote it", async () => {
  const dir = await Deno.makeTempDir();
  const temp = `${dir}/runner-temp`;
  await Deno.mkdir(temp);
  // Writes the page it is asked for when WRITE_PAGE is set, then exits EXIT.
  await writeScript(
    `${dir}/layerdiff`,
    `printf '%s\\n' "$@" > "${dir}/args"
while [ $# -gt 0 ]; do
  if [ "$1" = --html-file ] && [ -n "\${WRITE_PAGE:-}" ]; then echo '<!DOCTYPE html>' > "$2"; fi
  shift
done
exit "$EXIT"`,
  );
  const values = checkValues(`${dir}/layerdiff`, { "inputs.max-size": "1MB" });
  const page = `${temp}/layerdiff-report.html`;
  const wrote = await runStep(stepById(action, "check"), {
    values,
    env: { RUNNER_TEMP: temp, WRITE_PAGE: "1", EXIT: "1" },
  });
  assert.equal(wrote.code, 0, wrote.stderr);
  assert.equal(wrote.outputs["exit-code"], "1");
  assert.equal(wrote.outputs["html-path"], page);
  const args = (await Deno.readTextFile(`${dir}/args`)).split("\n");
  assert.equal(args[args.indexOf("--html-file") + 1], page);
  // Exit 2 before the page: no path, and the first run's page is gone.
  const failed = await runStep(stepById(action, "check"), {
    values,
    env: { RUNNER_TEMP: temp, EXIT: "2" },
  });
  assert.equal(failed.code, 0, failed.stderr);
  assert.equal(failed.outputs["exit-code"], "2");
  assert.ok(!("html-path" in failed.outputs), JSON.stringify(failed.outputs));
  assert.ok(
    !(await Deno.stat(page).catch(() => undefined)),
    "an earlier page is removed",
  );
});

Deno.test("the check step runs layerdiff, which writes the page with the verdict, and the comment links it", async () => {
  const dir = await Deno.makeTempDir();
  const { a, b } = await writeDemoPair(dir);
  await writeScript(
    `${dir}/layerdiff`,
    `exec "${Deno.execPath()}" run --allow-all --quiet "${root}main.ts" "$@"`,
  );
  const env: Record<string, string> = { HOME: Deno.env.get("HOME") ?? dir };
  const denoDir = Deno.env.get("DENO_DIR");
  if (denoDir) env.DENO_DIR = denoDir;
  const result = await runStep(stepById(action, "check"), {
    values: checkValues(`${dir}/layerdiff`, {
      "steps.images.outputs.head": b,
      "steps.images.outputs.base": a,
      "inputs.max-layers": "1",
    }),
    env,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.outputs["exit-code"], "1", result.stderr);
  assert.equal(result.outputs.passed, "false");
  const html = await Deno.readTextFile(result.outputs["html-path"]);
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /<title>layerdiff check: demo:v1 → demo:v2<\/title>/);
  assert.match(
    html,
    /<section class="verdict fail"[^>]*>\n<p><strong>FAIL<\/strong> failed: 1 of 1 rule/,
  );
  const report = await Deno.readTextFile(result.outputs["report-path"]);
  const url = "https://github.com/me/app/actions/runs/1/artifacts/2";
  const comments: { id: number; body: string }[] = [];
  await runComment(fakeGithub(comments).github, report, url);
  assert.ok(
    comments[0].body.startsWith(
      `${commentStep.env!.MARKER}\n${report.trimEnd()}`,
    ),
  );
  assert.ok(comments[0].body.endsWith(`\n\nOpen the HTML report: ${url}\n`));
});

const uploadStep = stepById(action, "upload");

Deno.test("the upload step uploads the page as an artifact when one was written and upload-page is true", () => {
  assert.equal(uploadStep.uses, "actions/upload-artifact@v4");
  assert.equal(action.inputs["upload-page"].default, "true");
  assert.equal(action.inputs["artifact-name"].default, "layerdiff-report");
  const page = "/runner/temp/layerdiff-report.html";
  const withValues = {
    "inputs.artifact-name": "layerdiff-report",
    "steps.check.outputs.html-path": page,
  };
  assert.deepEqual(
    Object.fromEntries(
      Object.entries(uploadStep.with!).map((
        [name, value],
      ) => [name, expand(String(value), withValues)]),
    ),
    {
      name: "layerdiff-report",
      path: page,
      "if-no-files-found": "ignore",
    },
  );
  const runs = (
    upload: string,
    htmlPath: string,
    status: { failure?: boolean; cancelled?: boolean } = {},
  ) =>
    evaluateIf(uploadStep.if!, {
      "inputs.upload-page": upload,
      "steps.check.outputs.html-path": htmlPath,
    }, status);
  assert.equal(runs("true", page), true);
  assert.equal(
    runs("true", page, { failure: true }),
    true,
    "also after a failed step",
  );
  assert.equal(runs("false", page), false);
  assert.equal(runs("true", ""), false, "no page, no upload");
  assert.equal(runs("true", page, { cancelled: true }), false);
  assert.equal(
    uploadStep["continue-on-error"],
    true,
    "a failed upload does not stop the comment",
  );
});

Deno.test("the upload step runs before the comment that links it and before the step that fails the job", () => {
  const at = (step: unknown) => steps.indexOf(step as (typeof steps)[number]);
  assert.ok(at(stepById(action, "check")) < at(uploadStep));
  assert.ok(at(uploadStep) < at(commentStep));
  assert.equal(at(uploadStep) < steps.length - 1, true);
  assert.match(
    commentStep.env!.ARTIFACT_URL,
    /steps\.upload\.outputs\.artifact-url/,
  );
  // The last step fails the job on a failed rule; it must not skip the upload.
  assert.equal(
    evaluateIf(steps[steps.length - 1].if!, {
      "steps.check.outputs.exit-code": "1",
    }),
    true,
  );
});

const commentStep = steps.find((s) =>
  s.uses?.startsWith("actions/github-script@")
)!;

/** A fake of github-script's client holding an issue's comments. */
function fakeGithub(comments: { id: number; body: string }[]) {
  let nextId = Math.max(0, ...comments.map((c) => c.id)) + 1;
  const calls: string[] = [];
  const github = {
    paginate: async (
      list: (params: unknown) => Promise<{ data: unknown[] }>,
      params: unknown,
    ) => (await list(params)).data,
    rest: {
      issues: {
        listComments: (params: { issue_number: number }) => {
          calls.push(`list ${params.issue_number}`);
          return Promise.resolve({ data: comments.map((c) => ({ ...c })) });
        },
        createComment: ({ body }: { body: string }) => {
          calls.push("create");
          comments.push({ id: nextId++, body });
          return Promise.resolve({});
        },
        updateComment: (
          { comment_id, body }: { comment_id: number; body: string },
        ) => {
          calls.push(`update ${comment_id}`);
          comments.find((c) => c.id === comment_id)!.body = body;
          return Promise.resolve({});
        },
      },
    },
  };
  return { github, calls };
}

/**
 * Runs the comment step's script on a report, as github-script would;
 * `artifactUrl` is the upload step's output (empty when it did not run).
 */
async function runComment(
  github: ReturnType<typeof fakeGithub>["github"],
  report: string,
  artifactUrl = "",
): Promise<void> {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/report.md`, report);
  const context = {
    repo: { owner: "me", repo: "app" },
    payload: { pull_request: { number: 7 } },
  };
  const env = Object.fromEntries(
    Object.entries(commentStep.env!).map(([name, value]) => [
      name,
      expand(value, {
        "steps.check.outputs.report-path": `${dir}/report.md`,
        "steps.upload.outputs.artifact-url": artifactUrl,
      }),
    ]),
  );
  const fs = { readFileSync: (path: string) => Deno.readTextFileSync(path) };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  const script = new AsyncFunction(
    "github",
    "context",
    "require",
    "process",
    commentStep.with!.script,
  );
  await script(github, context, (name: string) => {
    assert.equal(name, "fs");
    return fs;
  }, { env });
}

Deno.test("the comment step edits its earlier comment, found by the hidden marker", async () => {
  const step = commentStep;
  assert.ok(step, "a github-script step");
  assert.match(step.if!, /inputs\.comment == 'true'/);
  assert.match(step.if!, /github\.event\.pull_request/);
  assert.equal(step.with!["github-token"], "${{ inputs.github-token }}");
  const marker = step.env!.MARKER;
  assert.match(
    marker,
    /^<!-- .+ -->$/,
    "an HTML comment: hidden when rendered",
  );
  const comments = [{
    id: 1,
    body: `Looks good! (${marker} is how the bot finds its comment)`,
  }];
  const { github, calls } = fakeGithub(comments);
  await runComment(github, "### first push\n");
  await runComment(github, "### second push\n");
  assert.deepEqual(calls, ["list 7", "create", "list 7", "update 2"]);
  assert.equal(comments.length, 2);
  assert.equal(comments[1].body, `${marker}\n### second push\n`);
  assert.match(
    comments[0].body,
    /^Looks good!/,
    "other comments are left alone",
  );
});

Deno.test("the comment step posts layerdiff's longest report whole, with every <details> closed, and the longest link below it", async () => {
  const dir = await Deno.makeTempDir();
  const many = (fill: string) =>
    Array.from(
      { length: 4000 },
      (_, i) => file(`usr/share/doc/package-${i % 40}/file-${i}.txt`, fill),
    );
  const a = `${dir}/a.tar`, b = `${dir}/b.tar`;
  await writeImage(a, "docker-save", { layers: [many("old")] });
  await writeImage(b, "docker-save", { layers: [many("newer")] });
  const reportPath = `${dir}/report.md`;
  const result = await layerdiff([
    "check",
    b,
    "--base",
    a,
    "--max-size",
    "1B",
    "--markdown-file",
    reportPath,
  ]);
  assert.equal(result.code, 1, result.stderr);
  const report = await Deno.readTextFile(reportPath);
  assert.ok(report.length > 60_000, `${report.length} characters`);
  const comments: { id: number; body: string }[][] = [[], []];
  await runComment(fakeGithub(comments[0]).github, report);
  await runComment(
    fakeGithub(comments[1]).github,
    report,
    LONGEST_ARTIFACT_URL,
  );
  const marker = commentStep.env!.MARKER;
  const bodies = comments.map(([comment]) => comment.body);
  assert.deepEqual(bodies, [
    `${marker}\n${report}`,
    `${marker}\n${report.trimEnd()}\n\nOpen the HTML report: ${LONGEST_ARTIFACT_URL}\n`,
  ]);
  for (const body of bodies) {
    assert.ok(body.length <= GITHUB_COMMENT_LIMIT, `${body.length} characters`);
    assert.equal(
      (body.match(/<details>/g) ?? []).length,
      (body.match(/<\/details>/g) ?? []).length,
    );
  }
});

Deno.test("the comment step links the uploaded HTML page on a line below the report, and only when it was uploaded", async () => {
  const marker = commentStep.env!.MARKER;
  const url = "https://github.com/me/app/actions/runs/11/artifacts/22";
  const comments: { id: number; body: string }[] = [];
  await runComment(fakeGithub(comments).github, "### report\n", url);
  assert.equal(
    comments[0].body,
    `${marker}\n### report\n\nOpen the HTML report: ${url}\n`,
  );
  const none: { id: number; body: string }[] = [];
  await runComment(fakeGithub(none).github, "### report\n", "");
  assert.equal(none[0].body, `${marker}\n### report\n`);
});

Deno.test("the comment step keeps the link when it replaces a report over GitHub's limit by its headline", async () => {
  const report = `### ❌ layerdiff check failed: 1 of 1 rule\n\n${
    "| `/a` | 1 B |\n".repeat(6000)
  }`;
  const comments: { id: number; body: string }[] = [];
  await runComment(fakeGithub(comments).github, report, LONGEST_ARTIFACT_URL);
  assert.equal(
    comments[0].body,
    `${
      commentStep.env!.MARKER
    }\n### ❌ layerdiff check failed: 1 of 1 rule\n\n` +
      `_The report is too long for a comment (${report.length} characters); it is in the job summary._\n\n` +
      `Open the HTML report: ${LONGEST_ARTIFACT_URL}\n`,
  );
});

Deno.test("the comment step replaces a report over GitHub's limit by its headline and a pointer, never cutting it", async () => {
  const report = `### ❌ layerdiff check failed: 1 of 1 rule\n\n<details>\n\n${
    "| `/a` | 1 B |\n".repeat(6000)
  }\n</details>\n`;
  assert.ok(report.length > GITHUB_COMMENT_LIMIT);
  const comments: { id: number; body: string }[] = [];
  await runComment(fakeGithub(comments).github, report);
  assert.equal(
    comments[0].body,
    `${
      commentStep.env!.MARKER
    }\n### ❌ layerdiff check failed: 1 of 1 rule\n\n` +
      `_The report is too long for a comment (${report.length} characters); it is in the job summary._\n`,
  );
});

Deno.test("the last step fails the job with layerdiff's exit code", async () => {
  const last = steps[steps.length - 1];
  assert.equal(last.if, "steps.check.outputs.exit-code != '0'");
  for (const code of ["1", "2"]) {
    const result = await runStep(last, {
      values: { "steps.check.outputs.exit-code": code },
    });
    assert.equal(String(result.code), code);
  }
});

Deno.test("README examples that use the action pass only inputs it declares", async () => {
  const readme = await Deno.readTextFile(`${root}README.md`);
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    const step = node as { uses?: unknown; with?: Record<string, unknown> };
    if (typeof step.uses === "string" && /\/layerdiff@/.test(step.uses)) {
      for (const name of Object.keys(step.with ?? {})) {
        assert.ok(
          name in action.inputs,
          `README passes undeclared input ${name}`,
        );
      }
    }
    Object.values(node).forEach(visit);
  };
  for (const [, block] of readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
    visit(parse(block));
  }
});
