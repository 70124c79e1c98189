import type { Command } from "commander";
import type { KeepOptions } from "../analyze/keep_policy.ts";
import { CONTENT_FILE_LIMIT } from "../analyze/keep_policy.ts";
import { type Section, SECTIONS } from "../analyze/sections.ts";
import { globMatcher } from "../budget/glob.ts";
import { parseSize } from "../budget/limit_value.ts";
import { collect } from "./report_args.ts";

/** `--content GLOB…` and `--content-limit SIZE` of `diff`. */
export interface ContentArgs {
  /** Globs of the files whose content diff to show; empty for none. */
  globs: string[];
  /** Most bytes kept of one such file. */
  limit: number;
}

/** Adds `--content` and `--content-limit` to `diff`. */
export function addContentOptions(command: Command): Command {
  return command
    .option(
      "--content <glob>",
      "show a unified diff of each modified file that matches, e.g. '/etc/**' (repeatable)",
      collect,
    )
    .option(
      "--content-limit <size>",
      "largest file whose content --content keeps, per side (default 256KiB)",
    );
}

/** Reads `--content` and `--content-limit`; a bad glob or size throws a UsageError. */
export function contentArgs(options: Record<string, unknown>): ContentArgs {
  const globs = (options.content ?? []) as string[];
  globMatcher(globs);
  return {
    globs,
    limit: options.contentLimit === undefined
      ? CONTENT_FILE_LIMIT
      : parseSize(options.contentLimit, "--content-limit"),
  };
}

/**
 * What a run keeps while reading: package databases when the packages
 * section is shown, and the `--content` files.
 */
export function keepOptions(
  sections: readonly Section[] | undefined,
  content?: ContentArgs,
): KeepOptions & { content?: (path: string) => boolean } {
  const matcher = content?.globs.length
    ? globMatcher(content.globs)
    : undefined;
  return {
    packages: (sections ?? SECTIONS).includes("packages"),
    ...(matcher
      ? {
        content: (path: string) => matcher(path) !== undefined,
        contentLimit: content!.limit,
      }
      : {}),
  };
}
