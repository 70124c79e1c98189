import { buildInspectReport } from "../analyze/inspect_report.ts";
import { openImage } from "../image/open_images.ts";
import { renderInspectTable } from "../render/inspect_table.ts";
import { renderJson } from "../render/json.ts";
import { renderMarkdown } from "../render/markdown.ts";
import type { InspectArgs } from "./inspect_args.ts";
import type { CliIo } from "./run.ts";

/** Runs `layerdiff inspect`: opens the image, explains it, prints the report. */
export async function runInspect(
  args: InspectArgs,
  io: CliIo,
): Promise<number> {
  const image = await openImage(
    args.image === "-" ? { name: "-", stream: io.stdin } : args.image,
    { image: args.ref, platform: args.platform, verify: args.verify },
  );
  const report = buildInspectReport(image, args.report);
  const color = args.color && io.stdoutIsTerminal && !io.env("NO_COLOR");
  await io.stdout(
    args.format === "json"
      ? renderJson(report)
      : args.format === "markdown"
      ? renderMarkdown(report)
      : renderInspectTable(report, { color }),
  );
  return 0;
}
