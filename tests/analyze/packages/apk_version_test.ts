/**
 * compareApkVersions() against apk-tools' own expectations (apk cannot be
 * installed on Debian to serve as a live oracle), then order properties on
 * generated versions.
 */
import assert from "@std/assert";
import fc from "fast-check";
import { compareApkVersions } from "../../../mod/analyze/packages/apk_version.ts";

/**
 * Lines of apk-tools' test/unit/version.data (master, 2026-06-30, commit
 * 90b974fd); all 738 of its `<`, `>`, `=` lines were checked once by hand
 * (and the 733 of the 2.14-stable test/version.data), this is a sample of
 * each rule.
 */
const APK_TOOLS_CASES = `
1.0 < 1.0bc
0.1.0_alpha = 0.1.0_alpha
0.1.0_alpha < 0.1.3_alpha
0.1.0_alpha2 > 0.1.0_alpha
1.1 > 1.1_alpha1
1.2.1 > 1.2
1.0.4-r3 < 1.0.4-r4
2.3.0b-r1 < 2.3.0b-r2
2.5.1-r8 < 2.5.1a-r1
1.7 < 1.7b
1.1a < 1.3a
0.12.3 > 0.12
0.8_beta1 < 0.8_beta2
3.1_p16 < 3.1_p17
4.2.52_p2-r1 < 4.2.52_p4-r2
0.10.0 < 0.10.1_rc1
2.1_pre20 < 2.1_pre26
20040401 > 2.0.0_rc3-r1
1.06-r6 < 006
2.10.1 > 02.08.01b
1.02 < 1.03-r1
1.2.9.1-r1 > 1.2.9.1
1.3_pre1-r1 < 1.3.2
1.0_p10-r0 > 1.0_p9-r0
0.1.0_alpha_pre2 < 0.1.0_alpha
1.0.0_pre20191002222144-r0 < 1.0.0_pre20210530193627-r0
6.0_pre1 < 6.0
6.0_p1 > 6.0
8.2.0 < 8.2.001
8.2.0015 < 8.2.002
1.0~1234 < 1.0~2345
1.0~1234-r1 < 1.0~2345-r0
1.0~1234-r1 > 1.0~1234-r0
23_foo > 4_beta
`;

const sign = (n: number) => n < 0 ? "<" : n > 0 ? ">" : "=";

Deno.test("compareApkVersions() agrees with apk-tools' version.data", () => {
  const wrong: string[] = [];
  for (const line of APK_TOOLS_CASES.trim().split("\n")) {
    const [a, op, b] = line.split(" ");
    const forward = sign(compareApkVersions(a, b));
    const backward = sign(compareApkVersions(b, a));
    const mirrored = op === "<" ? ">" : op === ">" ? "<" : "=";
    if (forward !== op || backward !== mirrored) {
      wrong.push(`${line}: got ${a} ${forward} ${b}, ${b} ${backward} ${a}`);
    }
  }
  assert.deepEqual(wrong, []);
});

Deno.test("compareApkVersions() orders the suffixes around the release", () => {
  const ladder = [
    "1.2_alpha",
    "1.2_alpha1",
    "1.2_beta",
    "1.2_pre2",
    "1.2_rc1",
    "1.2",
    "1.2-r1",
    "1.2_cvs",
    "1.2_svn",
    "1.2_git20240101",
    "1.2_hg",
    "1.2_p1",
    "1.2_p1-r3",
    "1.2a",
    "1.2.0",
    "1.2.1",
    "1.10",
  ];
  for (let i = 0; i < ladder.length; i++) {
    for (let j = 0; j < ladder.length; j++) {
      assert.equal(
        sign(compareApkVersions(ladder[i], ladder[j])),
        sign(i - j),
        `${ladder[i]} vs ${ladder[j]}`,
      );
    }
  }
});

Deno.test("compareApkVersions() compares long numbers exactly", () => {
  assert.ok(
    compareApkVersions("1.99999999999999999999", "1.100000000000000000000") < 0,
  );
  assert.ok(compareApkVersions("20220614-r0", "20211016-r2") > 0);
});

/** Well-formed versions: digit{.digit}{letter}{_suf{#}}{~hash}{-r#}. */
const number = fc.oneof(
  fc.integer({ min: 0, max: 30 }).map(String),
  fc.constantFrom("0", "00", "01", "007", "10", "100"),
);
const version = fc.record({
  digits: fc.array(number, { minLength: 1, maxLength: 4 }),
  letter: fc.option(fc.constantFrom("a", "b", "z"), { nil: "" }),
  suffixes: fc.array(
    fc.tuple(
      fc.constantFrom(
        "alpha",
        "beta",
        "pre",
        "rc",
        "cvs",
        "svn",
        "git",
        "hg",
        "p",
      ),
      fc.option(number, { nil: "" }),
    ),
    { maxLength: 2 },
  ),
  hash: fc.option(fc.constantFrom("~1234", "~abcdef", "~0"), { nil: "" }),
  revision: fc.option(number.map((n) => `-r${n}`), { nil: "" }),
}).map((v) =>
  v.digits.join(".") + v.letter +
  v.suffixes.map(([s, n]) => `_${s}${n}`).join("") + v.hash + v.revision
);

Deno.test("compareApkVersions() is a total order on generated versions", () => {
  fc.assert(
    fc.property(version, version, version, (a, b, c) => {
      assert.equal(compareApkVersions(a, a), 0);
      assert.equal(
        sign(compareApkVersions(a, b)),
        sign(-compareApkVersions(b, a)),
      );
      const [x, y, z] = [a, b, c].sort(compareApkVersions);
      assert.ok(compareApkVersions(x, z) <= 0, `${x} <= ${y} <= ${z}`);
    }),
    { numRuns: 5000 },
  );
});

Deno.test("compareApkVersions() puts a revision bump and a pre-release on the right side", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 999 }), {
        minLength: 1,
        maxLength: 4,
      }),
      fc.integer({ min: 0, max: 50 }),
      (parts, r) => {
        const base = parts.join(".");
        assert.ok(compareApkVersions(`${base}-r${r}`, `${base}-r${r + 1}`) < 0);
        assert.ok(compareApkVersions(`${base}_rc1`, base) < 0);
        assert.ok(compareApkVersions(`${base}_p1`, base) > 0);
        assert.ok(compareApkVersions(base, `${base}.1`) < 0);
      },
    ),
  );
});
