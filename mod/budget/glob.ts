/**
 * Path globs for `deny` and `ignore`: `*` and `?` stay within one path
 * segment, `**` spans any number of segments. A pattern without a slash
 * matches a name at any depth (`*.pem`); with a slash it is anchored at the
 * image root (`/var/cache/**`, `usr/share/doc`). A path matches when the
 * pattern matches it or one of its parent directories, so a directory's
 * pattern covers its contents.
 */
import { UsageError } from "../errors.ts";

/** Returns the first pattern that matches a path, or undefined. */
export type GlobMatcher = (path: string) => string | undefined;

/**
 * Compiles patterns into one matcher for absolute paths ("/a/b").
 *
 * @example
 * const denied = globMatcher(["*.pem", "/root/.ssh"]);
 * denied("/etc/ssl/key.pem"); // "*.pem"
 * denied("/root/.ssh/id_rsa"); // "/root/.ssh"
 * denied("/etc/passwd"); // undefined
 */
export function globMatcher(patterns: readonly string[]): GlobMatcher {
  const compiled = patterns.map((pattern) => ({
    pattern,
    regex: globRegex(pattern),
  }));
  return (path) => compiled.find(({ regex }) => regex.test(path))?.pattern;
}

/** The regular expression of one glob, ancestors included. */
function globRegex(pattern: string): RegExp {
  let glob = pattern.trim().replace(/\/+$/, "").replace(/^\.\//, "");
  if (glob === "" || glob === "/") {
    throw new UsageError(`invalid glob ${JSON.stringify(pattern)}: empty`);
  }
  glob = glob.includes("/")
    ? (glob.startsWith("/") ? glob : `/${glob}`)
    : `/**/${glob}`;
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    if (glob.startsWith("/**/", i)) {
      source += "(?:/.*)?/";
      i += 3;
    } else if (glob.startsWith("/**", i) && i + 3 === glob.length) {
      source += "(?:/.*)?";
      i += 2;
    } else if (glob[i] === "*") {
      source += "[^/]*";
      while (glob[i + 1] === "*") i++;
    } else if (glob[i] === "?") {
      source += "[^/]";
    } else {
      source += glob[i].replace(/[\\^$.+()[\]{}|]/, "\\$&");
    }
  }
  return new RegExp(`^${source}(?:/.*)?$`, "su");
}
