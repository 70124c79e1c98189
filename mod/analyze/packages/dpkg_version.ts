/**
 * Debian version order, as `dpkg --compare-versions` decides it: epoch
 * (a number), then upstream version, then revision, the last two by
 * `verrevcmp` of dpkg's lib/dpkg/version.c.
 *
 * @module
 */

interface DpkgVersion {
  epoch: bigint;
  upstream: Uint8Array;
  revision: Uint8Array;
}

const utf8 = new TextEncoder();
const EPOCH = /^[ \t\n\v\f\r]*[+-]?[0-9]+$/; // what strtol() reads whole

/**
 * Splits `[epoch:]upstream[-revision]` as dpkg's parseversion() does:
 * blanks (space, tab) around the version are ignored, the epoch ends at the
 * first colon, the revision starts after the last hyphen.
 *
 * Lenient where dpkg refuses (empty version, embedded blanks, an epoch
 * that is not a number, nothing after the colon or hyphen): the version is
 * split the same way, and when what precedes the first colon is not a
 * number the epoch is 0 and the colon stays in the upstream part. Versions
 * dpkg only warns about (no leading digit, odd characters) parse exactly
 * as dpkg parses them, so they compare as dpkg compares them.
 */
function parseDpkgVersion(text: string): DpkgVersion {
  const version = text.replace(/^[ \t]+|[ \t]+$/g, "");
  const colon = version.indexOf(":");
  const hasEpoch = colon >= 0 && EPOCH.test(version.slice(0, colon));
  const rest = hasEpoch ? version.slice(colon + 1) : version;
  const hyphen = rest.lastIndexOf("-");
  return {
    epoch: hasEpoch ? BigInt(version.slice(0, colon)) : 0n,
    upstream: utf8.encode(hyphen >= 0 ? rest.slice(0, hyphen) : rest),
    revision: utf8.encode(hyphen >= 0 ? rest.slice(hyphen + 1) : ""),
  };
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;

/**
 * dpkg's order() of one byte (0 = end of string): `~` first, then end and
 * digits, then letters, then everything else. dpkg reads bytes as `char`,
 * signed on amd64, so a byte ≥ 0x80 (UTF-8 beyond ASCII) ranks as its own
 * value, after letters and before ASCII punctuation. (Where `char` is
 * unsigned, as on arm64, dpkg ranks such bytes after punctuation; real
 * versions are ASCII, so this matters only to invalid ones.)
 */
function order(c: number): number {
  if (isDigit(c) || c === 0) return 0;
  if (isAlpha(c)) return c;
  if (c === 0x7e) return -1;
  return c >= 0x80 ? c : c + 256;
}

/** dpkg's verrevcmp(): alternating non-digit and digit runs, digit runs by value. */
function verrevcmp(a: Uint8Array, b: Uint8Array): number {
  let i = 0, j = 0;
  const at = (s: Uint8Array, k: number) => k < s.length ? s[k] : 0;
  while (i < a.length || j < b.length) {
    while (
      (i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))
    ) {
      const diff = order(at(a, i)) - order(at(b, j));
      if (diff !== 0) return diff;
      i++, j++;
    }
    while (at(a, i) === 0x30) i++;
    while (at(b, j) === 0x30) j++;
    let firstDiff = 0;
    while (isDigit(at(a, i)) && isDigit(at(b, j))) {
      if (firstDiff === 0) firstDiff = a[i] - b[j];
      i++, j++;
    }
    if (isDigit(at(a, i))) return 1;
    if (isDigit(at(b, j))) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

/**
 * Orders two Debian package versions exactly as dpkg does; never throws
 * (see the lenient parse above for versions dpkg would refuse). An empty
 * version sorts before every other, as `dpkg --compare-versions` orders
 * "no version".
 *
 * @example
 * compareDpkgVersions("1.0~rc1-1", "1.0-1"); // < 0: `~` sorts before the end
 * compareDpkgVersions("1:0.9", "2.0"); // > 0: the epoch wins
 */
export function compareDpkgVersions(a: string, b: string): number {
  const x = parseDpkgVersion(a), y = parseDpkgVersion(b);
  const known = (v: DpkgVersion) =>
    v.epoch !== 0n || v.upstream.length > 0 || v.revision.length > 0;
  if (!known(x) || !known(y)) return Number(known(x)) - Number(known(y));
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  return Math.sign(
    verrevcmp(x.upstream, y.upstream) || verrevcmp(x.revision, y.revision),
  );
}
