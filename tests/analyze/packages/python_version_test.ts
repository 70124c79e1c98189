import assert from "@std/assert";
import fc from "fast-check";
import {
  comparePythonVersions,
  normalizePythonName,
} from "../../../mod/analyze/packages/python_version.ts";
import {
  type Pair,
  type PythonAnswer,
  pythonCanonicalNames,
  pythonCompare,
  pythonSkipReason,
} from "./version_oracle.ts";

const skipReason = await pythonSkipReason();
if (skipReason) console.log(`SKIPPING packaging oracle tests: ${skipReason}`);

/**
 * Strictly increasing: versions that are not PEP 440 (by string), then
 * PEP 440's own ordering example, local labels and an epoch added.
 */
const ASCENDING = [
  "",
  "1.0-foo",
  "latest",
  "0.9",
  "1.0.dev456",
  "1.0a1",
  "1.0a2.dev456",
  "1.0a12.dev456",
  "1.0a12",
  "1.0b1.dev456",
  "1.0b2",
  "1.0b2.post345.dev456",
  "1.0b2.post345",
  "1.0rc1.dev456",
  "1.0rc1",
  "1.0",
  "1.0+1e5", // a string, not 100000: strings sort before numbers
  "1.0+abc.5",
  "1.0+abc.7",
  "1.0+abc.7.0",
  "1.0+5",
  "1.0.post456.dev34",
  "1.0.post456",
  "1.0.15",
  "1.1.dev1",
  "1!0.1",
];

/** Equal by PEP 440 normalisation. */
const EQUAL: Pair[] = [
  ["1.0", "1.0.0"],
  ["1.0-alpha1", "1.0a1"],
  ["1.0.BETA.2", "1.0b2"],
  ["1.0c1", "1.0rc1"],
  ["1.0-1", "1.0.post1"],
  ["1.0.post", "1.0.post0"],
  ["1.0-r2", "1.0.post2"],
  ["v1.0", "1.0"],
  [" 1.0\t", "1.0"],
  ["0!1.0", "1.0"],
  ["1.0+ABC", "1.0+abc"],
  ["1.0+abc-1", "1.0+abc.1"],
  ["1.0+01", "1.0+1"],
];

const ascendingPairs = ASCENDING.flatMap((a, i) =>
  ASCENDING.slice(i + 1).map((b): Pair => [a, b])
);

Deno.test("comparePythonVersions() orders PEP 440's example and invalid versions first", () => {
  for (const [a, b] of ascendingPairs) {
    assert.equal(Math.sign(comparePythonVersions(a, b)), -1, `${a} < ${b}`);
    assert.equal(Math.sign(comparePythonVersions(b, a)), 1, `${b} > ${a}`);
  }
  for (const [a, b] of EQUAL) {
    assert.equal(comparePythonVersions(a, b), 0, `${a} == ${b}`);
  }
});

/** The documented order, given what packaging says of a pair. */
function expected([a, b]: Pair, answer: PythonAnswer): number {
  if (answer.order !== null) return answer.order;
  if (answer.validA !== answer.validB) return answer.validA ? 1 : -1;
  return a === b ? 0 : a < b ? -1 : 1;
}

Deno.test({
  name: "comparePythonVersions() hand-picked cases are what packaging says",
  ignore: skipReason !== undefined,
  fn: async () => {
    const answers = await pythonCompare([...ascendingPairs, ...EQUAL]);
    ascendingPairs.forEach((p, i) =>
      assert.equal(
        expected(p, answers[i]),
        -1,
        `packaging on ${p[0]} < ${p[1]}`,
      )
    );
    EQUAL.forEach((p, i) =>
      assert.equal(
        expected(p, answers[ascendingPairs.length + i]),
        0,
        `packaging on ${p[0]} == ${p[1]}`,
      )
    );
    assert.equal(answers.filter((a) => a.order === null).length, 3 * 23 + 3);
  },
});

