import assert from "@std/assert";
import { parse } from "yaml";
import { loadAction, root, stepById } from "./action_steps.ts";
import denoJson from "../../deno.json" with { type: "json" };

interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, {
    "runs-on": string;
    env?: Record<string, string>;
    steps: { uses?: string; run?: string; name?: string }[];
  }>;
}

const directory = `${root}.github/workflows`;

async function loadWorkflow(name: string): Promise<Workflow> {
  return parse(await Deno.readTextFile(`${directory}/${name}`)) as Workflow;
}

/** All of a workflow's shell commands, joined. */
function commands(workflow: Workflow): string {
  return Object.values(workflow.jobs)
    .flatMap((job) => job.steps.map((step) => step.run ?? ""))
    .join("\n");
}

Deno.test("every workflow is valid YAML with a trigger and jobs of steps", async () => {
  const names = [...Deno.readDirSync(directory)].map((entry) => entry.name);
  assert.ok(
    names.includes("ci.yml") && names.includes("release.yml"),
    names.join(),
  );
  for (const name of names) {
    const workflow = await loadWorkflow(name);
    assert.ok(workflow.on, `${name}: on`);
    for (const [id, job] of Object.entries(workflow.jobs)) {
      assert.ok(job["runs-on"], `${name}: ${id}: runs-on`);
      assert.ok(job.steps.length > 0, `${name}: ${id}: steps`);
      for (const step of job.steps) {
        assert.ok(
          step.uses || step.run,
          `${name}: ${id}: a step without uses or run`,
        );
      }
    }
  }
});

Deno.test("ci.yml checks formatting, lint and types and runs the tests with umoci and skopeo", async () => {
  const ci = await loadWorkflow("ci.yml");
  assert.ok("push" in ci.on && "pull_request" in ci.on);
  const run = commands(ci);
  for (
    const command of [
      "deno fmt --check",
      "deno lint",
      "deno task check",
      "deno task test",
    ]
  ) {
    assert.ok(run.includes(command), command);
  }
  assert.match(run, /apt-get install -y umoci skopeo/);
});

Deno.test("release.yml compiles every target the action downloads, on version tags", async () => {
  const release = await loadWorkflow("release.yml");
  assert.deepEqual(release.on, { push: { tags: ["v*.*.*"] } });
  assert.equal(release.permissions?.contents, "write");
  const job = release.jobs.release;
  const targets = job.env!.TARGETS.split(/\s+/).filter(Boolean);
  assert.deepEqual(targets.sort(), [
    "aarch64-apple-darwin",
    "aarch64-unknown-linux-gnu",
    "x86_64-apple-darwin",
    "x86_64-pc-windows-msvc",
    "x86_64-unknown-linux-gnu",
  ]);
  const install = stepById(await loadAction(), "install").run!;
  const downloaded = [...install.matchAll(/target=([a-z0-9_-]+)/g)].map((m) =>
    m[1]
  );
  assert.deepEqual([...new Set(downloaded)].sort(), targets);
  const run = commands(release);
  // The same permissions and included worker module as `deno task compile`.
  const compile = run.match(/deno compile ((?:\\\n|[^\n])*)/)![1];
  const taskFlags = denoJson.tasks.compile.split(" ").slice(2)
    .filter((flag, i, all) =>
      flag !== "--output" && all[i - 1] !== "--output" && flag !== "main.ts"
    );
  for (const flag of taskFlags) assert.ok(compile.includes(flag), flag);
  assert.match(compile, /--target "\$target"/);
  assert.match(run, /dist\/layerdiff-\$target\.zip"/);
  assert.match(run, /"dist\/layerdiff-\$target\.tar\.gz"/);
  assert.match(install, /asset="layerdiff-\$target\.zip"/);
  assert.match(install, /asset="layerdiff-\$target\.tar\.gz"/);
  assert.match(run, /sha256sum layerdiff-\* > SHA256SUMS/);
  assert.match(run, /gh release create "\$GITHUB_REF_NAME" dist\/\*/);
  assert.match(
    run,
    /jq -r \.version deno\.json/,
    "the tag must be deno.json's version",
  );
});
