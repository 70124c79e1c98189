import { buildInspectReport } from "../analyze/inspect_report.ts";
import { keepPolicy } from "../analyze/keep_policy.ts";
import type { Image } from "../image/image.ts";
import { openImage } from "../image/open_images.ts";
import { renderInspectTable } from "../render/table/inspect_table.ts";
import { renderJson } from "../render/json/json.ts";
import { renderHtml } from "../render/html/html.ts";
import { renderMarkdown } from "../render/markdown/markdown.ts";
import { imageInput, sourceOpenOptions } from "./image_input.ts";
import type { InspectArgs } from "./inspect_args.ts";
import { keepOptions } from "./content_args.ts";
import { packageWarnings } from "./package_warnings.ts";
import { ProgressLine } from "./progress.ts";
import type { CliIo } from "./cli_io.ts";
import { writeOutputFile } from "./output_file.ts";
import { writeThen } from "./write_chunks.ts";

/**
 * Runs `layerdiff inspect`: opens the image (with a progress line on a
 * terminal's stderr), explains it, prints the report.
 */
export async function runInspect(
  args: InspectArgs,
  io: CliIo,
): Promise<number> {
  const progress = io.stderrIsTerminal
    ? new ProgressLine(io.stderr, { a: args.image, b: args.image })
    : undefined;
  let image: Image;
  try {
    image = await openImage(
      await imageInput(args.image, io),
      {
        ...sourceOpenOptions(args, io),
        image: args.ref,
        platform: args.platform,
        verify: args.verify,
        keep: keepPolicy(keepOptions(args.report.sections)),
        onProgress: progress && ((p) => progress.update(p)),
      },
    );
  } finally {
    progress?.clear();
  }
  const report = buildInspectReport(image, {
    ...args.report,
    tree: args.format === "html",
  });
  await packageWarnings(io, report.report.packages?.errors ?? []);
  const color = args.color && io.stdoutIsTerminal && !io.env("NO_COLOR") &&
    !args.output;
  const text = args.format === "json"
    ? renderJson(report)
    : args.format === "html"
    ? renderHtml(report)
    : args.format === "markdown"
    ? renderMarkdown(report, { top: args.report.top })
    : renderInspectTable(report, { color, top: args.report.top });
  if (args.output) {
    await writeOutputFile(args.output, [text]);
    return 0;
  }
  return await writeThen(0, () => io.stdout(text));
}
