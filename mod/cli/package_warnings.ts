import type { PackageError } from "../analyze/packages/scan_packages.ts";
import { escapeForTerminal } from "../render/format.ts";
import type { CliIo } from "./cli_io.ts";

/** Warnings printed one by one; the rest are counted (JSON lists them all). */
const SHOWN = 10;

/**
 * Tells stderr about the package databases that could not be read (fully):
 * one warning line each for the first ten, naming the image ("B: ",
 * "HEAD: ") when there are two, then how many more; the report goes on
 * without them.
 */
export async function packageWarnings(
  io: CliIo,
  errors: readonly (PackageError & { image?: string })[],
): Promise<void> {
  const lines = errors.slice(0, SHOWN).map((error) => {
    const image = error.image ? `${error.image.toUpperCase()}: ` : "";
    return `layerdiff: warning: ${image}${
      escapeForTerminal(`${error.path}: ${error.message}`)
    }\n`;
  });
  if (errors.length > SHOWN) {
    lines.push(
      `layerdiff: warning: ${
        errors.length - SHOWN
      } more package files could not be read (--json lists them in report.packages.errors)\n`,
    );
  }
  if (lines.length > 0) await io.stderr(lines.join(""));
}
