import { Command, Option, type OutputConfiguration } from "commander";
import type { Budget } from "../budget/budget.ts";
import {
  parseCount,
  parseGrowth,
  parseRatio,
  parseSize,
} from "../budget/limit_value.ts";
import { UsageError } from "../errors.ts";
import {
  addSourceOptions,
  type SourceArgs,
  sourceArgs,
} from "./source_args.ts";

/** `layerdiff check HEAD` with its options. */
export interface CheckArgs {
  command: "check";
  head: string;
  base?: string;
  /** The limits given as flags (a config file's are read later). */
  budget: Budget;
  config?: string;
  format: "text" | "json" | "markdown";
  /** GitHub Actions mode: true with --github, false with --no-github, else from GITHUB_ACTIONS. */
  github?: boolean;
  /** Where to write the Markdown report. */
  markdownFile?: string;
  /** Where to write the HTML page, with the verdict in its header. */
  htmlFile?: string;
  /** `--image`: once for both images, twice for HEAD then BASE. */
  image: string[];
  /** `--platform`: same rule as `--image`. */
  platform: string[];
  verify: boolean;
  /** `--tls-verify`, `--insecure-registry`, `--timeout`, the layer cache's flags. */
  source: SourceArgs;
  color: boolean;
  debug: boolean;
}

/**
 * The `check` subcommand for commander. `onParsed` receives the arguments;
 * a bad limit throws a UsageError naming the flag.
 */
export function checkCommand(
  output: OutputConfiguration,
  onParsed: (args: CheckArgs) => void,
): Command {
  const command = new Command("check")
    .description(
      "check an image against size and bloat budgets: exit 0 when every rule passes, 1 when one fails",
    )
    .argument(
      "<head>",
      "the image to check (archive, OCI layout, -, docker://REF or docker-daemon:NAME)",
    )
    .option(
      "--base <image>",
      "the image HEAD grew from, for --max-growth and --max-package-growth",
    )
    .option("--max-size <size>", "largest image size, e.g. 500MB or 1.5GiB")
    .option(
      "--max-growth <size|percent>",
      "largest growth over --base, e.g. 20MB or 5%",
    )
    .option(
      "--max-wasted <size>",
      "most wasted bytes: file copies a later layer hides",
    )
    .option(
      "--max-dive-wasted <size>",
      "most wasted bytes by dive's definition (every copy of a path stored twice)",
    )
    .option(
      "--min-efficiency <ratio>",
      "lowest efficiency, 0 to 1 or a percent (dive's definition)",
    )
    .option(
      "--max-user-wasted <ratio>",
      "most wasted bytes per byte above the base layer, 0 to 1 or a percent",
    )
    .option("--max-layers <n>", "most layers")
    .option(
      "--max-file-size <size>",
      "largest single file in any layer",
    )
    .option(
      "--deny <glob>",
      "fail when any layer holds a matching path (repeatable)",
      collect,
    )
    .option(
      "--deny-package <glob>",
      "fail when an installed package's name matches, e.g. 'gcc*' or '*-dev' (repeatable)",
      collect,
    )
    .option(
      "--max-package-growth <size>",
      "largest growth of the files packages own, over --base",
    )
    .option(
      "--ignore <glob>",
      "leave matching paths out of the waste and deny rules (repeatable)",
      collect,
    )
    .addOption(
      new Option("--size-kind <kind>", "which bytes the size rules count")
        .choices(["uncompressed", "compressed"]),
    )
    .option(
      "--config <file>",
      "read rules from a YAML or JSON file (flags override it)",
    )
    .addOption(
      new Option("--format <format>", "output format")
        .choices(["text", "json", "markdown"]).default("text"),
    )
    .option("--json", "same as --format json")
    .option("--markdown-file <file>", "also write the Markdown report to FILE")
    .option(
      "--html-file <file>",
      "also write the HTML page, with the verdict in its header, to FILE",
    )
    .option(
      "--github",
      "GitHub Actions mode (default when GITHUB_ACTIONS=true): step summary, outputs, annotations",
    )
    .option("--no-github", "never use GitHub Actions mode")
    .option(
      "--image <ref>",
      "pick an image by tag, ref.name or digest (twice: HEAD then BASE)",
      collect,
    )
    .option(
      "--platform <os/arch[/variant]>",
      "pick a platform from an index (twice: HEAD then BASE)",
      collect,
    )
    .option("--no-verify", "skip the sha256 checks of blobs and diff_ids");
  return addSourceOptions(command)
    .option("--no-color", "never colour the output")
    .option("--debug", "show a stack trace on errors")
    .helpOption("-h, --help", "show this help")
    .configureOutput(output)
    .exitOverride()
    .action((head: string, options: Record<string, unknown>) => {
      onParsed(toArgs(head, options));
    });
}

function toArgs(head: string, options: Record<string, unknown>): CheckArgs {
  const text = (name: string) => options[name] as string | undefined;
  const list = (name: string) => (options[name] ?? []) as string[];
  const parse = <T>(
    name: string,
    flag: string,
    parser: (value: unknown, what: string) => T,
  ) => text(name) === undefined ? undefined : parser(text(name), flag);
  const args: CheckArgs = {
    command: "check",
    head,
    base: text("base"),
    budget: {
      sizeKind: options.sizeKind as Budget["sizeKind"],
      maxSize: parse("maxSize", "--max-size", parseSize),
      maxGrowth: parse("maxGrowth", "--max-growth", parseGrowth),
      maxWasted: parse("maxWasted", "--max-wasted", parseSize),
      maxDiveWasted: parse("maxDiveWasted", "--max-dive-wasted", parseSize),
      minEfficiency: parse("minEfficiency", "--min-efficiency", parseRatio),
      maxUserWasted: parse("maxUserWasted", "--max-user-wasted", parseRatio),
      maxLayers: parse("maxLayers", "--max-layers", parseCount),
      maxFileSize: parse("maxFileSize", "--max-file-size", parseSize),
      deny: list("deny"),
      ignore: list("ignore"),
      denyPackage: list("denyPackage"),
      maxPackageGrowth: parse(
        "maxPackageGrowth",
        "--max-package-growth",
        parseSize,
      ),
    },
    config: text("config"),
    format: options.json ? "json" : options.format as CheckArgs["format"],
    github: options.github as boolean | undefined,
    markdownFile: text("markdownFile"),
    htmlFile: text("htmlFile"),
    image: list("image"),
    platform: list("platform"),
    verify: options.verify !== false,
    source: sourceArgs(options),
    color: options.color !== false,
    debug: options.debug === true,
  };
  for (const flag of ["image", "platform"] as const) {
    if (args[flag].length > 2) {
      throw new UsageError(
        `--${flag} given more than twice (once for both images, or HEAD then BASE)`,
      );
    }
  }
  if (args.head === "-" && args.base === "-") {
    throw new UsageError("only one image can come from stdin (-)");
  }
  return args;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
