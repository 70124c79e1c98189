import assert from "@std/assert";
import type { RuleResult } from "../../mod/budget/verdict.ts";
import {
  describeOffender,
  describeRule,
  formatMeasuredAndLimit,
  ruleStatus,
  summaryLine,
} from "../../mod/render/verdict_message.ts";
import { passingVerdict, RULES, sampleVerdict } from "./verdict_sample.ts";

Deno.test("describeRule() names the measured value, the limit and the size kind", () => {
  assert.equal(
    describeRule(RULES.size),
    "image size (uncompressed) 123 MB: within the limit of 500 MB",
  );
  assert.equal(
    describeRule(RULES.growth),
    "growth (uncompressed) +25.1 MB, 98.4 MB → 123 MB: over the limit of 20.0 MB",
  );
  assert.equal(
    describeRule(RULES.growthPercent),
    "growth (compressed) +25.5%, 98.4 MB → 123 MB: over the limit of 5%",
  );
  assert.equal(describeRule(RULES.layers), "layers 28: within the limit of 30");
  assert.equal(
    describeRule(RULES.wasted),
    "wasted bytes (uncompressed) 1.2 MB: within the limit of 50.0 MB",
  );
  assert.equal(
    describeRule(RULES.efficiency),
    "efficiency (uncompressed) 98.7%: meets the minimum of 90%",
  );
  assert.equal(
    describeRule({ ...RULES.efficiency, passed: false, measured: 0.5 }),
    "efficiency (uncompressed) 50%: below the minimum of 90%",
  );
  assert.equal(
    describeRule(RULES.userWasted),
    "wasted bytes per byte above the base layer (uncompressed) 1.2%: within the limit of 10%",
  );
});

Deno.test("describeRule() lists the files over max-file-size", () => {
  assert.equal(
    describeRule(RULES.fileSize),
    "largest file (uncompressed) 150 MB: over the limit of 100 MB; 2 files over it: /models/big.bin 150 MB (layer 3), /models/b|g_*x*.bin 120 MB (layer 2)",
  );
});

Deno.test("describeRule() lists the first denied paths, escaped, and counts the rest", () => {
  assert.equal(
    describeRule(RULES.deny),
    "7 denied paths are present: /app/.env (layer 1, matches *.env), /app/evil\\x1b[2J (layer 1, matches /app/evil*), /root/.ssh (layer 2, matches /root/.ssh), /s/1.pem (layer 2, matches *.pem), /s/2.pem (layer 2, matches *.pem), and 2 more",
  );
  assert.equal(
    describeRule({
      ...RULES.deny,
      passed: true,
      measured: 0,
      offenders: [],
      offenderCount: 0,
    }),
    "no denied path is present",
  );
});

Deno.test("formatMeasuredAndLimit() writes exact values when rounding hides the difference", () => {
  const bytes: RuleResult = {
    ...RULES.size,
    passed: false,
    measured: 100_000_001,
    limit: 100_000_000,
  };
  assert.deepEqual(formatMeasuredAndLimit(bytes), [
    "100000001 B",
    "100000000 B",
  ]);
  assert.deepEqual(
    formatMeasuredAndLimit({ ...bytes, measured: 100_000_000 }),
    ["100 MB", "100 MB"],
  );
  const ratio: RuleResult = {
    ...RULES.efficiency,
    passed: false,
    measured: 0.89999,
    limit: 0.9,
  };
  assert.deepEqual(formatMeasuredAndLimit(ratio), ["89.999%", "90%"]);
});

Deno.test("ruleStatus() is WARN for a rule that passed near its limit", () => {
  assert.equal(ruleStatus(RULES.size), "PASS");
  assert.equal(ruleStatus(RULES.layers), "WARN");
  assert.equal(ruleStatus(RULES.growth), "FAIL");
});

Deno.test("describeOffender() uses the escape it is given", () => {
  assert.equal(
    describeOffender(
      { path: "/a_b", layer: 0, size: 10 },
      (t) => t.toUpperCase(),
    ),
    "/A_B 10 B (layer 0)",
  );
});

Deno.test("summaryLine() counts the failed rules", () => {
  assert.equal(summaryLine(sampleVerdict()), "failed: 3 of 8 rules");
  assert.equal(summaryLine(passingVerdict()), "passed: 2 rules");
});
