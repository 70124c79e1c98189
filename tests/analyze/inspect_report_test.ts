import assert from "@std/assert";
import { buildInspectReport } from "../../mod/analyze/inspect_report.ts";
import { traceImage } from "../../mod/analyze/trace_layers.ts";
import { openImage } from "../../mod/image/open_images.ts";
import { writeBloatedPair } from "../fixtures/bloated_images.ts";

async function bloated() {
  return await openImage(
    (await writeBloatedPair(await Deno.makeTempDir())).after,
  );
}

Deno.test("buildInspectReport() explains one image: summary, layers, bloat, directories, largest files", async () => {
  const image = await bloated();
  const report = buildInspectReport(image, { top: 3 });
  assert.equal(report.schemaVersion, 1);
  assert.equal(report.image.reference, "app:after");
  assert.deepEqual(report.report.sections, [
    "summary",
    "layers",
    "bloat",
    "directories",
    "files",
    "packages",
  ]);
  // Visible: /tmp, /var, /var/cache, /var/cache/c, /big.bin, /keep.lnk,
  // /copy1, /dup, /dup/copy2
  assert.deepEqual(report.report.summary, {
    entries: 9,
    files: 4,
    fileBytes: 300 + 12000 + 4000 + 4000,
  });
  assert.equal(report.report.layers!.length, 4);
  assert.equal(report.report.bloat!.wastedBytes, 28100);
  assert.deepEqual(
    report.report.directories!.entries.map((e) => [e.path, e.net, e.files]),
    [["/", 20300, 5], ["/dup", 4000, 1], ["/var", 300, 1], [
      "/var/cache",
      300,
      1,
    ]],
  );
  assert.deepEqual(
    report.report.topFiles!.map((f) => [f.path, f.after, f.layer, f.createdBy]),
    [
      ["/big.bin", 12000, 3, "RUN rewrite"],
      ["/copy1", 4000, 3, "RUN rewrite"],
      ["/dup/copy2", 4000, 3, "RUN rewrite"],
    ],
  );
});

Deno.test("buildInspectReport() builds only the sections asked for and has no changes section", async () => {
  const report = buildInspectReport(await bloated(), {
    sections: ["changes", "layers"],
  });
  assert.deepEqual(report.report.sections, ["layers"]);
  assert.deepEqual(Object.keys(report.report), ["sections", "layers"]);
});

Deno.test("buildInspectReport() uses the merge trace it is given", async () => {
  const image = await bloated();
  const trace = traceImage(image);
  assert.deepEqual(
    buildInspectReport(image, { trace }),
    buildInspectReport(image),
  );
  trace.fs.clear();
  trace.hidden.length = 0;
  assert.equal(buildInspectReport(image, { trace }).report.summary?.entries, 0);
});
