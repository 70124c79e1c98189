import assert from "@std/assert";
import { parseArgs } from "../../mod/cli/args.ts";
import { reportOptions } from "../../mod/cli/report_args.ts";
import { UsageError } from "../../mod/errors.ts";

Deno.test("reportOptions() reads --section lists, repeated or comma-separated, --depth and --top", () => {
  assert.deepEqual(
    reportOptions({
      section: ["layers,bloat", " files "],
      depth: "0",
      top: "25",
    }),
    { sections: ["layers", "bloat", "files"], depth: 0, top: 25 },
  );
  assert.deepEqual(reportOptions({}), {});
});

Deno.test("reportOptions() turns unknown sections and bad numbers into UsageErrors", () => {
  assert.throws(
    () => reportOptions({ section: ["layers,nope"] }),
    UsageError,
    'unknown section "nope"',
  );
  for (
    const [name, value] of [["depth", "-1"], ["depth", "2.5"], ["top", "0"], [
      "top",
      "ten",
    ]]
  ) {
    assert.throws(
      () => reportOptions({ [name]: value }),
      UsageError,
      `--${name}: invalid value`,
    );
  }
});

Deno.test("parseArgs() gives diff the report flags and --format markdown", () => {
  const args = parseArgs([
    "a",
    "b",
    "--format",
    "markdown",
    "--section",
    "summary,changes",
    "--depth",
    "2",
    "--top",
    "5",
  ]);
  assert.equal(args.command, "diff");
  assert.deepEqual(
    args.command === "diff" ? [args.format, args.report] : [],
    ["markdown", { sections: ["summary", "changes"], depth: 2, top: 5 }],
  );
  assert.throws(() => parseArgs(["a", "b", "--section", "nope"]), UsageError);
});
