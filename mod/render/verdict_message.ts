/**
 * Words for a verdict and its rules, shared by the text, Markdown and GitHub
 * views: the result line, each rule's measured value and limit, and one
 * sentence per rule that names both (and, for sizes, which bytes were
 * counted).
 */
import type { Offender, RuleResult, Verdict } from "../budget/verdict.ts";
import { escapeForTerminal, formatBytes, formatDelta } from "./format.ts";

/** Offenders named in a rule's sentence; the rest are counted. */
const NAMED = 5;

/** What a rule measures, as a noun phrase. */
const SUBJECT: Record<RuleResult["rule"], string> = {
  "max-size": "image size",
  "max-growth": "growth",
  "max-layers": "layers",
  "max-file-size": "largest file",
  "max-wasted": "wasted bytes",
  "max-dive-wasted": "wasted bytes by dive's definition",
  "min-efficiency": "efficiency",
  "max-user-wasted": "wasted bytes per byte above the base layer",
  "deny": "denied paths",
  "deny-package": "denied packages",
  "max-package-growth": "growth of package files",
};

/**
 * The measured value and the limit as text. When both would read the same
 * although they differ ("100 MB" and "100 MB"), both are written exactly.
 */
export function formatMeasuredAndLimit(result: RuleResult): [string, string] {
  const signed = result.rule === "max-growth";
  const measured = formatValue(result.measured, result, { signed });
  const limit = formatValue(result.limit, result, { signed: false });
  if (measured !== limit || result.measured === result.limit) {
    return [measured, limit];
  }
  return [
    formatValue(result.measured, result, { signed, exact: true }),
    formatValue(result.limit, result, { signed: false, exact: true }),
  ];
}

/**
 * One sentence for a rule: what was measured, the limit, and how they
 * compare. Paths pass through `escape` (default: safe for a terminal).
 *
 * @example
 * describeRule(result);
 * // "image size (uncompressed) 123.4 MB: over the limit of 100 MB"
 */
export function describeRule(
  result: RuleResult,
  options: { escape?: (text: string) => string } = {},
): string {
  const escape = options.escape ?? escapeForTerminal;
  const [measured, limit] = formatMeasuredAndLimit(result);
  if (result.rule === "deny") {
    return result.passed
      ? "no denied path is present"
      : `${result.measured} denied ${
        result.measured === 1 ? "path is" : "paths are"
      } present: ${listOffenders(result, escape)}`;
  }
  if (result.rule === "deny-package") {
    return result.passed
      ? "no denied package is installed"
      : `${result.measured} denied ${
        result.measured === 1 ? "package is" : "packages are"
      } installed: ${listOffenders(result, escape)}`;
  }
  const kind = result.sizeKind ? ` (${result.sizeKind})` : "";
  const sizes = result.sizes
    ? `, ${formatBytes(result.sizes.base)} → ${formatBytes(result.sizes.head)}`
    : "";
  const comparison = result.rule === "min-efficiency"
    ? (result.passed ? "meets the minimum of" : "below the minimum of")
    : (result.passed ? "within the limit of" : "over the limit of");
  let sentence = `${
    SUBJECT[result.rule]
  }${kind} ${measured}${sizes}: ${comparison} ${limit}`;
  if (result.offenderCount && result.rule === "max-package-growth") {
    sentence += `; grown most: ${listOffenders(result, escape)}`;
  } else if (result.offenderCount) {
    sentence += `; ${result.offenderCount} ${
      result.offenderCount === 1 ? "file" : "files"
    } over it: ${listOffenders(result, escape)}`;
  }
  return sentence;
}

/** "PASS", "FAIL", or "WARN" for a rule that passed near its limit. */
export function ruleStatus(result: RuleResult): "PASS" | "FAIL" | "WARN" {
  return !result.passed ? "FAIL" : result.nearLimit ? "WARN" : "PASS";
}

/** "passed: 7 rules" or "failed: 2 of 7 rules". */
export function summaryLine(verdict: Verdict): string {
  const total = verdict.rules.length;
  const failed = verdict.rules.filter((rule) => !rule.passed).length;
  const rules = `${total} ${total === 1 ? "rule" : "rules"}`;
  return failed ? `failed: ${failed} of ${rules}` : `passed: ${rules}`;
}

/**
 * One offender: "/app/big.bin 150 MB (layer 3)", "/app/.env (layer 1,
 * matches *.env)", "gcc-12 12.2.0-14 61.2 MB (layer 2, matches gcc*)".
 */
export function describeOffender(
  offender: Offender,
  escape: (text: string) => string = escapeForTerminal,
): string {
  if (offender.package) {
    const { name, version } = offender.package;
    const size = offender.size !== undefined
      ? ` ${formatBytes(offender.size)}`
      : "";
    const pattern = offender.pattern !== undefined
      ? `, matches ${escape(offender.pattern)}`
      : "";
    return `${
      escape(`${name} ${version}`)
    }${size} (layer ${offender.layer}${pattern})`;
  }
  const size = offender.size !== undefined
    ? ` ${formatBytes(offender.size)}`
    : "";
  const pattern = offender.pattern !== undefined
    ? `, matches ${escape(offender.pattern)}`
    : "";
  return `${escape(offender.path)}${size} (layer ${offender.layer}${pattern})`;
}

function listOffenders(
  result: RuleResult,
  escape: (text: string) => string,
): string {
  const named = (result.offenders ?? []).slice(0, NAMED);
  const rest = (result.offenderCount ?? named.length) - named.length;
  const list = named.map((offender) => describeOffender(offender, escape));
  if (rest > 0) list.push(`and ${rest} more`);
  return list.join(", ");
}

function formatValue(
  value: number,
  result: RuleResult,
  options: { signed: boolean; exact?: boolean },
): string {
  const sign = options.signed && value > 0 ? "+" : "";
  switch (result.unit) {
    case "bytes":
      if (options.exact) return `${sign}${value} B`;
      return options.signed ? formatDelta(value) : formatBytes(value);
    case "percent":
      return `${sign}${formatNumber(value, options.exact)}%`;
    case "ratio":
      return `${formatNumber(value * 100, options.exact)}%`;
    case "count":
      return String(value);
  }
}

/** One decimal ("98.7", "90"), or up to six when exact. */
function formatNumber(value: number, exact = false): string {
  if (!Number.isFinite(value)) return "∞";
  return String(Number(value.toFixed(exact ? 6 : 1)));
}
