import { Command, type OutputConfiguration } from "commander";
import { type ReportOptions, SECTIONS } from "../analyze/sections.ts";
import { UsageError } from "../errors.ts";
import {
  addReportOptions,
  type ReportFormat,
  reportFormat,
  reportOptions,
  reportOutput,
} from "./report_args.ts";
import {
  addSourceOptions,
  type SourceArgs,
  sourceArgs,
} from "./source_args.ts";

/** `layerdiff inspect IMAGE` with its options. */
export interface InspectArgs {
  command: "inspect";
  image: string;
  format: ReportFormat;
  /** `--output FILE`; undefined for stdout. */
  output?: string;
  report: ReportOptions;
  /** `--image REF`: which image of the archive. */
  ref?: string;
  platform?: string;
  verify: boolean;
  /** `--tls-verify`, `--insecure-registry`, `--timeout`, the layer cache's flags. */
  source: SourceArgs;
  color: boolean;
  debug: boolean;
}

/** The `inspect` subcommand for commander; `onParsed` receives the arguments. */
export function inspectCommand(
  output: OutputConfiguration,
  onParsed: (args: InspectArgs) => void,
): Command {
  const command = new Command("inspect")
    .description(
      "explain one image: its layers and what each did, bloat, size by directory, largest files",
    )
    .argument(
      "<image>",
      "docker save / OCI archive (.tar, .tar.gz), OCI layout directory, - for stdin, docker://REF or docker-daemon:NAME",
    );
  return addSourceOptions(addReportOptions(command, {
    sections: SECTIONS.filter((section) => section !== "changes"),
  }))
    .option("--image <ref>", "pick an image by tag, ref.name or digest")
    .option("--platform <os/arch[/variant]>", "pick a platform from an index")
    .option("--no-verify", "skip the sha256 checks of blobs and diff_ids")
    .option("--no-color", "never colour the table")
    .option("--debug", "show a stack trace on errors")
    .helpOption("-h, --help", "show this help")
    .configureOutput(output)
    .exitOverride()
    .action((image: string, options: Record<string, unknown>) => {
      const report = reportOptions(options);
      if (report.sections?.includes("changes")) {
        throw new UsageError(
          '--section: "changes" is only for diff; inspect has no changes',
        );
      }
      onParsed({
        command: "inspect",
        image,
        format: reportFormat(options),
        ...(reportOutput(options) ? { output: reportOutput(options) } : {}),
        report,
        ref: options.image as string | undefined,
        platform: options.platform as string | undefined,
        verify: options.verify !== false,
        source: sourceArgs(options),
        color: options.color !== false,
        debug: options.debug === true,
      });
    });
}
