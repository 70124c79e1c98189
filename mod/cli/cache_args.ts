import { Command, type OutputConfiguration } from "commander";
import { parseSize } from "../budget/limit_value.ts";
import { DEFAULT_CACHE_MAX_BYTES } from "../cache/layer_cache.ts";
import { UsageError } from "../errors.ts";

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
  const dirOption = [
    "--cache-dir <dir>",
    "the cache (default $XDG_CACHE_HOME/layerdiff or ~/.cache/layerdiff)",
  ] as const;
  command.command("info")
    .description("where the cache is, how many layers and bytes it holds")
    .option(...dirOption)
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
    .option(...dirOption)
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
    ...(typeof options.cacheDir === "string" ? { dir: options.cacheDir } : {}),
    maxBytes: options.maxSize === undefined
      ? DEFAULT_CACHE_MAX_BYTES
      : parseSize(options.maxSize, "--max-size"),
  };
}
