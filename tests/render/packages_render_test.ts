import assert from "@std/assert";
import { renderJson } from "../../mod/render/json/json.ts";
import { renderMarkdown } from "../../mod/render/markdown/markdown.ts";
import { renderTable } from "../../mod/render/table/table.ts";
import { demoReport } from "../fixtures/demo_report.ts";
import { assertSnapshot } from "../fixtures/snapshot.ts";

const report = await demoReport(["summary", "packages", "changes"]);
/** The archives' paths as the README shows them, whatever the checkout's. */
const testdata = new URL("../../testdata/", import.meta.url).pathname;
const relative = (text: string) => text.replaceAll(testdata, "testdata/");

Deno.test("renderTable() shows the package changes and the content diff of the demo", async (t) => {
  const text = renderTable(report, { color: false });
  await assertSnapshot(t, relative(text));
  assert.match(text, /↑ {2}zlib1g +1:1\.2\.13\.dfsg-1 +1:1\.3\.dfsg-3/);
  assert.match(
    text,
    /Content of changed files \(1\)\n {2}--- a\/etc\/app\/config\.yaml/,
  );
});

Deno.test("renderMarkdown() leads with the package changes and folds each content diff", async (t) => {
  const text = renderMarkdown(report);
  await assertSnapshot(t, text);
  const packages = text.indexOf("#### Packages");
  assert.ok(packages > 0 && packages < text.indexOf("#### Changes"));
  assert.match(
    text,
    /<details>\n<summary>`\/etc\/app\/config\.yaml`: 1 line removed, 2 added<\/summary>\n\n```diff\n--- a\/etc/,
  );
});

Deno.test("renderJson() gives the package changes and the hunks as data", () => {
  const json = JSON.parse(renderJson(report));
  assert.deepEqual(
    json.report.packages.changes.map((c: { name: string; change: string }) =>
      `${c.change} ${c.name}`
    ),
    ["added curl", "added libcurl4", "upgraded zlib1g"],
  );
  assert.deepEqual(json.report.contentChanges[0].diff.hunks[0].lines, [
    " listen: :8080",
    "-log: info",
    "+log: debug",
    "+metrics: true",
  ]);
});
