/**
 * The terminal view of a verdict: a header naming the images and the size
 * kind, one line per rule, and a result line.
 */
import type { ImageFigures, Verdict } from "../../budget/verdict.ts";
import { escapeForTerminal } from "../format.ts";
import { describeRule, ruleStatus, summaryLine } from "../verdict_message.ts";

const COLORS = { PASS: "\x1b[32m", FAIL: "\x1b[31m", WARN: "\x1b[33m" };

/**
 * Renders a verdict as lines of text.
 *
 * @example
 * renderVerdictText(verdict);
 * // layerdiff check: app.tar against base.tar (sizes: uncompressed)
 * // PASS  max-size        image size (uncompressed) 1.2 MB: within the limit of 5 MB
 * // passed: 1 rule
 */
export function renderVerdictText(
  verdict: Verdict,
  options: { color?: boolean } = {},
): string {
  const paint = (status: keyof typeof COLORS) =>
    options.color ? `${COLORS[status]}${status}\x1b[0m` : status;
  const width = verdict.rules.reduce(
    (widest, result) => Math.max(widest, result.rule.length),
    0,
  );
  const against = verdict.base ? ` against ${name(verdict.base)}` : "";
  const lines = [
    `layerdiff check: ${
      name(verdict.head)
    }${against} (sizes: ${verdict.sizeKind})`,
    ...verdict.rules.map((result) =>
      `${paint(ruleStatus(result))}  ${result.rule.padEnd(width)}  ${
        describeRule(result)
      }`
    ),
    summaryLine(verdict),
  ];
  return `${lines.join("\n")}\n`;
}

function name(image: ImageFigures): string {
  const source = escapeForTerminal(image.source);
  return image.reference
    ? `${escapeForTerminal(image.reference)} (${source})`
    : source;
}
