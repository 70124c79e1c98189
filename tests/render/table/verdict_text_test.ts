import assert from "@std/assert";
import { renderVerdictText } from "../../../mod/render/table/verdict_text.ts";
import { assertSnapshot } from "../../fixtures/snapshot.ts";
import { passingVerdict, sampleVerdict } from "../verdict_sample.ts";

Deno.test("renderVerdictText() prints one line per rule between a header and the result", async (t) => {
  await assertSnapshot(t, renderVerdictText(sampleVerdict()));
});

Deno.test("renderVerdictText() names the image alone without a base", async (t) => {
  await assertSnapshot(t, renderVerdictText(passingVerdict()));
});

Deno.test("renderVerdictText() colours the status only when asked", () => {
  const plain = renderVerdictText(sampleVerdict());
  assert.ok(!plain.includes("\x1b[3"));
  const coloured = renderVerdictText(sampleVerdict(), { color: true });
  assert.ok(coloured.includes("\x1b[31mFAIL\x1b[0m"));
  assert.ok(coloured.includes("\x1b[32mPASS\x1b[0m"));
  assert.ok(coloured.includes("\x1b[33mWARN\x1b[0m"));
});

Deno.test("renderVerdictText() pads rule names to the longest, and takes a verdict of no rules", () => {
  const lines = renderVerdictText(sampleVerdict()).split("\n");
  assert.match(lines[1], /^(PASS|WARN|FAIL) {2}max-size {9}\S/);
  const none = renderVerdictText({ ...passingVerdict(), rules: [] });
  assert.ok(none.endsWith("\npassed: 0 rules\n"), none);
});
