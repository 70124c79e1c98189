import assert from "@std/assert";
import {
  escapeMarkdown,
  renderVerdictMarkdown,
} from "../../../mod/render/markdown/verdict_markdown.ts";
import { assertSnapshot } from "../../fixtures/snapshot.ts";
import { passingVerdict, sampleVerdict } from "../verdict_sample.ts";

const summary = {
  added: 12,
  removed: 3,
  modified: 40,
  addedBytes: 1,
  removedBytes: 1,
  sizeDelta: 25_100_000,
  sharedLayers: 26,
};

Deno.test("renderVerdictMarkdown() shows the rules, what failed, sizes and the diff counts", async (t) => {
  await assertSnapshot(t, renderVerdictMarkdown(sampleVerdict(), { summary }));
});

Deno.test("renderVerdictMarkdown() without a base shows the image alone", async (t) => {
  await assertSnapshot(t, renderVerdictMarkdown(passingVerdict()));
});

Deno.test("renderVerdictMarkdown() ends with the appendix it is given", () => {
  const markdown = renderVerdictMarkdown(passingVerdict(), {
    appendix: "## Changes\n\n| a | b |\n",
  });
  assert.ok(markdown.endsWith("\n\n## Changes\n\n| a | b |\n"));
});

Deno.test("escapeMarkdown() keeps paths from becoming emphasis, links, HTML or cells", () => {
  assert.equal(
    escapeMarkdown("/a_b/*c*/[d](e)/<img>/x|y/`z`/&amp;"),
    "/a\\_b/\\*c\\*/\\[d\\](e)/\\<img\\>/x\\|y/\\`z\\`/\\&amp;",
  );
  assert.equal(escapeMarkdown("evil\x1b[2J"), "evil\\\\x1b\\[2J");
});
