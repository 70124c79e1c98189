import assert from "@std/assert";
import { parseArgs, VERSION } from "../../mod/cli/args.ts";
import { UsageError } from "../../mod/errors.ts";

Deno.test("parseArgs() runs diff by default, with the documented defaults", () => {
  assert.deepEqual(parseArgs(["a.tar", "b.tar"]), {
    command: "diff",
    a: "a.tar",
    b: "b.tar",
    format: "table",
    report: {},
    content: { globs: [], limit: 256 << 10 },
    image: [],
    platform: [],
    mtime: false,
    exitCode: false,
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
  assert.deepEqual(
    parseArgs(["diff", "a.tar", "b.tar"]),
    parseArgs(["a.tar", "b.tar"]),
  );
});

Deno.test("parseArgs() refuses a bad --content glob or --content-limit, naming the flag", () => {
  assert.throws(
    () => parseArgs(["a", "b", "--content-limit", "5 MBs"]),
    UsageError,
    "--content-limit: invalid size",
  );
  assert.throws(
    () => parseArgs(["a", "b", "--content", "/"]),
    UsageError,
    "invalid glob",
  );
});

Deno.test("parseArgs() reads every flag", () => {
  assert.deepEqual(
    parseArgs([
      "a",
      "-",
      "--json",
      "--image",
      "app:v1",
      "--image",
      "app:v2",
      "--platform",
      "linux/arm64/v8",
      "--mtime",
      "--exit-code",
      "--no-verify",
      "--no-color",
      "--debug",
      "--tls-verify=false",
      "--insecure-registry",
      "registry.lan:5000",
      "--insecure-registry",
      "10.0.0.5",
      "--timeout",
      "2.5",
      "--cache-dir",
      "/tmp/ld-cache",
      "--verify-all",
      "--content",
      "/etc/**",
      "--content",
      "*.conf",
      "--content-limit",
      "1MiB",
    ]),
    {
      command: "diff",
      a: "a",
      b: "-",
      format: "json",
      report: {},
      content: { globs: ["/etc/**", "*.conf"], limit: 1 << 20 },
      image: ["app:v1", "app:v2"],
      platform: ["linux/arm64/v8"],
      mtime: true,
      exitCode: true,
      verify: false,
      color: false,
      debug: true,
      source: {
        tlsVerify: false,
        insecureRegistries: ["registry.lan:5000", "10.0.0.5"],
        timeoutMs: 2500,
        cache: { enabled: true, dir: "/tmp/ld-cache", verifyAll: true },
      },
    },
  );
  assert.equal(
    (parseArgs(["a", "b", "--format", "json"]) as { format: string }).format,
    "json",
  );
});

Deno.test("parseArgs() refuses a --tls-verify that is not a boolean and a --timeout that is not positive", () => {
  for (
    const [flag, value, message] of [
      ["--tls-verify", "no", /--tls-verify: invalid value "no"/],
      ["--timeout", "0", /--timeout: invalid value "0"/],
      ["--timeout", "-1", /--timeout: invalid value "-1"/],
      ["--timeout", "5s", /--timeout: invalid value "5s"/],
    ] as const
  ) {
    assert.throws(
      () => parseArgs(["a", "b", flag, value]),
      (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.match((error as Error).message, message);
        return true;
      },
    );
  }
});

Deno.test("parseArgs() returns help and version as text to print", () => {
  const help = parseArgs(["-h"]);
  assert.equal(help.command, "print");
  assert.match((help as { text: string }).text, /^Usage: layerdiff/);
  assert.deepEqual(parseArgs(["--version"]), {
    command: "print",
    text: `${VERSION}\n`,
  });
});

Deno.test("parseArgs() turns mistakes into a UsageError that points to --help", () => {
  for (
    const argv of [
      ["a", "b", "--nope"],
      ["a"],
      ["a", "b", "c"],
      ["a", "b", "--format", "yaml"],
      ["a", "b", "--image"],
      ["-", "-"],
    ]
  ) {
    assert.throws(() => parseArgs(argv), UsageError, argv.join(" "));
  }
  assert.throws(
    () => parseArgs(["a", "b", "--nope"]),
    /\(see layerdiff --help\)$/,
  );
});
