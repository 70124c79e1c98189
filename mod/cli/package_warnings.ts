import type { PackageError } from "../analyze/packages/scan_packages.ts";
import { escapeForTerminal } from "../render/format.ts";
import type { CliIo } from "./cli_io.ts";

/**
 * Tells stderr about each package database that could not be read (fully):
 * one warning line each, the report going on without it.
 */
export async function packageWarnings(
  io: CliIo,
  errors: readonly (PackageError & { image?: "a" | "b" })[],
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
