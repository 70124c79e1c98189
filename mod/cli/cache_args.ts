import { Command, type OutputConfiguration } from "commander";
import { parseSize } from "../budget/limit_value.ts";
import { DEFAULT_CACHE_MAX_BYTES } from "../cache/layer_cache.ts";
import { UsageError } from "../errors.ts";
import { CACHE_DIR_OPTION, cacheDirOf } from "./source_args.ts";

/** `layerdiff cache info|prune` with its options. */
export interface CacheArgs {
  command: "cache";
  action: "info" | "prune";
  /** `--cache-dir DIR`; undefined for the default. */
  dir?: string;
  /** `prune --max-size SIZE` in bytes (default 1 GiB). */
  maxBytes: number;
}

/** The `cache` subcommand for commander; `onParsed` receives the arguments. */
export function cacheCommand(
  output: OutputConfiguration,
  onParsed: (args: CacheArgs) => void,
): Command {
  const command = new Command("cache")
    .description("show or bound the layer cache")
    .helpOption("-h, --help", "show this help")
    .configureOutput(output)
    .exitOverride()
    .action(() => {
      throw new UsageError(
        "cache: say info or prune (see layerdiff cache --help)",
      );
    });
  command.command("info")
    .description("where the cache is, how many layers and bytes it holds")
    .option(...CACHE_DIR_OPTION)
    .helpOption("-h, --help", "show this help")
    .configureOutput(output)
    .exitOverride()
    .action((options: Record<string, unknown>) =>
      onParsed(cacheArgs("info", options))
    );
  command.command("prune")
    .description(
      "remove the least recently used layers until the cache fits --max-size",
    )
    .option(...CACHE_DIR_OPTION)
    .option(
      "--max-size <size>",
      "the most the cache may hold afterwards, e.g. 500MB (default 1GiB; 0 empties it)",
    )
    .helpOption("-h, --help", "show this help")
    .configureOutput(output)
    .exitOverride()
    .action((options: Record<string, unknown>) =>
      onParsed(cacheArgs("prune", options))
    );
  return command;
}

function cacheArgs(
  action: "info" | "prune",
  options: Record<string, unknown>,
): CacheArgs {
  return {
    command: "cache",
    action,
    ...cacheDirOf(options),
    maxBytes: options.maxSize === undefined
      ? DEFAULT_CACHE_MAX_BYTES
      : parseSize(options.maxSize, "--max-size"),
  };
}
