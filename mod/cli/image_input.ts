import { UsageError } from "../errors.ts";
import type { ImageInput, OpenOptions } from "../image/open_images.ts";
import {
  parseImageLocation,
  parseRegistryReference,
} from "../source/image_reference.ts";
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

/** The registry options and notices of `OpenOptions` for the CLI's arguments. */
export function sourceOpenOptions(
  args: { source: SourceArgs; debug: boolean },
  io: CliIo,
): Pick<OpenOptions, "registry" | "onNotice"> {
  return {
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
