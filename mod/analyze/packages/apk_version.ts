/**
 * Alpine's version order, as apk-tools' `apk_version_compare` (apk-tools 3,
 * src/version.c) defines it for `digit{.digit}…{letter}{_suf{#}}…{~hash}{-r#}`:
 * numbers compare as numbers (as strings when either has a leading zero),
 * then a letter, then suffixes `_alpha < _beta < _pre < _rc` < the release
 * < `_cvs < _svn < _git < _hg < _p`, a commit hash, and the `-rN`
 * revision. At the first token that is not well formed the comparison
 * stops and the shorter-kinded version wins, as apk's does.
 */

/** Token kinds in the order the grammar allows them; END and INVALID close. */
const enum Kind {
  InitialDigit,
  Digit,
  Letter,
  Suffix,
  SuffixNumber,
  CommitHash,
  Revision,
  End,
  Invalid,
}

/** Suffix ranks: pre-releases below the plain release (0), post-releases above. */
const SUFFIX_RANK: ReadonlyMap<string, number> = new Map([
  ["alpha", -4],
  ["beta", -3],
  ["pre", -2],
  ["rc", -1],
  ["cvs", 1],
  ["svn", 2],
  ["git", 3],
  ["hg", 4],
  ["p", 5],
]);

interface Token {
  kind: Kind;
  /** The token's text: digits, the letter, suffix name or hash. */
  text: string;
}

/** Reads one version's tokens lazily, as apk does. */
class Tokens {
  #version: string;
  #at = 0;
  #kind = Kind.InitialDigit;

  constructor(version: string) {
    this.#version = version;
  }

  next(): Token {
    const v = this.#version;
    const previous = this.#kind;
    if (this.#at === 0 && previous === Kind.InitialDigit) {
      return this.#digits(Kind.InitialDigit);
    }
    if (this.#at >= v.length) return this.#set(Kind.End, "");
    const c = v[this.#at];
    if (c >= "a" && c <= "z") {
      if (previous > Kind.Digit) return this.#set(Kind.Invalid, "");
      this.#at++;
      return this.#set(Kind.Letter, c);
    }
    if (c === "." || isDigit(c)) {
      if (c === "." && previous > Kind.Digit) {
        return this.#set(Kind.Invalid, "");
      }
      if (c === ".") this.#at++;
      if (previous === Kind.InitialDigit || previous === Kind.Digit) {
        return this.#digits(Kind.Digit);
      }
      if (previous === Kind.Suffix) return this.#digits(Kind.SuffixNumber);
      return this.#set(Kind.Invalid, "");
    }
    if (c === "_") {
      if (previous > Kind.SuffixNumber) return this.#set(Kind.Invalid, "");
      const name = this.#span(this.#at + 1, isLower);
      if (!SUFFIX_RANK.has(name)) return this.#set(Kind.Invalid, "");
      return this.#set(Kind.Suffix, name);
    }
    if (c === "~") {
      if (previous >= Kind.CommitHash) return this.#set(Kind.Invalid, "");
      const hash = this.#span(this.#at + 1, isHexDigit);
      if (hash === "") return this.#set(Kind.Invalid, "");
      return this.#set(Kind.CommitHash, hash);
    }
    if (c === "-" && v[this.#at + 1] === "r" && previous < Kind.Revision) {
      this.#at += 2;
      return this.#digits(Kind.Revision);
    }
    return this.#set(Kind.Invalid, "");
  }

  #digits(kind: Kind): Token {
    const digits = this.#span(this.#at, isDigit);
    return this.#set(digits === "" ? Kind.Invalid : kind, digits);
  }

  /** The run of `accept` characters from `from`, consumed. */
  #span(from: number, accept: (c: string) => boolean): string {
    let end = from;
    while (end < this.#version.length && accept(this.#version[end])) end++;
    this.#at = end;
    return this.#version.slice(from, end);
  }

  #set(kind: Kind, text: string): Token {
    this.#kind = kind;
    return { kind, text };
  }
}

/**
 * Orders two apk versions: < 0 when `a` is older, 0 when equal, > 0 when
 * newer.
 *
 * @example
 * ```ts
 * compareApkVersions("1.2.3_rc1-r0", "1.2.3-r0"); // < 0
 * compareApkVersions("1.2.3_p1", "1.2.3"); // > 0
 * ```
 */
export function compareApkVersions(a: string, b: string): number {
  const left = new Tokens(a);
  const right = new Tokens(b);
  let ta = left.next();
  let tb = right.next();
  while (ta.kind === tb.kind && ta.kind < Kind.End) {
    const order = compareTokens(ta, tb);
    if (order !== 0) return order;
    ta = left.next();
    tb = right.next();
  }
  if (ta.kind === tb.kind) return 0;
  // Equal so far: the longer version is newer, unless it goes on with a
  // pre-release suffix, or with something less than what the other has.
  if (isPreRelease(ta)) return -1;
  if (isPreRelease(tb)) return 1;
  return ta.kind > tb.kind ? -1 : 1;
}

function compareTokens(a: Token, b: Token): number {
  switch (a.kind) {
    case Kind.Digit:
      if (a.text[0] === "0" || b.text[0] === "0") {
        return compareBytes(a.text, b.text);
      }
      return compareNumbers(a.text, b.text);
    case Kind.InitialDigit:
    case Kind.SuffixNumber:
    case Kind.Revision:
      return compareNumbers(a.text, b.text);
    case Kind.Suffix:
      return Math.sign(suffixRank(a) - suffixRank(b));
    default:
      return compareBytes(a.text, b.text);
  }
}

function suffixRank(token: Token): number {
  return SUFFIX_RANK.get(token.text)!;
}

function isPreRelease(token: Token): boolean {
  return token.kind === Kind.Suffix && suffixRank(token) < 0;
}

/** Decimal digit strings by value, of any length. */
function compareNumbers(a: string, b: string): number {
  const x = a.replace(/^0+(?=.)/, "");
  const y = b.replace(/^0+(?=.)/, "");
  return x.length !== y.length
    ? Math.sign(x.length - y.length)
    : compareBytes(x, y);
}

/** memcmp order, then the shorter first (apk_blob_sort); ASCII here. */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

function isLower(c: string): boolean {
  return c >= "a" && c <= "z";
}

function isHexDigit(c: string): boolean {
  return isDigit(c) || (c >= "a" && c <= "f");
}
