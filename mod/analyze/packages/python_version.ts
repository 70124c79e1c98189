/**
 * Python version order by PEP 440, as `packaging.version.Version` sorts,
 * and PEP 503 name normalisation.
 *
 * @module
 */

import { compare, valid } from "@renovatebot/pep440";

/**
 * A local label's segments as packaging reads them: all-digit segments are
 * numbers, the rest lowercase strings. (`@renovatebot/pep440` reads
 * `1e5` or `0x1` as numbers; packaging, and PEP 440, do not.)
 */
const localSegments = (local: string) =>
  local.split(/[._-]/).map((s) =>
    /^[0-9]+$/.test(s) ? BigInt(s) : s.toLowerCase()
  );

/**
 * PEP 440 local label order: strings before numbers, numbers by value,
 * strings lexicographically, a shorter label first when it is a prefix.
 */
function compareLocal(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) {
    return a === b ? 0 : a === undefined ? -1 : 1;
  }
  const x = localSegments(a), y = localSegments(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    if (typeof x[i] !== typeof y[i]) return typeof x[i] === "string" ? -1 : 1;
    return x[i] < y[i] ? -1 : 1;
  }
  return Math.sign(x.length - y.length);
}

/**
 * Orders two Python package versions by PEP 440, as `packaging` does
 * (spellings normalised: `1.0-alpha1` == `1.0a1`, `v1.0` == `1.0`;
 * whitespace around a version is ignored). The public part goes through
 * `@renovatebot/pep440`, whose numbers are JavaScript numbers: exact up
 * to 2^53, beyond which close numbers may compare equal.
 *
 * A version that is not PEP 440 (`2.0-foo`, `latest`) sorts before every
 * valid one; two such versions compare as plain strings (UTF-16 code units).
 *
 * @example
 * comparePythonVersions("1.0.dev1", "1.0a1"); // < 0
 * comparePythonVersions("1.0+ubuntu.1", "1.0"); // > 0
 * comparePythonVersions("unknown", "0.1"); // < 0: not PEP 440
 */
export function comparePythonVersions(a: string, b: string): number {
  const x = a.trim(), y = b.trim();
  const validX = valid(x) !== null, validY = valid(y) !== null;
  if (!validX || !validY) {
    if (validX !== validY) return validX ? 1 : -1;
    return a === b ? 0 : a < b ? -1 : 1;
  }
  const [publicX, localX] = x.split("+");
  const [publicY, localY] = y.split("+");
  return Math.sign(compare(publicX, publicY)) || compareLocal(localX, localY);
}

/**
 * A distribution name in PEP 503 normal form (lowercase, each run of `-`,
 * `_` and `.` one `-`), so `Zope.Interface` and `zope_interface` match.
 */
export function normalizePythonName(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}
