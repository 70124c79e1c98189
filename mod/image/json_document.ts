import { InputError, IntegrityError } from "../errors.ts";
import type { Archive } from "../source/archive.ts";
import { sha256Digest } from "./digest.ts";

/** A document read from an archive: its bytes and parsed JSON. */
export interface JsonDocument {
  path: string;
  bytes: Uint8Array;
  json: unknown;
}

/**
 * Reads and parses a JSON member. With `digest`, the bytes must hash to it,
 * and with `size` be that long (unless `verify` is false): manifests and
 * configs are content-addressed, their descriptors state both.
 */
export async function readJsonDocument(
  archive: Archive,
  path: string,
  options: { digest?: string; size?: number; verify?: boolean } = {},
): Promise<JsonDocument> {
  const bytes = await archive.readDocument(path);
  if (options.digest && options.verify !== false) {
    const actual = sha256Digest(bytes);
    if (actual !== options.digest) {
      throw new IntegrityError(
        `blob does not match its digest ${options.digest} (got ${actual})`,
        { entry: path },
      );
    }
  }
  if (
    options.size !== undefined && options.verify !== false &&
    bytes.length !== options.size
  ) {
    throw new IntegrityError(
      `blob size ${bytes.length} does not match its descriptor size ${options.size}`,
      { entry: path },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new InputError("not valid JSON", { entry: path });
  }
  return { path, bytes, json };
}

/** Narrows an unknown JSON value to an object, or throws naming the document. */
export function asObject(
  value: unknown,
  what: string,
  path: string,
): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InputError(`${what} is not a JSON object`, { entry: path });
  }
  return value as Record<string, unknown>;
}

/** Narrows an unknown JSON value to an array, or throws naming the document. */
export function asArray(value: unknown, what: string, path: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new InputError(`${what} is not a JSON array`, { entry: path });
  }
  return value;
}
