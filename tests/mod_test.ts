import assert from "@std/assert";
import {
  buildDiffReport,
  buildInspectReport,
  evaluateBudget,
  openImage,
  openImages,
  parseSize,
  renderJson,
  renderMarkdown,
} from "../mod/mod.ts";

const v1 = new URL("../testdata/app-v1.tar", import.meta.url).pathname;
const v2 = new URL("../testdata/app-v2.tar", import.meta.url).pathname;

Deno.test("the public API diffs two archives and explains the difference", async () => {
  const [a, b] = await openImages(v1, v2);
  const report = buildDiffReport(a, b);
  const json = JSON.parse(renderJson(report));
  assert.deepEqual(json.summary, {
    added: 4,
    removed: 3,
    modified: 3,
    addedBytes: 32,
    removedBytes: 45,
    sizeDelta: 6144,
    sharedLayers: 1,
  });
  assert.equal(json.report.bloat.b.wastedBytes, 60);
  assert.match(renderMarkdown(report), /\| *# *\|/);
});

Deno.test("the public API inspects one image and checks it against a budget", async () => {
  const image = await openImage(v2);
  assert.equal(buildInspectReport(image).report.layers?.length, 3);
  const budget = { maxSize: parseSize("20KiB", "max-size") };
  const verdict = evaluateBudget(budget, { head: image });
  assert.equal(verdict.passed, false);
  assert.equal(verdict.rules[0].measured, 22528);
});
