import { bufferedBody } from "../tar/reader.ts";

/**
 * Why a file a later stage asked for was not kept: over its limit, past the
 * run's budget, or (found by `keptContent`) a hard link whose target was not
 * asked for: its bytes had streamed past before the link named them.
 */
export type NotKeptReason = "too-large" | "budget" | "link";

/**
 * Which regular files' bytes a layer index keeps while the layer streams
 * past (package databases, `--content` files), and how many bytes all the
 * layers of a run may keep together. Everything else is only hashed.
 */
export interface KeepPolicy {
  /** The most bytes to keep of this path (a regular file), 0 to keep none. */
  limit(path: string): number;
  /** The bytes left for the whole run; shared by every layer, taken as kept. */
  budget: KeepBudget;
}

/** A byte budget shared by the layers of one run. */
export class KeepBudget {
  #remaining: number;

  constructor(bytes: number) {
    this.#remaining = bytes;
  }

  /** Takes `bytes` from the budget; false (and nothing taken) when they do not fit. */
  take(bytes: number): boolean {
    if (bytes > this.#remaining) return false;
    this.#remaining -= bytes;
    return true;
  }
}

/**
 * Reads a file body whole into its own buffer (a copy, never a view of the
 * reader's memory), `size` bytes as the header says.
 */
export async function readBody(
  body: AsyncIterable<Uint8Array>,
  size: number,
): Promise<Uint8Array> {
  const buffered = bufferedBody(body);
  // A copy: the reader's buffer may be a Node Buffer, whose slice() is a view.
  if (buffered) return new Uint8Array(buffered);
  const bytes = new Uint8Array(size);
  let at = 0;
  for await (const chunk of body) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
