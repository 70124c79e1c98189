import { defaultCacheDir, LayerCache } from "../cache/layer_cache.ts";
import { UsageError } from "../errors.ts";
import type { ImageInput, OpenOptions } from "../image/open_images.ts";
import {
  parseImageLocation,
  parseRegistryReference,
} from "../source/image_reference.ts";
import { escapeForTerminal } from "../render/format.ts";
import type { CliIo } from "./cli_io.ts";
import type { SourceArgs } from "./source_args.ts";

/**
 * What an image argument names: stdin for "-", a registry or the Docker
 * engine by transport, else a path. A path that does not exist but reads
 * as an image reference ("debian:bookworm") is a usage error that says to
 * write `docker://`.
 */
export async function imageInput(
  argument: string,
  io: CliIo,
): Promise<ImageInput> {
  if (argument === "-") return { name: "-", stream: io.stdin };
  const location = parseImageLocation(argument);
  if (location.transport !== "file" || location.spelled) return location;
  if (await exists(argument) || !looksLikeReference(argument)) {
    return location;
  }
  throw new UsageError(
    `no such file "${argument}"; for an image in a registry write docker://${argument}, for the Docker engine docker-daemon:${argument}`,
  );
}

/**
 * The registry options, notices and layer cache of `OpenOptions` for the
 * CLI's arguments. Without `--cache-dir` and with neither XDG_CACHE_HOME
 * nor HOME set, no cache is used.
 */
export function sourceOpenOptions(
  args: { source: SourceArgs; debug: boolean },
  io: CliIo,
): Pick<OpenOptions, "registry" | "onNotice" | "layerCache"> {
  const { cache } = args.source;
  const cacheDir = cache.enabled ? cache.dir ?? envCacheDir(io) : undefined;
  return {
    ...(cacheDir
      ? {
        layerCache: new LayerCache(cacheDir, {
          read: !cache.verifyAll,
          onWarning: (message) =>
            void io.stderr(
              `layerdiff: warning: ${escapeForTerminal(message)}\n`,
            ),
        }),
      }
      : {}),
    registry: {
      env: io.env,
      ...args.source,
      ...(args.debug
        ? {
          onDebug: (line: string) =>
            void io.stderr(`layerdiff: debug: ${line}\n`),
        }
        : {}),
    },
    onNotice: (message) => void io.stderr(`layerdiff: note: ${message}\n`),
  };
}

/**
 * The default cache directory; none when `deno run` was not given
 * `--allow-env` (the compiled binary always has it).
 */
function envCacheDir(io: CliIo): string | undefined {
  try {
    return defaultCacheDir(io.env);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) return undefined;
    throw error;
  }
}

function looksLikeReference(argument: string): boolean {
  if (!/^[a-z0-9]/.test(argument) || !/[:@]|^[^./]+$/.test(argument)) {
    return false;
  }
  try {
    parseRegistryReference(argument);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
