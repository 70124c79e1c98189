/**
 * RPM version order, as rpm 4.18 decides it: `rpmverCmp()` of
 * rpmio/rpmver.c on `[epoch:]version[-release]` strings, each part by
 * `rpmvercmp()` of rpmio/rpmvercmp.c.
 *
 * @module
 */

interface Evr {
  epoch: string;
  version: string;
  release: string | null;
}

/**
 * Splits an EVR as rpm's parseEVR() does: the epoch is the leading digits
 * when a colon follows them (none, or empty, is epoch 0), the release
 * follows the last hyphen. An empty string, which rpm refuses, is read as
 * an empty version.
 */
function parseEvr(evr: string): Evr {
  const digits = /^[0-9]*/.exec(evr)![0].length;
  const hasEpoch = evr[digits] === ":";
  const rest = hasEpoch ? evr.slice(digits + 1) : evr;
  const hyphen = rest.lastIndexOf("-");
  return {
    epoch: hasEpoch && digits > 0 ? evr.slice(0, digits) : "0",
    version: hyphen >= 0 ? rest.slice(0, hyphen) : rest,
    release: hyphen >= 0 ? rest.slice(hyphen + 1) : null,
  };
}

const isDigit = (c: string) => c >= "0" && c <= "9";
const isAlpha = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
const isSeparator = (c: string) =>
  !isDigit(c) && !isAlpha(c) && c !== "~" && c !== "^";

/**
 * rpmvercmp(): compares runs of ASCII digits (by value, leading zeros
 * dropped, any length) or of ASCII letters (bytewise); any other character
 * only separates runs. A number beats letters; `~` sorts before anything,
 * even the end of the string (`1.0~rc1` < `1.0`); `^` sorts after the end
 * but before anything else (`1.0` < `1.0^git1` < `1.0.1`).
 */
function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && isSeparator(a[i])) i++;
    while (j < b.length && isSeparator(b[j])) j++;
    const x = a[i] ?? "", y = b[j] ?? "";
    if (x === "~" || y === "~") {
      if (x !== "~") return 1;
      if (y !== "~") return -1;
      i++, j++;
      continue;
    }
    if (x === "^" || y === "^") {
      if (x === "") return -1;
      if (y === "") return 1;
      if (x !== "^") return 1;
      if (y !== "^") return -1;
      i++, j++;
      continue;
    }
    if (x === "" || y === "") break;
    const numeric = isDigit(x);
    const inRun = numeric ? isDigit : isAlpha;
    let ie = i, je = j;
    while (ie < a.length && inRun(a[ie])) ie++;
    while (je < b.length && inRun(b[je])) je++;
    if (je === j) return numeric ? 1 : -1;
    let one = a.slice(i, ie), two = b.slice(j, je);
    if (numeric) {
      one = one.replace(/^0+/, "");
      two = two.replace(/^0+/, "");
      if (one.length !== two.length) return one.length > two.length ? 1 : -1;
    }
    if (one !== two) return one < two ? -1 : 1;
    i = ie, j = je;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** rpm's compare_values(): a missing release sorts before any release. */
function compareParts(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return rpmvercmp(a, b);
}

/**
 * Orders two RPM `[epoch:]version[-release]` strings as rpm 4.18's
 * `rpm.vercmp()` does: epoch (missing = 0), then version, then release,
 * where a missing release sorts before any release (`1.0` < `1.0-0`).
 * Never throws.
 *
 * @example
 * compareRpmVersions("1:1.0-1", "2.0-1"); // > 0: the epoch wins
 * compareRpmVersions("1.0~rc1-1", "1.0-1"); // < 0: `~` sorts first
 */
export function compareRpmVersions(a: string, b: string): number {
  const x = parseEvr(a), y = parseEvr(b);
  return rpmvercmp(x.epoch, y.epoch) || rpmvercmp(x.version, y.version) ||
    compareParts(x.release, y.release);
}
