/** Characters gathered before each write. */
const PIECE = 1 << 16;

/**
 * Writes text that comes in pieces (`jsonChunks`, `tableChunks`), gathered
 * into writes of about 64 KiB: a report of any length goes out as it is
 * formatted and is never held as one string.
 */
export async function writeChunks(
  write: (text: string) => Promise<void> | void,
  chunks: Iterable<string>,
): Promise<void> {
  let pending = "";
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= PIECE) {
      await write(pending);
      pending = "";
    }
  }
  if (pending.length > 0) await write(pending);
}
