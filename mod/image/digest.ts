import { createHash } from "node:crypto";
import { InputError } from "../errors.ts";

const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * Checks that a digest is "sha256:" and 64 lowercase hex digits: digests
 * become file names ("blobs/sha256/<hex>"), so anything else is refused.
 * `entry` names the document it came from in the error.
 */
export function checkDigest(
  digest: unknown,
  what: string,
  options: { entry?: string } = {},
): string {
  if (typeof digest !== "string" || !SHA256_DIGEST.test(digest)) {
    throw new InputError(
      `invalid ${what} digest ${JSON.stringify(digest)}`,
      options.entry === undefined ? {} : { entry: options.entry },
    );
  }
  return digest;
}

/** The OCI layout path of a blob: "blobs/sha256/<hex>". */
export function blobPath(digest: string): string {
  return `blobs/${digest.replace(":", "/")}`;
}

/** "sha256:<hex>" of some bytes. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}
