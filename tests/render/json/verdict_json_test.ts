import assert from "@std/assert";
import { renderVerdictJson } from "../../../mod/render/json/verdict_json.ts";
import { sampleVerdict } from "../verdict_sample.ts";

Deno.test("renderVerdictJson() gives each rule's measured, limit, passed and message", () => {
  const json = JSON.parse(renderVerdictJson(sampleVerdict()));
  assert.equal(json.schemaVersion, 1);
  assert.equal(json.passed, false);
  assert.equal(json.sizeKind, "uncompressed");
  assert.deepEqual(json.rules[0], {
    rule: "max-size",
    passed: true,
    nearLimit: false,
    measured: 123_456_789,
    limit: 500_000_000,
    unit: "bytes",
    sizeKind: "uncompressed",
    message: "image size (uncompressed) 123 MB: within the limit of 500 MB",
  });
  const deny = json.rules.find((r: { rule: string }) => r.rule === "deny");
  assert.equal(deny.offenderCount, 7);
  assert.ok(deny.message.includes("/app/evil\x1b[2J"), "paths unescaped");
  assert.equal(json.images.head.reference, "app:pr-12");
  assert.equal(json.images.base.source, "base.tar");
  assert.equal(json.sizeDelta, 25_100_000);
  assert.deepEqual(json.bloat, {
    wastedBytes: 1_200_000,
    diveWastedBytes: 2_300_000,
    efficiency: 0.98712,
    userWastedRatio: 0.012,
  });
  assert.equal(json.summary, null);
});

Deno.test("renderVerdictJson() includes the diff summary it is given", () => {
  const summary = {
    added: 1,
    removed: 2,
    modified: 3,
    addedBytes: 4,
    removedBytes: 5,
    sizeDelta: 6,
    sharedLayers: 7,
  };
  const json = JSON.parse(renderVerdictJson(sampleVerdict(), { summary }));
  assert.deepEqual(json.summary, summary);
});
