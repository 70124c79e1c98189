/**
 * npm version order: SemVer 2.0 precedence, by the `semver` package npm
 * itself uses.
 *
 * @module
 */

import { parse } from "semver";

/**
 * Orders two npm package versions by SemVer 2.0 precedence, parsed
 * loosely as npm reads `package.json` (`v1.2.3`, `=1.2.3`, `1.2.3beta`
 * accepted); build metadata (`+sha.1`) is ignored, as SemVer says.
 *
 * A version `semver` cannot parse (`1.2`, `latest`) sorts before every
 * valid one; two such versions compare as plain strings (UTF-16 code units).
 *
 * @example
 * compareNpmVersions("1.0.0-beta.2", "1.0.0-beta.11"); // < 0
 * compareNpmVersions("1.0.0+build.1", "1.0.0"); // 0
 */
export function compareNpmVersions(a: string, b: string): number {
  const x = parse(a, { loose: true }), y = parse(b, { loose: true });
  if (x === null || y === null) {
    if (x !== y) return x === null ? -1 : 1;
    return a === b ? 0 : a < b ? -1 : 1;
  }
  return x.compare(y);
}
