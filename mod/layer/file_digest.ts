import { createHash, hash } from "node:crypto";
import { bufferedBody } from "../tar/reader.ts";

/**
 * A tar body's sha256 ("sha256:<hex>"), without an await when the reader had
 * the whole body buffered.
 */
export function fileDigest(
  body: AsyncIterable<Uint8Array>,
): string | Promise<string> {
  const bytes = bufferedBody(body);
  if (bytes) return `sha256:${hash("sha256", bytes, "hex")}`;
  return streamDigest(body);
}

async function streamDigest(body: AsyncIterable<Uint8Array>): Promise<string> {
  const digest = createHash("sha256");
  for await (const chunk of body) digest.update(chunk);
  return `sha256:${digest.digest("hex")}`;
}

/**
 * The digests of a layer's files (tar members of type file, whiteouts
 * included) in tar order, computed by whoever read the blob: a worker
 * thread hashes them while this thread indexes the same tar.
 */
export interface FileDigests {
  /** Whether digests are given; known once the first chunk has been read. */
  readonly given: boolean;
  /** The next file's digest; ready once the tar was read past its body. */
  next(): string | Promise<string>;
}
