import assert from "@std/assert";
import fc from "fast-check";
import { compareDpkgVersions } from "../../../mod/analyze/packages/dpkg_version.ts";
import { dpkgCompare, dpkgSkipReason, type Pair } from "./version_oracle.ts";

const skipReason = await dpkgSkipReason();
if (skipReason) console.log(`SKIPPING dpkg oracle tests: ${skipReason}`);

/** [a, b, sign of a against b], each checked against dpkg below. */
const CASES: [string, string, number][] = [
  ["1.0", "1.0", 0],
  ["1.0", "1.1", -1],
  ["1.0~rc1", "1.0", -1], // `~` sorts before the end
  ["1.0~~", "1.0~", -1],
  ["1.0~~a", "1.0~~", 1],
  ["1.0", "1.0a", -1], // the end sorts before a letter
  ["1.0z", "1.0+", -1], // letters before other characters
  ["1.0+", "1.0.", -1], // the rest by ASCII
  ["1", "1.0", -1],
  ["1.01", "1.1", 0], // digit runs by value
  ["1.000", "1.0", 0],
  ["1.0-0", "1.0", 0], // revision "0" is as good as none
  ["1.0-1", "1.0+1", -1], // "1.0" is less than "1.0+1"
  ["1.0-2-1", "1.0-2", 1], // the revision follows the last hyphen
  ["1.0-1~bpo1", "1.0-1", -1],
  ["1:0.1", "2.0", 1], // the epoch first
  ["0:1.0", "1.0", 0],
  ["00:1.0", "1.0", 0],
  ["1:1:1", "1:1", 1], // a colon in the upstream part is a character
  ["1.18446744073709551616", "1.18446744073709551615", 1], // no overflow
  ["1.99999999999999999999999", "1.100000000000000000000000", -1],
  ["2147483647:1", "2147483646:9", 1],
  [" 1.0\t", "1.0", 0], // blanks around
  ["", "0", -1], // no version sorts first
  ["", "~", -1],
  ["a1", "1", 1], // dpkg warns (no leading digit) but compares
  ["1_0", "1.0", 1],
  ["1\u00e9", "1z", 1], // bytes ≥ 0x80 after letters (signed char)...
  ["1\u00e9", "1+", -1], // ...and before ASCII punctuation
  ["1\u00e9", "1\u00ea", -1],
];

/** Versions dpkg refuses (exit 2); compared by the documented lenient parse. */
const REFUSED: [string, string, number][] = [
  ["1.0 1", "1.0", 1], // embedded blank: part of the upstream version
  ["a:1.0", "1.0", 1], // no numeric epoch: epoch 0, upstream "a:1.0"
  ["1:", "1:0", 0], // nothing after the colon
  ["1.0-", "1.0", 0], // empty revision
  ["99999999999999999999:1", "2147483647:1", 1], // epoch too big for dpkg
  ["-1:1", "0:1", -1],
];

Deno.test("compareDpkgVersions() orders the hand-picked cases", () => {
  for (const [a, b, sign] of [...CASES, ...REFUSED]) {
    assert.equal(Math.sign(compareDpkgVersions(a, b)), sign, `${a} vs ${b}`);
    assert.equal(
      Math.sign(compareDpkgVersions(b, a)),
      0 - sign,
      `${b} vs ${a}`,
    );
  }
});

Deno.test({
  name: "compareDpkgVersions() hand-picked cases are what dpkg says",
  ignore: skipReason !== undefined,
  fn: async () => {
    const answers = await dpkgCompare(CASES.map(([a, b]) => [a, b]));
    CASES.forEach(([a, b, sign], i) =>
      assert.equal(answers[i], sign, `dpkg on ${a} vs ${b}`)
    );
    const refused = await dpkgCompare(REFUSED.map(([a, b]) => [a, b]));
    assert.deepEqual(refused, REFUSED.map(() => null));
  },
});

const digits = fc.constantFrom(
  "0",
  "00",
  "1",
  "01",
  "2",
  "9",
  "10",
  "010",
  "123",
  "18446744073709551616",
);
const letters = fc.constantFrom("a", "b", "z", "A", "Z");
const piece = fc.oneof(
  { weight: 4, arbitrary: digits },
  { weight: 3, arbitrary: letters },
  { weight: 4, arbitrary: fc.constantFrom("~", "+", ".") },
  { weight: 1, arbitrary: fc.constantFrom("-", ":") },
  { weight: 1, arbitrary: fc.constantFrom("_", "\u00e9") }, // dpkg warns
);
const word = (arbitrary: fc.Arbitrary<string>, minLength: number) =>
  fc.array(arbitrary, { minLength, maxLength: minLength + 5 })
    .map((parts) => parts.join(""));
const version = fc.tuple(
  fc.option(fc.constantFrom("0", "00", "1", "2", "10").map((e) => `${e}:`)),
  digits,
  word(piece, 0),
  fc.option(
    word(fc.oneof(digits, letters, fc.constantFrom("~", "+", ".")), 1)
      .map((r) => `-${r}`),
  ),
).map(([epoch, first, rest, revision]) =>
  `${epoch ?? ""}${first}${rest}${revision ?? ""}`
);
/** Two random versions, or one and a near neighbour of it. */
const pair: fc.Arbitrary<Pair> = fc.oneof(
  fc.tuple(version, version),
  fc.tuple(
    version,
    fc.constantFrom("", "~", "~~", "0", ".0", "a", "+", "-0", "-1", "~a"),
    fc.boolean(),
  ).map(([v, suffix, swap]): Pair => swap ? [v + suffix, v] : [v, v + suffix]),
  version.map((v): Pair => [v, v.replace(/0/, "00").replace(/1/, "01")]),
);

Deno.test({
  name:
    "compareDpkgVersions() agrees with dpkg --compare-versions on random pairs",
  ignore: skipReason !== undefined,
  fn: async () => {
    let compared = 0, refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(pair, { minLength: 60, maxLength: 90 }),
        async (pairs) => {
          const answers = await dpkgCompare(pairs);
          pairs.forEach(([a, b], i) => {
            if (answers[i] === null) return void refused++;
            compared++;
            assert.equal(
              Math.sign(compareDpkgVersions(a, b)),
              answers[i],
              `${a} vs ${b}`,
            );
          });
        },
      ),
      { numRuns: 4, endOnFailure: true }, // each shrink step is a batch of processes
    );
    assert.ok(
      compared > 3 * refused,
      `${compared} compared, ${refused} refused`,
    );
  },
});

Deno.test("compareDpkgVersions() is antisymmetric and never throws on any string", () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), (a, b) => {
      const forward = Math.sign(compareDpkgVersions(a, b));
      assert.equal(Math.sign(compareDpkgVersions(b, a)), 0 - forward);
      if (a === b) assert.equal(forward, 0);
    }),
  );
});
