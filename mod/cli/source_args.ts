import type { Command } from "commander";
import { UsageError } from "../errors.ts";
import { collect } from "./report_args.ts";

/** How to reach registries and the Docker engine, from the command line. */
export interface SourceArgs {
  /** `--tls-verify=false`: HTTPS certificates unchecked, plain HTTP allowed. */
  tlsVerify: boolean;
  /** `--insecure-registry HOST`: may be reached over plain HTTP. */
  insecureRegistries: string[];
  /** `--timeout SECONDS`, in milliseconds. */
  timeoutMs: number;
  /** `--cache-dir`, `--no-cache`, `--verify-all`. */
  cache: LayerCacheArgs;
}

/** Where the layer cache is and whether it is read. */
export interface LayerCacheArgs {
  /** false with `--no-cache`: neither read nor written. */
  enabled: boolean;
  /** `--cache-dir DIR`; undefined for the default. */
  dir?: string;
  /** `--verify-all`: every layer read and checked again (the cache is still written). */
  verifyAll: boolean;
}

/** `--cache-dir DIR`, for the commands that read images and for `cache`. */
export const CACHE_DIR_OPTION = [
  "--cache-dir <dir>",
  "where the layer cache is (default $XDG_CACHE_HOME/layerdiff or ~/.cache/layerdiff)",
] as const;

/** The `--cache-dir` commander parsed, as an optional field. */
export function cacheDirOf(options: Record<string, unknown>): { dir?: string } {
  return typeof options.cacheDir === "string" ? { dir: options.cacheDir } : {};
}

/**
 * Adds `--tls-verify`, `--insecure-registry`, `--timeout` and the layer
 * cache's `--cache-dir`, `--no-cache` and `--verify-all`.
 */
export function addSourceOptions(command: Command): Command {
  return command
    .option(
      "--tls-verify <bool>",
      "check registries' HTTPS certificates (--tls-verify=false also allows plain HTTP)",
    )
    .option(
      "--insecure-registry <host>",
      "a registry that may be reached over plain HTTP (repeatable; localhost and 127.0.0.1 always may)",
      collect,
    )
    .option(
      "--timeout <seconds>",
      "network timeout for a connection, a response and a stalled transfer (default 30)",
    )
    .option(...CACHE_DIR_OPTION)
    .option("--no-cache", "neither read nor write the layer cache")
    .option(
      "--verify-all",
      "read and check every layer again instead of taking it from the cache",
    );
}

/** Reads and checks the options `addSourceOptions` added. */
export function sourceArgs(options: Record<string, unknown>): SourceArgs {
  const verify = options.tlsVerify === undefined
    ? "true"
    : String(options.tlsVerify);
  if (verify !== "true" && verify !== "false") {
    throw new UsageError(
      `--tls-verify: invalid value "${verify}": use true or false`,
    );
  }
  const timeout = options.timeout === undefined
    ? "30"
    : String(options.timeout).trim();
  const seconds = /^\d+(\.\d+)?$/.test(timeout) ? Number(timeout) : NaN;
  if (!(seconds > 0)) {
    throw new UsageError(
      `--timeout: invalid value "${timeout}": use a number of seconds above 0`,
    );
  }
  return {
    tlsVerify: verify === "true",
    insecureRegistries: (options.insecureRegistry ?? []) as string[],
    timeoutMs: Math.round(seconds * 1000),
    cache: {
      enabled: options.cache !== false,
      ...cacheDirOf(options),
      verifyAll: options.verifyAll === true,
    },
  };
}
