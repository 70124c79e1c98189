import { type Command, Option } from "commander";
import {
  type ReportOptions,
  type Section,
  SECTIONS,
} from "../analyze/sections.ts";
import { UsageError } from "../errors.ts";

/** The output formats of `diff` and `inspect`. */
export type ReportFormat = "table" | "json" | "markdown" | "html";

/**
 * Adds the options shared by `diff` and `inspect`: `--format`, `--json`,
 * `--output`, `--section`, `--depth` and `--top`. The help of `--section` lists
 * `options.sections` (default: all), the ones the command shows.
 */
export function addReportOptions(
  command: Command,
  options: { sections?: readonly Section[] } = {},
): Command {
  return command
    .addOption(
      new Option("--format <format>", "output format")
        .choices(["table", "json", "markdown", "html"]).default("table"),
    )
    .option("--json", "same as --format json")
    .option(
      "-o, --output <file>",
      "write the report to FILE instead of stdout (e.g. with --format html)",
    )
    .option(
      "--section <names>",
      `show only these sections, comma-separated or repeated: ${
        (options.sections ?? SECTIONS).join(", ")
      }`,
      collect,
    )
    .option(
      "--depth <n>",
      "deepest directory level of the size-by-directory tree (default 3)",
    )
    .option(
      "--top <n>",
      "rows of the largest-files, wasted-path and duplicate lists (default 10)",
    );
}

/** `--output FILE`, or undefined for stdout (also for `-o -`). */
export function reportOutput(
  options: Record<string, unknown>,
): string | undefined {
  const output = options.output as string | undefined;
  return output === undefined || output === "-" ? undefined : output;
}

/** The format chosen with `--format` or `--json`. */
export function reportFormat(options: Record<string, unknown>): ReportFormat {
  return options.json ? "json" : options.format as ReportFormat;
}

/** Reads and checks `--section`, `--depth` and `--top`. */
export function reportOptions(options: Record<string, unknown>): ReportOptions {
  const names = ((options.section ?? []) as string[])
    .flatMap((value) => value.split(","))
    .map((name) => name.trim())
    .filter((name) => name !== "");
  for (const name of names) {
    if (!(SECTIONS as readonly string[]).includes(name)) {
      throw new UsageError(
        `--section: unknown section "${name}" (choose from ${
          SECTIONS.join(", ")
        })`,
      );
    }
  }
  return {
    ...(names.length > 0 ? { sections: names as Section[] } : {}),
    ...(options.depth !== undefined
      ? { depth: wholeNumber(options.depth, "--depth", 0) }
      : {}),
    ...(options.top !== undefined
      ? { top: wholeNumber(options.top, "--top", 1) }
      : {}),
  };
}

/** Collects a repeated option's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function wholeNumber(value: unknown, flag: string, min: number): number {
  const text = String(value).trim();
  const number = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(number) || number < min) {
    throw new UsageError(
      `${flag}: invalid value "${text}": use a whole number of at least ${min}`,
    );
  }
  return number;
}
