import { keepPolicy } from "../analyze/keep_policy.ts";
import { buildDiffReport } from "../analyze/report.ts";
import { LayerdiffError } from "../errors.ts";
import { openImages } from "../image/open_images.ts";
import { imageInput, sourceOpenOptions } from "./image_input.ts";
import { jsonChunks } from "../render/json/json.ts";
import { renderHtml } from "../render/html/html.ts";
import { renderMarkdown } from "../render/markdown/markdown.ts";
import { tableChunks } from "../render/table/table.ts";
import { escapeForTerminal } from "../render/format.ts";
import { type DiffArgs, parseArgs } from "./args.ts";
import type { CliIo } from "./cli_io.ts";
import { runCache } from "./cache_command.ts";
import { runCheck } from "./check.ts";
import { keepOptions } from "./content_args.ts";
import { githubErrorAnnotation } from "./github.ts";
import { runInspect } from "./inspect.ts";
import { packageWarnings } from "./package_warnings.ts";
import { ProgressLine } from "./progress.ts";
import { writeOutputFile } from "./output_file.ts";
import { writeChunks, writeThen } from "./write_chunks.ts";

/**
 * Runs layerdiff with the given arguments and returns the exit code:
 *
 * - 0: the command ran: `--help` and `--version`, `inspect`, `diff` (whether
 *   or not the images differ, unless `--exit-code`), `check` when every
 *   rule passes;
 * - 1: `diff --exit-code` found differences, or a `check` rule failed;
 * - 2: a usage or input error, or an internal error: one line on stderr
 *   (a stack trace too with `--debug`) and nothing on stdout, since every
 *   image is read and analysed before the first byte of output.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let progress: ProgressLine | undefined;
  try {
    const args = parseArgs(argv);
    if (args.command === "print") {
      return await writeThen(0, () => io.stdout(args.text));
    }
    if (args.command === "check") return await runCheck(args, io);
    if (args.command === "inspect") return await runInspect(args, io);
    if (args.command === "cache") return await runCache(args, io);
    if (io.stderrIsTerminal) {
      progress = new ProgressLine(io.stderr, { a: args.a, b: args.b });
    }
    const output = await diff(args, io, progress);
    progress?.clear();
    const code = output.differ && args.exitCode ? 1 : 0;
    if (args.output) {
      await writeOutputFile(args.output, output.chunks);
      return code;
    }
    return await writeThen(code, () => writeChunks(io.stdout, output.chunks));
  } catch (error) {
    progress?.clear();
    await io.stderr(`${describeError(error, argv.includes("--debug"))}\n`);
    if (checkInGithub(argv, io)) {
      await io.stderr(githubErrorAnnotation(errorMessage(error)));
    }
    return 2;
  }
}

async function diff(
  args: DiffArgs,
  io: CliIo,
  progress: ProgressLine | undefined,
): Promise<{ chunks: Iterable<string>; differ: boolean }> {
  const keep = keepOptions(args.report.sections, args.content);
  const [a, b] = await openImages(
    await imageInput(args.a, io),
    await imageInput(args.b, io),
    {
      ...sourceOpenOptions(args, io),
      image: [args.image[0], args.image[1]],
      platform: [args.platform[0], args.platform[1]],
      verify: args.verify,
      keep: keepPolicy(keep),
      onProgress: progress && ((p) => progress.update(p)),
    },
  );
  const report = buildDiffReport(a, b, {
    ...args.report,
    mtime: args.mtime,
    content: keep.content,
    contentLimit: keep.contentLimit,
    tree: args.format === "html",
  });
  progress?.clear();
  await packageWarnings(io, report.report.packages?.errors ?? []);
  const color = args.color && io.stdoutIsTerminal && !io.env("NO_COLOR") &&
    !args.output;
  const chunks = args.format === "json"
    ? jsonChunks(report)
    : args.format === "html"
    ? [renderHtml(report)]
    : args.format === "markdown"
    ? [renderMarkdown(report)]
    : tableChunks(report, { color });
  return { chunks, differ: report.changes.length > 0 };
}

function describeError(error: unknown, debug: boolean): string {
  const line = `layerdiff: ${errorMessage(error)}`;
  if (debug && error instanceof Error && error.stack) {
    return `${line}\n${error.stack}`;
  }
  return error instanceof LayerdiffError ||
      error instanceof Deno.errors.NotCapable
    ? line
    : `${line} (run with --debug for a stack trace)`;
}

/** The error as one line, escaped for a terminal. */
function errorMessage(error: unknown): string {
  if (error instanceof LayerdiffError) return escapeForTerminal(error.message);
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Deno.errors.NotCapable) {
    // `deno run` without the flags a source needs (the compiled binary has them).
    return `missing permission: ${escapeForTerminal(message)}`;
  }
  return `internal error: ${escapeForTerminal(message)}`;
}

/**
 * Whether the command line is `check` in GitHub Actions mode, read from the
 * raw arguments since they may be what failed to parse.
 */
function checkInGithub(argv: string[], io: CliIo): boolean {
  if (argv[0] !== "check") return false;
  const flag = argv.findLast((arg) =>
    arg === "--github" || arg === "--no-github"
  );
  return flag ? flag === "--github" : io.env("GITHUB_ACTIONS") === "true";
}
