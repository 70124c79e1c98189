import { Command, CommanderError } from "commander";
import denoJson from "../../deno.json" with { type: "json" };
import type { ReportOptions } from "../analyze/sections.ts";
import { UsageError } from "../errors.ts";
import { type CacheArgs, cacheCommand } from "./cache_args.ts";
import { type CheckArgs, checkCommand } from "./check_args.ts";
import {
  addContentOptions,
  type ContentArgs,
  contentArgs,
} from "./content_args.ts";
import { type InspectArgs, inspectCommand } from "./inspect_args.ts";
import {
  addSourceOptions,
  type SourceArgs,
  sourceArgs,
} from "./source_args.ts";
import {
  addReportOptions,
  type ReportFormat,
  reportFormat,
  reportOptions,
  reportOutput,
} from "./report_args.ts";

/** `layerdiff diff A B` with its options. */
export interface DiffArgs {
  command: "diff";
  a: string;
  b: string;
  format: ReportFormat;
  /** `--output FILE`; undefined for stdout. */
  output?: string;
  /** `--section`, `--depth`, `--top`. */
  report: ReportOptions;
  /** `--content`, `--content-limit`. */
  content: ContentArgs;
  /** `--image`: once for both images, twice for A then B. */
  image: string[];
  /** `--platform`: same rule as `--image`. */
  platform: string[];
  mtime: boolean;
  exitCode: boolean;
  verify: boolean;
  /** `--tls-verify`, `--insecure-registry`, `--timeout`, the layer cache's flags. */
  source: SourceArgs;
  /** false with `--no-color`. */
  color: boolean;
  debug: boolean;
}

/** Text to print and exit 0: `--help` or `--version`. */
export interface PrintArgs {
  command: "print";
  text: string;
}

/** The layerdiff version, from deno.json. */
export const VERSION: string = denoJson.version;

/**
 * Parses the command line (without the program name). Help and version
 * come back as text to print; mistakes throw a UsageError.
 */
export function parseArgs(
  argv: string[],
): DiffArgs | CheckArgs | InspectArgs | CacheArgs | PrintArgs {
  let parsed: DiffArgs | undefined;
  let cached: CacheArgs | undefined;
  let checked: CheckArgs | undefined;
  let inspected: InspectArgs | undefined;
  let printed = "";
  const output = {
    writeOut: (text: string) => printed += text,
    writeErr: (text: string) => printed += text,
    outputError: () => {},
    getOutHasColors: () => false,
    getErrHasColors: () => false,
  };
  const program = new Command("layerdiff")
    .description(
      "Compare two container image archives file by file.\n" +
        "`layerdiff A B` runs the diff command: see `layerdiff diff --help`.",
    )
    .version(VERSION, "--version", "print the version")
    .helpOption("-h, --help", "show this help")
    .configureOutput(output)
    .exitOverride();
  const diff = program.command("diff", { isDefault: true })
    .description("report what changed between image A and image B")
    .argument(
      "<a>",
      "image A: docker save / OCI archive (.tar, .tar.gz), OCI layout directory, - for stdin, docker://REF (a registry) or docker-daemon:NAME",
    )
    .argument("<b>", "image B: same forms as A");
  addContentOptions(addSourceOptions(addReportOptions(diff)))
    .option(
      "--image <ref>",
      "pick an image by tag, ref.name or digest (twice: A then B)",
      collect,
    )
    .option(
      "--platform <os/arch[/variant]>",
      "pick a platform from an index (twice: A then B)",
      collect,
    )
    .option("--mtime", "report modification-time changes too")
    .option("--exit-code", "exit with 1 when the images differ")
    .option("--no-verify", "skip the sha256 checks of blobs and diff_ids")
    .option("--no-color", "never colour the table")
    .option("--debug", "show a stack trace on errors")
    .helpOption("-h, --help", "show this help")
    .configureOutput(output)
    .exitOverride()
    .action((a: string, b: string, options: Record<string, unknown>) => {
      parsed = {
        command: "diff",
        a,
        b,
        format: reportFormat(options),
        ...(reportOutput(options) ? { output: reportOutput(options) } : {}),
        report: reportOptions(options),
        content: contentArgs(options),
        image: (options.image ?? []) as string[],
        platform: (options.platform ?? []) as string[],
        mtime: options.mtime === true,
        exitCode: options.exitCode === true,
        verify: options.verify !== false,
        source: sourceArgs(options),
        color: options.color !== false,
        debug: options.debug === true,
      };
    });
  program.addCommand(checkCommand(output, (args) => checked = args));
  program.addCommand(inspectCommand(output, (args) => inspected = args));
  program.addCommand(cacheCommand(output, (args) => cached = args));
  try {
    program.parse(argv, { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return { command: "print", text: printed };
    throw new UsageError(
      `${error.message.replace(/^error: /, "")} (see layerdiff --help)`,
    );
  }
  if (checked) return checked;
  if (inspected) return inspected;
  if (cached) return cached;
  if (!parsed) {
    return { command: "print", text: printed || program.helpInformation() };
  }
  for (
    const [flag, values] of [["--image", parsed.image], [
      "--platform",
      parsed.platform,
    ]] as const
  ) {
    if (values.length > 2) {
      throw new UsageError(
        `${flag} given more than twice (once for both images, or A then B)`,
      );
    }
  }
  if (parsed.a === "-" && parsed.b === "-") {
    throw new UsageError("only one image can come from stdin (-)");
  }
  return parsed;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
