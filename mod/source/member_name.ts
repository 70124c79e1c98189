import { InputError } from "../errors.ts";

/**
 * Normalises the name of an outer-archive member to a relative path without
 * "./", leading or trailing slashes ("./blobs/sha256/ab/" → "blobs/sha256/ab").
 * A ".." segment is hostile input.
 */
export function memberName(stored: string): string {
  const parts: string[] = [];
  for (const part of stored.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      throw new InputError("member path escapes the archive", {
        entry: stored,
      });
    }
    parts.push(part);
  }
  return parts.join("/");
}

/** Resolves a link target stored in member `from` to a member name. */
export function linkedMemberName(from: string, target: string): string {
  if (target.startsWith("/")) return memberName(target);
  const parts = from.split("/").slice(0, -1);
  for (const part of target.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) {
        throw new InputError("link target escapes the archive", {
          entry: from,
        });
      }
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}
