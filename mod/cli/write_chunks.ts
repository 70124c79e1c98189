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

/** Thrown by a stdout writer whose reader went away (`| head`). */
export class OutputClosed extends Error {
  constructor() {
    super("output closed");
  }
}

/**
 * Runs `write` and returns `code`, the command's exit code, also when the
 * reader of stdout goes away part way: the rest of the output is dropped,
 * the exit code stands (a failed budget piped to `head` still exits 1).
 */
export async function writeThen(
  code: number,
  write: () => Promise<void> | void,
): Promise<number> {
  try {
    await write();
  } catch (error) {
    if (!(error instanceof OutputClosed)) throw error;
  }
  return code;
}
