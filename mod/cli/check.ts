import { keepPolicy } from "../analyze/keep_policy.ts";
import type { PackageError } from "../analyze/packages/scan_packages.ts";
import {
  buildInspectReport,
  type InspectReport,
} from "../analyze/inspect_report.ts";
import { buildDiffReport, type DiffReport } from "../analyze/report.ts";
import { traceImage, traceImages } from "../analyze/trace_layers.ts";
import { hasRules, mergeBudgets } from "../budget/budget.ts";
import { loadBudgetConfig } from "../budget/config.ts";
import { evaluateBudget } from "../budget/evaluate.ts";
import type { Verdict } from "../budget/verdict.ts";
import { UsageError } from "../errors.ts";
import type { Image } from "../image/image.ts";
import { openImage, openImages } from "../image/open_images.ts";
import { renderHtml } from "../render/html/html.ts";
import { imageLabel } from "../render/html/page_header.ts";
import { COMMENT_LIMIT, renderMarkdown } from "../render/markdown/markdown.ts";
import { renderVerdictJson } from "../render/json/verdict_json.ts";
import { renderVerdictMarkdown } from "../render/markdown/verdict_markdown.ts";
import { renderVerdictText } from "../render/table/verdict_text.ts";
import type { CheckArgs } from "./check_args.ts";
import { publishToGithub } from "./github.ts";
import { imageInput, sourceOpenOptions } from "./image_input.ts";
import { packageWarnings } from "./package_warnings.ts";
import { ProgressLine } from "./progress.ts";
import type { CliIo } from "./cli_io.ts";
import { writeThen } from "./write_chunks.ts";

/**
 * Characters left free in a comment for the action's hidden marker line and
 * its line linking the HTML page (an artifact URL of GitHub's longest owner
 * and repository names is about 210 characters).
 */
const MARKER_ROOM = 400;

/** The file the Markdown report goes to in GitHub mode without --markdown-file. */
const REPORT_NAME = "layerdiff-report.md";

/**
 * Runs `layerdiff check`: reads the budget (config file, then flags), opens
 * the images, evaluates every rule, prints the verdict, writes the Markdown
 * report and HTML page asked for and, in GitHub mode, publishes it. Each
 * image is merged once (their common base once), for the rules and the
 * report alike. Returns 0 when every rule passes and 1
 * when one fails; usage and input errors are thrown (exit 2) before
 * anything is printed.
 */
export async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  const file = args.config ? await loadBudgetConfig(args.config) : {};
  const budget = mergeBudgets(file, args.budget);
  if (!hasRules(budget)) {
    throw new UsageError(
      "no budget given: set a limit such as --max-size, or --config FILE (see layerdiff check --help)",
    );
  }
  if (budget.maxGrowth && args.base === undefined) {
    throw new UsageError("max-growth needs a base image: add --base BASE");
  }
  if (budget.maxPackageGrowth !== undefined && args.base === undefined) {
    throw new UsageError(
      "max-package-growth needs a base image: add --base BASE",
    );
  }
  const progress = io.stderrIsTerminal
    ? new ProgressLine(io.stderr, { a: args.base ?? args.head, b: args.head })
    : undefined;
  let head: Image, base: Image | undefined;
  try {
    [head, base] = await open(args, io, progress);
  } finally {
    progress?.clear();
  }
  const traces = base ? traceImages(base, head) : { b: traceImage(head) };
  const trace = traces.b;
  const warnings: (PackageError & { image: string })[] = [];
  const verdict = evaluateBudget(budget, { head, base }, {
    trace,
    baseTrace: "a" in traces ? traces.a : undefined,
    onPackageError: (error) => warnings.push(error),
  });
  await packageWarnings(io, warnings);
  const tree = Boolean(args.htmlFile);
  const report = base
    ? buildDiffReport(base, head, { traces, tree })
    : undefined;
  const github = args.github ?? io.env("GITHUB_ACTIONS") === "true";
  const reportPath = args.markdownFile ??
    (github ? await defaultReportPath(io) : undefined);
  const subject = report ??
    (reportPath || args.format === "markdown" || tree
      ? buildInspectReport(head, { trace, tree })
      : undefined);
  const markdown = subject && (reportPath || args.format === "markdown")
    ? reportMarkdown(verdict, subject)
    : "";
  if (reportPath) await writeReport(reportPath, markdown, "Markdown report");
  if (args.htmlFile && subject) {
    await writeReport(args.htmlFile, reportHtml(verdict, subject), "HTML page");
  }
  const annotations = github
    ? await publishToGithub(verdict, { markdown, path: reportPath! }, {
      env: io.env,
    })
    : "";
  const color = args.color && io.stdoutIsTerminal && !io.env("NO_COLOR");
  return await writeThen(verdict.passed ? 0 : 1, async () => {
    await io.stdout(
      args.format === "json"
        ? renderVerdictJson(verdict, { summary: report?.summary })
        : args.format === "markdown"
        ? markdown
        : renderVerdictText(verdict, { color }),
    );
    if (annotations) await io.stdout(annotations);
  });
}

