/**
 * `deno task compile` builds the standalone binary. deno compile downloads
 * Deno's runtime (denort) the first time, so on a machine without internet
 * access this test is ignored, with the reason printed, rather than passed.
 */
import assert from "@std/assert";
import denoJson from "../../deno.json" with { type: "json" };

const root = new URL("../..", import.meta.url).pathname;
const output = `${await Deno.makeTempDir()}/layerdiff`;
// Exactly `deno task compile`, with the binary written to a temp dir.
const compileArgs = denoJson.tasks.compile.split(" ").slice(1)
  .map((arg) => arg === "dist/layerdiff" ? output : arg);
const compiled = await new Deno.Command(Deno.execPath(), {
  args: compileArgs,
  cwd: root,
  stdout: "piped",
  stderr: "piped",
}).output();
const compileError = new TextDecoder().decode(compiled.stderr);
const offline = !compiled.success &&
  /error sending request|dns error|denort/i.test(compileError);
if (offline) {
  console.warn(
    "compile_test: ignored: deno compile cannot download denort here (no internet access)",
  );
}

Deno.test({
  name: "deno compile builds a standalone layerdiff that runs the demo",
  ignore: offline,
  async fn() {
    assert.ok(compiled.success, compileError);
    const run = async (...args: string[]) =>
      new TextDecoder().decode(
        (await new Deno.Command(output, { args, cwd: "/" }).output()).stdout,
      );
    assert.equal((await run("--version")).trim(), denoJson.version);
    const json = JSON.parse(
      await run(
        `${root}testdata/app-v1.tar`,
        `${root}testdata/app-v2.tar`,
        "--json",
      ),
    );
    assert.equal(json.schemaVersion, 1);
  },
});
