/**
 * The JSON view of a verdict (`layerdiff check --json`), a versioned
 * contract like the diff report's: every rule with measured, limit and
 * passed, the images' figures, bloat, and the diff summary when a base
 * image was given.
 */
import type { DiffSummary } from "../../analyze/report.ts";
import type { Verdict } from "../../budget/verdict.ts";
import { describeRule } from "../verdict_message.ts";

/**
 * Renders a verdict as JSON. Each rule carries its sentence as `message`
 * (paths unescaped). A percent that cannot be computed (growth over an
 * empty base) is null.
 */
export function renderVerdictJson(
  verdict: Verdict,
  options: { summary?: DiffSummary } = {},
): string {
  return `${
    JSON.stringify(
      {
        schemaVersion: 1,
        passed: verdict.passed,
        sizeKind: verdict.sizeKind,
        rules: verdict.rules.map((result) => ({
          ...result,
          message: describeRule(result, { escape: (text) => text }),
        })),
        images: { head: verdict.head, base: verdict.base },
        sizeDelta: verdict.sizeDelta,
        bloat: verdict.bloat,
        summary: options.summary ?? null,
      },
      null,
      2,
    )
  }\n`;
}
