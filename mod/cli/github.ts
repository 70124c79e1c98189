/**
 * GitHub Actions mode of `layerdiff check` (on when GITHUB_ACTIONS=true, or
 * with --github): the Markdown report goes to the job's step summary
 * ($GITHUB_STEP_SUMMARY), outputs to $GITHUB_OUTPUT (passed, size,
 * size-delta, wasted, report-path), and each failed rule becomes an
 * `::error` annotation, each rule near its limit a `::warning`; an error
 * that stops it (exit 2) is one `::error` on stderr.
 */
import { randomUUID } from "node:crypto";
import type { Verdict } from "../budget/verdict.ts";
import { describeRule, ruleStatus } from "../render/verdict_message.ts";

/** Where GitHub mode finds its files, and how it writes them. */
export interface GithubOptions {
  env: (name: string) => string | undefined;
  /** Appends text to a file; the default appends with Deno. */
  appendFile?: (path: string, text: string) => Promise<void>;
}

/** The report to publish: its Markdown and where it was written. */
export interface GithubReport {
  markdown: string;
  path: string;
}

/**
 * Writes the step summary and outputs (each only when its variable is
 * set) and returns the annotation lines, to be printed on stdout.
 */
export async function publishToGithub(
  verdict: Verdict,
  report: GithubReport,
  options: GithubOptions,
): Promise<string> {
  const append = options.appendFile ?? appendWithDeno;
  const summary = options.env("GITHUB_STEP_SUMMARY");
  if (summary) await append(summary, `${report.markdown.trimEnd()}\n\n`);
  const output = options.env("GITHUB_OUTPUT");
  if (output) await append(output, githubOutputs(verdict, report.path));
  return githubAnnotations(verdict);
}

/**
 * The step outputs in $GITHUB_OUTPUT's format: `passed`, `size` (bytes of
 * the verdict's size kind), `size-delta` (empty without a base), `wasted`
 * and `report-path`. A value with a line break uses a heredoc delimiter.
 */
export function githubOutputs(verdict: Verdict, reportPath: string): string {
  const size = verdict.sizeKind === "compressed"
    ? verdict.head.compressedSize
    : verdict.head.size;
  const outputs: [string, string][] = [
    ["passed", String(verdict.passed)],
    ["size", String(size)],
    ["size-delta", verdict.sizeDelta === null ? "" : String(verdict.sizeDelta)],
    ["wasted", String(verdict.bloat.wastedBytes)],
    ["report-path", reportPath],
  ];
  return outputs.map(([name, value]) => {
    if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
    const delimiter = `ghadelimiter_${randomUUID()}`;
    return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }).join("");
}

/** `::error` for each failed rule and `::warning` for each near its limit. */
export function githubAnnotations(verdict: Verdict): string {
  return verdict.rules
    .filter((result) => ruleStatus(result) !== "PASS")
    .map((result) => {
      const level = result.passed ? "warning" : "error";
      const title = escapeProperty(`layerdiff check: ${result.rule}`);
      return `::${level} title=${title}::${escapeData(describeRule(result))}\n`;
    })
    .join("");
}

/**
 * `::error` for the error that stopped `layerdiff check` (exit 2). It goes to
 * stderr, beside the error line: stdout stays empty on error, and the
 * runner reads workflow commands from both streams of a step.
 */
export function githubErrorAnnotation(message: string): string {
  return `::error title=layerdiff::${escapeData(message)}\n`;
}

/** Workflow command data: %, CR and LF are encoded. */
function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D")
    .replaceAll("\n", "%0A");
}

/** Workflow command properties: also `:` and `,`. */
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

async function appendWithDeno(path: string, text: string): Promise<void> {
  await Deno.writeTextFile(path, text, { append: true });
}
