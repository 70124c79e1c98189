import { InputError } from "../errors.ts";
import { encodeName } from "../tar/name.ts";

/**
 * Longest path a layer may store, in bytes: Linux's PATH_MAX. Nothing can
 * extract a longer one, and the parent directories a path implies would
 * cost memory quadratic in its depth.
 */
export const MAX_PATH_BYTES = 4096;

/**
 * Normalises a path as stored in a layer tar to an absolute path:
 * "./a/b/" → "/a/b", "a//b" → "/a/b", "." → "/". A ".." segment is hostile
 * input (it could escape the root) and is refused, never followed, as is a
 * path longer than `MAX_PATH_BYTES`; the caller adds which entry it was.
 *
 * @example
 * ```ts
 * normalizePath("./usr/bin/"); // "/usr/bin"
 * ```
 */
export function normalizePath(stored: string): string {
  const path = isClean(stored)
    ? (stored.startsWith("/") ? stored : `/${stored}`)
    : joinParts(stored);
  // A UTF-16 unit is at most 3 bytes: most paths need no encoding to tell.
  if (
    path.length > MAX_PATH_BYTES / 3 &&
    encodeName(path).length > MAX_PATH_BYTES
  ) {
    throw new InputError(`path longer than ${MAX_PATH_BYTES} bytes`);
  }
  return path;
}

function joinParts(stored: string): string {
  const parts: string[] = [];
  for (const part of stored.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") throw new InputError("path escapes the root");
    parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/**
 * Fast check for the common case, a path with nothing to remove: no empty,
 * "." or ".." segment and no trailing slash.
 */
function isClean(path: string): boolean {
  return path !== "" && path !== "." && path !== "/" &&
    !path.endsWith("/") && !path.endsWith("/.") && !path.startsWith("./") &&
    !path.includes("//") && !path.includes("/./") && !path.includes("..");
}

/** "/a/b" → "/a"; "/a" → "/". */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash <= 0 ? "/" : path.slice(0, slash);
}

/** "/a/b" → "b". */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
