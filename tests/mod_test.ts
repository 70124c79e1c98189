import assert from "@std/assert";
import {
  buildDiffReport,
  buildInspectReport,
  evaluateBudget,
  keepPolicy,
  openImage,
  openImages,
  parseSize,
  renderJson,
  renderMarkdown,
} from "../mod/mod.ts";

const v1 = new URL("../testdata/app-v1.tar", import.meta.url).pathname;
const v2 = new URL("../testdata/app-v2.tar", import.meta.url).pathname;

Deno.test("the public API diffs two archives and explains the difference", async () => {
  const [a, b] = await openImages(v1, v2, { keep: keepPolicy() });
  const report = buildDiffReport(a, b);
  const json = JSON.parse(renderJson(report));
  assert.deepEqual(json.summary, {
    added: 13,
    removed: 3,
    modified: 6,
    addedBytes: 49272,
    removedBytes: 45,
    sizeDelta: 73216,
    sharedLayers: 1,
  });
  assert.equal(json.report.bloat.b.wastedBytes, 6597);
  assert.deepEqual(
    report.report.packages!.changes.map((c) => [c.name, c.change, c.layer]),
    [["curl", "added", 1], ["libcurl4", "added", 1], [
      "zlib1g",
      "upgraded",
      1,
    ]],
  );
  assert.match(renderMarkdown(report), /\| *# *\|/);
});

Deno.test("the public API reports package databases as not read without a keep policy", async () => {
  const [a, b] = await openImages(v1, v2);
  const { packages } = buildDiffReport(a, b).report;
  assert.deepEqual(packages!.changes, []);
  assert.ok(packages!.errors.length > 0);
  assert.match(
    packages!.errors[0].message,
    /without keeping package databases/,
  );
});

Deno.test("the public API inspects one image and checks it against a budget", async () => {
  const image = await openImage(v2);
  assert.equal(buildInspectReport(image).report.layers?.length, 4);
  const budget = { maxSize: parseSize("20KiB", "max-size") };
  const verdict = evaluateBudget(budget, { head: image });
  assert.equal(verdict.passed, false);
  assert.equal(verdict.rules[0].measured, 122880);
});
