import assert from "@std/assert";
import { parseArgs } from "../../mod/cli/args.ts";
import { UsageError } from "../../mod/errors.ts";

Deno.test("parseArgs() reads `inspect IMAGE` with its defaults", () => {
  assert.deepEqual(parseArgs(["inspect", "app.tar"]), {
    command: "inspect",
    image: "app.tar",
    format: "table",
    report: {},
    ref: undefined,
    platform: undefined,
    verify: true,
    color: true,
    debug: false,
    source: {
      tlsVerify: true,
      insecureRegistries: [],
      timeoutMs: 30_000,
      cache: { enabled: true, verifyAll: false },
    },
  });
});

Deno.test("parseArgs() reads every inspect flag", () => {
  assert.deepEqual(
    parseArgs([
      "inspect",
      "-",
      "--json",
      "--section",
      "layers",
      "--section",
      "bloat",
      "--depth",
      "4",
      "--top",
      "3",
      "--image",
      "app:v2",
      "--platform",
      "linux/arm64",
      "--no-verify",
      "--no-color",
      "--debug",
      "--tls-verify",
      "false",
      "--timeout",
      "5",
      "--no-cache",
    ]),
    {
      command: "inspect",
      image: "-",
      format: "json",
      report: { sections: ["layers", "bloat"], depth: 4, top: 3 },
      ref: "app:v2",
      platform: "linux/arm64",
      verify: false,
      color: false,
      debug: true,
      source: {
        tlsVerify: false,
        insecureRegistries: [],
        timeoutMs: 5000,
        cache: { enabled: false, verifyAll: false },
      },
    },
  );
  const markdown = parseArgs(["inspect", "x", "--format", "markdown"]);
  assert.equal(markdown.command === "inspect" && markdown.format, "markdown");
});

Deno.test("parseArgs() refuses the changes section and a missing image for inspect", () => {
  assert.throws(
    () => parseArgs(["inspect", "x", "--section", "changes"]),
    UsageError,
    '"changes" is only for diff',
  );
  assert.throws(
    () => parseArgs(["inspect"]),
    UsageError,
    "missing required argument",
  );
  assert.throws(() => parseArgs(["inspect", "a", "b"]), UsageError);
});

Deno.test("parseArgs() lists for inspect --help only the sections inspect shows", () => {
  const section = (argv: string[]) => {
    const help = parseArgs(argv) as { command: string; text: string };
    assert.equal(help.command, "print");
    return help.text.split("--section")[1].split("--depth")[0]
      .replace(/\s+/g, " ");
  };
  assert.match(
    section(["inspect", "--help"]),
    /repeated: summary, layers, bloat, directories, files, packages $/,
  );
  assert.match(section(["diff", "--help"]), /files, packages, changes $/);
});
