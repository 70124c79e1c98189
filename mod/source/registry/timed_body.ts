import { InputError } from "../../errors.ts";

/** A body sent nothing for the stall timeout. */
export class StallError extends Error {
  constructor(timeoutMs: number) {
    super(`no data for ${timeoutMs / 1000} s`);
    this.name = "StallError";
  }
}

/**
 * Passes a body's chunks on, calling `onStall` (which must make the
 * pending read fail, e.g. by aborting the request) when no chunk comes
 * within `timeoutMs`; the failed read is then a StallError. A stalled
 * server never hangs layerdiff.
 */
export async function* timedChunks(
  body: AsyncIterable<Uint8Array>,
  options: { timeoutMs: number; onStall: () => void },
): AsyncGenerator<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  let stalled = false;
  try {
    for (;;) {
      const timer = setTimeout(() => {
        stalled = true;
        options.onStall();
      }, options.timeoutMs);
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw stalled ? new StallError(options.timeoutMs) : error;
      } finally {
        clearTimeout(timer);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

/** Reads a whole body of at most `limit` bytes; a longer one is an InputError. */
export async function readAllBounded(
  body: AsyncIterable<Uint8Array>,
  limit: number,
  what: string,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      throw new InputError(`${what} is larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
