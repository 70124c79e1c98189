/** An authentication challenge from a registry's `WWW-Authenticate` header. */
export interface Challenge {
  /** Lowercased: "bearer" or "basic" (others are reported as unsupported). */
  scheme: string;
  /** Parameters such as realm, service, scope (names lowercased). */
  params: Record<string, string>;
}

/**
 * Parses the first challenge of a `WWW-Authenticate` header (RFC 7235):
 * `Bearer realm="https://auth.example/token",service="registry",scope="…"`.
 * Quoted values may hold commas and escaped quotes. Undefined when the
 * header is missing or has no scheme.
 *
 * @example
 * parseChallenge('Basic realm="Registry"'); // { scheme: "basic", params: { realm: "Registry" } }
 */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const match = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s*/.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  let rest = header.slice(match[0].length);
  const param =
    /^\s*,?\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*/;
  for (let next = param.exec(rest); next; next = param.exec(rest)) {
    const name = next[1].toLowerCase();
    params[name] = next[2] !== undefined
      ? next[2].replace(/\\(.)/g, "$1")
      : next[3];
    rest = rest.slice(next[0].length);
  }
  return { scheme: match[1].toLowerCase(), params };
}
