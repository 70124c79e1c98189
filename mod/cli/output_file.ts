import { UsageError } from "../errors.ts";
import { writeChunks } from "./write_chunks.ts";

/**
 * Writes a report to `path` (`--output`): into a temporary file beside it,
 * renamed into place once whole, so a reader never sees half a report. An
 * error names the file.
 */
export async function writeOutputFile(
  path: string,
  chunks: Iterable<string>,
): Promise<void> {
  const temporary = `${path}.${Deno.pid}.tmp`;
  const encoder = new TextEncoder();
  try {
    const file = await Deno.open(temporary, {
      write: true,
      create: true,
      truncate: true,
    });
    try {
      await writeChunks(async (text) => {
        const bytes = encoder.encode(text);
        for (let at = 0; at < bytes.length;) {
          at += await file.write(bytes.subarray(at));
        }
      }, chunks);
    } finally {
      file.close();
    }
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw new UsageError(
      `cannot write the report: ${
        error instanceof Error ? error.message : String(error)
      }`,
      { file: path },
    );
  }
}
