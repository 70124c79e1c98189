import { InputError } from "../errors.ts";

/**
 * Normalises a path as stored in a layer tar to an absolute path:
 * "./a/b/" → "/a/b", "a//b" → "/a/b", "." → "/". A ".." segment is hostile
 * input (it could escape the root) and is refused, never followed; the
 * caller adds which entry it was.
 *
 * @example
 * ```ts
 * normalizePath("./usr/bin/"); // "/usr/bin"
 * ```
 */
export function normalizePath(stored: string): string {
  if (isClean(stored)) return stored.startsWith("/") ? stored : `/${stored}`;
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
