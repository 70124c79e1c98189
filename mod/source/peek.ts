import type { ChunkSource } from "../tar/byte_reader.ts";

/**
 * Reads the first `n` bytes of a source (fewer at its end) without losing
 * them: the returned source replays them before the rest.
 */
export async function peekSource(
  source: ChunkSource,
  n: number,
): Promise<{ head: Uint8Array; source: ChunkSource }> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (length < n) {
    const chunk = await source.read();
    if (chunk === null) break;
    chunks.push(chunk);
    length += chunk.length;
  }
  const head = concat(chunks, length).subarray(0, Math.min(n, length));
  let replay = chunks.length > 0 ? [concat(chunks, length)] : [];
  const replaying: ChunkSource = {
    read() {
      if (replay.length > 0) {
        const chunk = replay[0];
        replay = [];
        return Promise.resolve(chunk);
      }
      return source.read();
    },
  };
  if (source.skip) {
    const skip = source.skip.bind(source);
    replaying.skip = async (count: number) => {
      let skipped = 0;
      if (replay.length > 0) {
        const first = replay[0];
        skipped = Math.min(count, first.length);
        replay = skipped < first.length ? [first.subarray(skipped)] : [];
      }
      return skipped < count ? skipped + await skip(count - skipped) : skipped;
    };
  }
  return { head, source: replaying };
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
