import assert from "@std/assert";
import fc from "fast-check";
import { compareNpmVersions } from "../../../mod/analyze/packages/npm_version.ts";

const sign = (a: string, b: string) => Math.sign(compareNpmVersions(a, b));

/** Strictly increasing, each pair checked both ways. */
function assertAscending(versions: string[]) {
  versions.forEach((a, i) =>
    versions.slice(i + 1).forEach((b) => {
      assert.equal(sign(a, b), -1, `${a} < ${b}`);
      assert.equal(sign(b, a), 1, `${b} > ${a}`);
    })
  );
}

Deno.test("compareNpmVersions() follows the SemVer 2.0 precedence examples", () => {
  // semver.org §11, verbatim.
  assertAscending(["1.0.0", "2.0.0", "2.1.0", "2.1.1"]);
  assertAscending(["1.0.0-alpha", "1.0.0"]);
  assertAscending([
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
  ]);
});

Deno.test("compareNpmVersions() compares numbers by value and numbers before words", () => {
  assertAscending(["1.9.0", "1.10.0", "10.0.0"]);
  assertAscending(["1.0.0-9", "1.0.0-10", "1.0.0-a", "1.0.0-a.9", "1.0.0-a.b"]);
});

Deno.test("compareNpmVersions() reads versions loosely, as npm does", () => {
  assert.equal(sign("v1.2.3", "1.2.3"), 0);
  assert.equal(sign("=1.2.3", "1.2.3"), 0);
  assert.equal(sign(" 1.2.3 ", "1.2.3"), 0);
  assert.equal(sign("1.2.3beta", "1.2.3-beta"), 0);
  assert.equal(sign("01.02.03", "1.2.3"), 0);
});

Deno.test("compareNpmVersions() ignores build metadata", () => {
  assert.equal(sign("1.0.0+build.1", "1.0.0+build.2"), 0);
  assert.equal(sign("1.0.0-rc.1+sha.5114f85", "1.0.0-rc.1"), 0);
  assert.equal(sign("1.0.0+z", "1.0.1+a"), -1);
});

Deno.test("compareNpmVersions() sorts invalid versions first, by string", () => {
  assertAscending(["", "1.2", "latest", "next", "0.0.0-0", "0.0.0"]);
  assert.equal(sign("latest", "latest"), 0);
});

const identifier = fc.oneof(
  fc.constantFrom("0", "1", "2", "9", "10", "11", "01"),
  fc.constantFrom("alpha", "beta", "rc", "a", "b", "x-y", "0a", "A"),
);
const semverWith = (coreLength: { minLength: number; maxLength: number }) =>
  fc.tuple(
    fc.constantFrom("", "", "v", "="),
    fc.array(fc.constantFrom("0", "1", "2", "10", "01"), coreLength),
    fc.option(fc.array(identifier, { minLength: 1, maxLength: 3 })),
    fc.option(fc.array(identifier, { minLength: 1, maxLength: 2 })),
  ).map(([prefix, core, pre, build]) =>
    prefix + core.join(".") + (pre ? `-${pre.join(".")}` : "") +
    (build ? `+${build.join(".")}` : "")
  );
const semver = semverWith({ minLength: 3, maxLength: 3 });
/** Mostly SemVer, some with a core of the wrong length, some anything. */
const anyVersion = fc.oneof(
  { weight: 8, arbitrary: semver },
  { weight: 1, arbitrary: semverWith({ minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

Deno.test("compareNpmVersions() is a total order: antisymmetric, transitive, consistent with sort", () => {
  fc.assert(
    fc.property(anyVersion, anyVersion, anyVersion, (a, b, c) => {
      assert.equal(sign(a, a), 0);
      assert.equal(sign(b, a), 0 - sign(a, b));
      if (sign(a, b) <= 0 && sign(b, c) <= 0) assert.ok(sign(a, c) <= 0);
      if (sign(a, b) === 0 && sign(b, c) === 0) assert.equal(sign(a, c), 0);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.array(anyVersion, { maxLength: 40 }), (versions) => {
      const sorted = [...versions].sort(compareNpmVersions);
      sorted.forEach((a, i) =>
        sorted.slice(i + 1).forEach((b) => assert.ok(sign(a, b) <= 0))
      );
    }),
  );
});

Deno.test("compareNpmVersions() orders the same with any build metadata added", () => {
  fc.assert(
    fc.property(
      semver,
      semver,
      fc.array(fc.constantFrom("1", "sha", "5114f85", "x-y"), {
        minLength: 1,
        maxLength: 3,
      }),
      (a, b, build) => {
        const base = a.replace(/\+.*/, "");
        const tagged = `${base}+${build.join(".")}`;
        assert.equal(sign(base, ""), 1, `${base} is valid`);
        assert.equal(sign(tagged, base), 0);
        assert.equal(sign(tagged, b), sign(base, b));
      },
    ),
  );
});
