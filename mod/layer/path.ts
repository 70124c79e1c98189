import { InputError } from "../errors.ts";

/**
 * Normalises a path as stored in a layer tar to an absolute path:
 * "./a/b/" → "/a/b", "a//b" → "/a/b", "." → "/". A ".." segment is hostile
 * input (it would escape the root) and is refused, never followed.
 */
export function normalizePath(stored: string): string {
  if (isClean(stored)) return stored.startsWith("/") ? stored : `/${stored}`;
  const parts: string[] = [];
  for (const part of stored.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      throw new InputError("path escapes the root", { entry: stored });
    }
    parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/** Fast check for the common case: no "./", "//", ".." or trailing "/". */
function isClean(path: string): boolean {
  if (path === "" || path.endsWith("/") || path.startsWith("./")) return false;
  return !path.includes("//") && !path.includes("/./") &&
    !path.includes("..") &&
    path !== "." && path !== "/";
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
