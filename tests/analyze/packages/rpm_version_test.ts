import assert from "@std/assert";
import fc from "fast-check";
import { compareRpmVersions } from "../../../mod/analyze/packages/rpm_version.ts";
import { type Pair, rpmCompare, rpmSkipReason } from "./version_oracle.ts";

const skipReason = await rpmSkipReason();
if (skipReason) console.log(`SKIPPING rpm oracle tests: ${skipReason}`);

/** [a, b, sign of a against b], each checked against rpm below. */
const CASES: [string, string, number][] = [
  ["1.0", "1.0", 0],
  ["1.0", "2.0", -1],
  ["2.0.1a", "2.0.1", 1],
  ["5.5p10", "5.5p2", 1], // digit runs by value
  ["10xyz", "10.1xyz", -1],
  ["xyz.4", "8", -1], // a number beats letters
  ["6.0.rc1", "6.0", 1], // anything left over wins
  ["1.0aa", "1.0a", 1],
  ["10.0001", "10.1", 0], // leading zeros dropped
  ["4.999.9", "5.0", -1],
  ["1.18446744073709551616", "1.18446744073709551615", 1], // no overflow
  ["1.99999999999999999999", "1.100000000000000000000", -1],
  ["a+", "a_", 0], // separators only separate
  ["1.0", "1.0.", 0],
  ["1.0", "1\u00e90", 0], // non-ASCII is a separator
  ["1.0~rc1", "1.0", -1], // `~` sorts before the end
  ["1.0~rc1", "1.0~rc2", -1],
  ["1.0~rc1~git123", "1.0~rc1", -1],
  ["1.0^", "1.0", 1], // `^` sorts after the end...
  ["1.0^git1", "1.0", 1],
  ["1.0^git1", "1.01", -1], // ...but before anything else
  ["1.0^20160101", "1.0.1", -1],
  ["1.0^20160101^git1", "1.0^20160101", 1],
  ["1.0~rc1^git1", "1.0~rc1", 1],
  ["1.0^git1~pre", "1.0^git1", -1],
  ["1:1.0-1", "2.0-1", 1], // the epoch first
  ["0:1.0-1", "1.0-1", 0], // no epoch is epoch 0
  [":1.0", "1.0", 0], // an empty epoch too
  ["00:1", "0:1", 0],
  ["1.0-1", "1.0-1.1", -1],
  ["1.0-2", "1.0-10", -1],
  ["1.0", "1.0-0", -1], // no release sorts before any release
  ["1.0-", "1.0", 1],
  ["1.0-1-2", "1.0-1", 1], // the release follows the last hyphen
  ["a:1", "1", -1], // no numeric epoch: version "a:1"
  ["1:", "1", 1],
];

Deno.test("compareRpmVersions() orders the hand-picked cases", () => {
  for (const [a, b, sign] of CASES) {
    assert.equal(Math.sign(compareRpmVersions(a, b)), sign, `${a} vs ${b}`);
    assert.equal(Math.sign(compareRpmVersions(b, a)), 0 - sign, `${b} vs ${a}`);
  }
  assert.equal(compareRpmVersions("", "0"), -1); // rpm refuses "": an empty version
});

Deno.test({
  name: "compareRpmVersions() hand-picked cases are what rpm.vercmp() says",
  ignore: skipReason !== undefined,
  fn: async () => {
    const answers = await rpmCompare(CASES.map(([a, b]) => [a, b]));
    CASES.forEach(([a, b, sign], i) =>
      assert.equal(answers[i], sign, `rpm on ${a} vs ${b}`)
    );
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
const letters = fc.constantFrom("a", "b", "z", "A", "Z", "git", "rc");
const piece = fc.oneof(
  { weight: 4, arbitrary: digits },
  { weight: 3, arbitrary: letters },
  { weight: 4, arbitrary: fc.constantFrom(".", "~", "^", "_", "+") },
  { weight: 1, arbitrary: fc.constantFrom("-", ":", "\u00e9", "~~", "^^") },
);
const word = fc.array(piece, { minLength: 1, maxLength: 7 })
  .map((parts) => parts.join(""));
const evr = fc.tuple(
  fc.option(fc.constantFrom("", "0", "00", "1", "2", "10").map((e) => `${e}:`)),
  word,
  fc.option(word.map((r) => `-${r}`)),
).map(([epoch, version, release]) =>
  `${epoch ?? ""}${version}${release ?? ""}`
);
/** Two random EVRs, or one and a near neighbour of it. */
const pair: fc.Arbitrary<Pair> = fc.oneof(
  fc.tuple(evr, evr),
  fc.tuple(
    evr,
    fc.constantFrom("", "~", "^", "0", ".0", "a", "_", "-0", "-1", "~a", "^a"),
    fc.boolean(),
  ).map(([v, suffix, swap]): Pair => swap ? [v + suffix, v] : [v, v + suffix]),
  evr.map((v): Pair => [v, v.replace(/0/, "00").replace(/1/, "01")]),
);

Deno.test({
  name: "compareRpmVersions() agrees with rpm.vercmp() on random EVR pairs",
  ignore: skipReason !== undefined,
  fn: async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(pair, { minLength: 200, maxLength: 400 }),
        async (pairs) => {
          const answers = await rpmCompare(pairs);
          pairs.forEach(([a, b], i) => {
            assert.notEqual(answers[i], null, `rpm refused ${a} or ${b}`);
            compared++;
            assert.equal(
              Math.sign(compareRpmVersions(a, b)),
              answers[i],
              `${a} vs ${b}`,
            );
          });
        },
      ),
      { numRuns: 25, endOnFailure: true }, // shrinking would rerun rpm
    );
    assert.ok(compared > 1000, `only ${compared} pairs compared`);
  },
});

Deno.test("compareRpmVersions() is antisymmetric and never throws on any string", () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), (a, b) => {
      const forward = Math.sign(compareRpmVersions(a, b));
      assert.equal(Math.sign(compareRpmVersions(b, a)), 0 - forward);
      if (a === b) assert.equal(forward, 0);
    }),
  );
});