/**
 * The Markdown report: the verdict, then the diff report (or, without a
 * base, the inspect report of the head), cut to fit one pull-request
 * comment with room for the action's marker line.
 */
function reportMarkdown(
  verdict: Verdict,
  report: DiffReport | InspectReport,
): string {
  const verdictOnly = renderVerdictMarkdown(verdict);
  const appendix = renderMarkdown(report, {
    maxLength: COMMENT_LIMIT - verdictOnly.length - MARKER_ROOM,
  });
  return renderVerdictMarkdown(verdict, { appendix });
}

/**
 * The HTML page: the diff page of base → head (or, without a base, the
 * inspect page of the head), the verdict in its header.
 */
function reportHtml(
  verdict: Verdict,
  report: DiffReport | InspectReport,
): string {
  const images = "image" in report
    ? imageLabel(report.image)
    : `${imageLabel(report.images.a)} → ${imageLabel(report.images.b)}`;
  return renderHtml(report, { verdict, title: `layerdiff check: ${images}` });
}

async function open(
  args: CheckArgs,
  io: CliIo,
  progress: ProgressLine | undefined,
): Promise<[Image, Image | undefined]> {
  const input = (argument: string) => imageInput(argument, io);
  const [headImage, baseImage] = args.image;
  const [headPlatform, basePlatform] = args.platform;
  if (args.base === undefined) {
    const head = await openImage(await input(args.head), {
      ...sourceOpenOptions(args, io),
      image: headImage,
      platform: headPlatform,
      verify: args.verify,
      keep: keepPolicy(),
      onProgress: progress && ((p) => progress.update(p)),
    });
    return [head, undefined];
  }
  const [base, head] = await openImages(
    await input(args.base),
    await input(args.head),
    {
      ...sourceOpenOptions(args, io),
      image: [baseImage ?? headImage, headImage],
      platform: [basePlatform ?? headPlatform, headPlatform],
      verify: args.verify,
      keep: keepPolicy(),
      onProgress: progress && ((p) => progress.update(p)),
    },
  );
  return [head, base];
}

/** Writes `text` to `path`; an error names the file and what it holds. */
async function writeReport(
  path: string,
  text: string,
  what: string,
): Promise<void> {
  try {
    await Deno.writeTextFile(path, text);
  } catch (error) {
    throw new UsageError(
      `cannot write the ${what}: ${
        error instanceof Error ? error.message : String(error)
      }`,
      { file: path },
    );
  }
}

async function defaultReportPath(io: CliIo): Promise<string> {
  const directory = io.env("RUNNER_TEMP") || await Deno.makeTempDir();
  return `${directory}/${REPORT_NAME}`;
}
