import { InputError, IntegrityError } from "../../errors.ts";
import type { ChunkSource } from "../../tar/byte_reader.ts";
import type { RegistryClient, RegistryResponse } from "./registry_client.ts";

/** Times a broken transfer is taken up again before giving up. */
const MAX_RESUMES = 3;

/**
 * Streams a blob of known size from the registry. A transfer that breaks
 * (reset, stall, early end) is taken up where it stopped, with a Range
 * request where the registry honours it, else from the start with the
 * bytes already passed on skipped; the digest the caller checks at the end
 * covers both. More bytes than `size` is an IntegrityError.
 */
export function openRegistryBlob(
  client: RegistryClient,
  digest: string,
  size: number,
): ChunkSource & { close(): void } {
  const what = `blob ${digest}`;
  let offset = 0;
  let resumes = 0;
  let response: RegistryResponse | undefined;
  let chunks: AsyncIterator<Uint8Array> | undefined;
  /** Bytes of a restarted response still to drop before reaching `offset`. */
  let skip = 0;

  const open = async () => {
    response = await client.get(`blobs/${digest}`, { offset, what });
    skip = 0;
    if (offset > 0 && response.status !== 206) skip = offset;
    else if (offset > 0) checkRange(response, offset, what, client.name);
    chunks = response.body[Symbol.asyncIterator]();
  };
  const broken = (error: unknown): Promise<void> => {
    response?.abort();
    response = chunks = undefined;
    if (resumes++ >= MAX_RESUMES) {
      throw client.networkError(
        error,
        `${what}: transfer broke at byte ${offset} of ${size}, ${MAX_RESUMES} times resumed`,
      );
    }
    return open();
  };

  return {
    async read() {
      if (!chunks) await open();
      for (;;) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await chunks!.next();
        } catch (error) {
          await broken(error);
          continue;
        }
        if (next.done) {
          if (offset === size) return null;
          await broken(new Error("connection closed early"));
          continue;
        }
        let chunk = next.value;
        if (skip > 0) {
          const dropped = Math.min(skip, chunk.length);
          skip -= dropped;
          chunk = chunk.subarray(dropped);
          if (chunk.length === 0) continue;
        }
        if (offset + chunk.length > size) {
          response?.abort();
          throw new IntegrityError(
            `${what} is longer than its descriptor size ${size}`,
            { file: client.name },
          );
        }
        offset += chunk.length;
        return chunk;
      }
    },
    close() {
      response?.abort();
    },
  };
}

function checkRange(
  response: RegistryResponse,
  offset: number,
  what: string,
  name: string,
): void {
  const range = /^bytes (\d+)-/.exec(
    response.headers.get("content-range") ?? "",
  );
  if (!range || Number(range[1]) !== offset) {
    response.abort();
    throw new InputError(
      `${what}: the registry resumed at the wrong offset`,
      { file: name },
    );
  }
}