const number = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 20 }).map(String) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "00",
      "01",
      "007",
      "1000000",
      "9007199254740991",
    ),
  },
);
const sep = fc.constantFrom("", "", ".", "-", "_");
const tag = (labels: string[]) =>
  fc.tuple(sep, fc.constantFrom(...labels), sep, fc.option(number))
    .map(([s1, label, s2, n]) => n === null ? s1 + label : s1 + label + s2 + n);
const localPart = fc.constantFrom(
  "abc",
  "ubuntu",
  "a",
  "z9",
  "1",
  "01",
  "0",
  "7",
  "1e5",
  "0x1",
  "Infinity",
);
const version = fc.tuple(
  fc.constantFrom("", "", "", " ", "v", "V"),
  fc.option(number.map((n) => `${n}!`)),
  fc.array(number, { minLength: 1, maxLength: 4 }).map((r) => r.join(".")),
  fc.option(
    tag(["a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "RC", "B"]),
  ),
  fc.option(
    fc.oneof(number.map((n) => `-${n}`), tag(["post", "rev", "r", "POST"])),
  ),
  fc.option(tag(["dev", "DEV"])),
  fc.option(
    fc.tuple(
      fc.array(localPart, { minLength: 1, maxLength: 3 }),
      fc.constantFrom(".", "-", "_"),
    ).map(([parts, s]) => `+${parts.join(s)}`),
  ),
).map((parts) => parts.map((p) => p ?? "").join(""));
/** Mostly PEP 440, some broken by a stray character or a known bad form. */
const anyVersion = fc.oneof(
  { weight: 8, arbitrary: version },
  {
    weight: 1,
    arbitrary: fc.tuple(version, fc.constantFrom("+", "..", "-x", "!", " b"))
      .map(([v, junk]) => v + junk),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("", "latest", "1.0-foo", ".1", "1..0", "dev"),
  },
);
/** Two random versions, or one and a near neighbour of it. */
const pair: fc.Arbitrary<Pair> = fc.oneof(
  fc.tuple(anyVersion, anyVersion),
  fc.tuple(
    version,
    fc.constantFrom(".0", "0", "a1", ".post1", ".dev0", "+1", "+a", "-1", "c"),
    fc.boolean(),
  ).map(([v, suffix, swap]): Pair => swap ? [v + suffix, v] : [v, v + suffix]),
);

Deno.test({
  name: "comparePythonVersions() agrees with packaging.version on random pairs",
  ignore: skipReason !== undefined,
  fn: async () => {
    let valid = 0, total = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(pair, { minLength: 800, maxLength: 1200 }),
        async (pairs) => {
          const answers = await pythonCompare(pairs);
          pairs.forEach((p, i) => {
            total++;
            if (answers[i].order !== null) valid++;
            assert.equal(
              Math.sign(comparePythonVersions(p[0], p[1])),
              expected(p, answers[i]),
              `${JSON.stringify(p)}: packaging says ${
                JSON.stringify(answers[i])
              }`,
            );
          });
        },
      ),
      { numRuns: 3, endOnFailure: true }, // shrinking would rerun python
    );
    assert.ok(valid > total / 2, `only ${valid} of ${total} pairs both valid`);
  },
});

Deno.test("normalizePythonName() folds case and runs of -_. into one -", () => {
  assert.equal(normalizePythonName("Zope.Interface"), "zope-interface");
  assert.equal(normalizePythonName("typing__extensions"), "typing-extensions");
  assert.equal(normalizePythonName("a-_.b"), "a-b");
  assert.equal(normalizePythonName("requests"), "requests");
});

Deno.test({
  name: "normalizePythonName() agrees with packaging.utils.canonicalize_name",
  ignore: skipReason !== undefined,
  fn: async () => {
    const names = fc.sample(
      fc.array(
        fc.constantFrom("A", "b", "Z", "0", "9", "-", "_", ".", "\u00c9"),
        {
          minLength: 1,
          maxLength: 12,
        },
      ).map((chars) => chars.join("")),
      500,
    );
    assert.deepEqual(
      names.map((name) => normalizePythonName(name)),
      await pythonCanonicalNames(names),
    );
  },
});
