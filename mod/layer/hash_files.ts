import type { ChunkSource } from "../tar/byte_reader.ts";
import { ByteReader } from "../tar/byte_reader.ts";
import { readTar } from "../tar/reader.ts";
import { fileDigest } from "./file_digest.ts";

/**
 * Walks a tar as its chunks pass, hashing each file (whiteouts included),
 * and hands every chunk on once the walk is past it, with the digests of
 * the files finished by then: a receiver walking the same tar has each
 * digest by the time it is past that file (see `FileDigests`). A tar the
 * walk cannot parse is handed on unhashed from there, as the receiver
 * reports that error where it meets it; errors reading `tar` propagate.
 * Returns digests finished after the last chunk (normally none).
 */
export async function hashFiles(
  tar: ChunkSource,
  pass: (chunk: Uint8Array, digests: string[]) => Promise<void>,
): Promise<string[]> {
  const state = {
    lent: null as Uint8Array | null,
    digests: [] as string[],
    ended: false,
    readError: undefined as { error: unknown } | undefined,
  };
  const handOn = async () => {
    if (state.lent) await pass(state.lent, state.digests);
    state.lent = null;
    state.digests = [];
  };
  const passing: ChunkSource = {
    async read() {
      await handOn();
      try {
        state.lent = await tar.read();
      } catch (error) {
        state.readError = { error };
        throw error;
      }
      state.ended = state.lent === null;
      return state.lent;
    },
  };
  try {
    for await (const entry of readTar(new ByteReader(passing))) {
      if (entry.type !== "file") continue;
      const digest = fileDigest(entry.body);
      // Awaited first: a streamed body hands chunks on, renewing the list.
      const value = typeof digest === "string" ? digest : await digest;
      state.digests.push(value);
    }
  } catch {
    if (state.readError) throw state.readError.error;
  }
  const left = state.lent ? [] : state.digests;
  await handOn();
  while (!state.ended) {
    const chunk = await tar.read();
    if (chunk) await pass(chunk, []);
    else state.ended = true;
  }
  return left;
}
