import { InputError } from "../errors.ts";
import { baseName, parentPath } from "./path.ts";

/** OCI image spec, layer.md "Whiteouts": an empty file `.wh.NAME` deletes NAME. */
export const WHITEOUT_PREFIX = ".wh.";
/** OCI image spec, layer.md "Opaque Whiteout": hides the lower children of its directory. */
export const OPAQUE_MARKER = ".wh..wh..opq";
/** Names starting `.wh..wh.` are reserved for tooling (e.g. AUFS `.wh..wh.plnk`). */
export const META_PREFIX = ".wh..wh.";

/** What a whiteout-looking entry does. */
export type Whiteout =
  | { kind: "whiteout"; hidden: string }
  | { kind: "opaque"; dir: string }
  | { kind: "meta" };

/**
 * Classifies a normalised path: a whiteout (hides `hidden`), an opaque
 * marker (for `dir`), a reserved meta entry (skipped, as Docker and
 * containerd do), or null for an ordinary path. A marker that names no
 * child (".wh.", ".wh..", ".wh...") is malformed input; the caller adds
 * which entry it was.
 *
 * @example
 * ```ts
 * classifyWhiteout("/etc/.wh.passwd"); // { kind: "whiteout", hidden: "/etc/passwd" }
 * ```
 */
export function classifyWhiteout(path: string): Whiteout | null {
  const name = baseName(path);
  if (!name.startsWith(WHITEOUT_PREFIX)) return null;
  const dir = parentPath(path);
  if (name === OPAQUE_MARKER) return { kind: "opaque", dir };
  if (name.startsWith(META_PREFIX)) return { kind: "meta" };
  const hidden = name.slice(WHITEOUT_PREFIX.length);
  if (hidden === "" || hidden === "." || hidden === "..") {
    throw new InputError("malformed whiteout");
  }
  return {
    kind: "whiteout",
    hidden: dir === "/" ? `/${hidden}` : `${dir}/${hidden}`,
  };
}
