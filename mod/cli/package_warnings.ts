import type { PackageError } from "../analyze/packages/scan_packages.ts";
import { escapeForTerminal } from "../render/format.ts";
import type { CliIo } from "./cli_io.ts";

/**
 * Tells stderr about each package database that could not be read (fully):
 * one warning line each, naming the image ("B: ", "HEAD: ") when there are
 * two, the report going on without it.
 */
export async function packageWarnings(
  io: CliIo,
  errors: readonly (PackageError & { image?: string })[],
): Promise<void> {
  for (const error of errors) {
    const image = error.image ? `${error.image.toUpperCase()}: ` : "";
    await io.stderr(
      `layerdiff: warning: ${image}${
        escapeForTerminal(`${error.path}: ${error.message}`)
      }\n`,
    );
  }
}
