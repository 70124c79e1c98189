import assert from "@std/assert";
import { traceImage } from "../../mod/analyze/trace_layers.ts";
import {
  type MeasureBloat,
  measureBloat,
  type MeasureOptions,
} from "../../mod/budget/bloat.ts";
import type { Budget } from "../../mod/budget/budget.ts";
import { evaluateBudget } from "../../mod/budget/evaluate.ts";
import type { RuleResult } from "../../mod/budget/verdict.ts";
import type { Image } from "../../mod/image/image.ts";
import { dir, file, whiteout } from "../fixtures/tar_builder.ts";
import { bytes, openSpec } from "./budget_images.ts";

const base = await openSpec({
  layers: [[dir("etc"), file("etc/os-release", "ID=demo\n")]],
}, { name: "base.tar" });
/** Base plus a layer with a rewritten file, a deleted secret and big files. */
const head = await openSpec({
  tag: "app:pr",
  layers: [
    [dir("etc"), file("etc/os-release", "ID=demo\n")],
    [
      file("app/model.bin", bytes(3000)),
      file("app/data.bin", bytes(2000)),
      file("app/.env", "TOKEN=1\n"),
    ],
    [file("app/data.bin", bytes(2000)), whiteout("app/.env")],
  ],
}, { name: "head.tar", format: "oci-archive" });

const size = (image: Image) => image.layers.reduce((n, l) => n + l.size, 0);

function rule(budget: Budget, subject = { head, base }): RuleResult {
  const verdict = evaluateBudget(budget, subject);
  assert.equal(verdict.rules.length, 1);
  assert.equal(verdict.passed, verdict.rules[0].passed);
  return verdict.rules[0];
}

Deno.test("max-size passes at the image size and fails one byte below", () => {
  const passed = rule({ maxSize: size(head) });
  assert.deepEqual(
    [passed.passed, passed.measured, passed.limit, passed.unit],
    [true, size(head), size(head), "bytes"],
  );
  assert.equal(passed.sizeKind, "uncompressed");
  assert.equal(rule({ maxSize: size(head) - 1 }).passed, false);
});

Deno.test("max-size counts stored blob bytes with size kind compressed", () => {
  const compressed = head.layers.reduce((n, l) => n + l.compressedSize, 0);
  const result = rule({ sizeKind: "compressed", maxSize: compressed });
  assert.deepEqual([result.passed, result.measured], [true, compressed]);
  assert.equal(result.sizeKind, "compressed");
  assert.equal(
    rule({ sizeKind: "compressed", maxSize: compressed - 1 }).passed,
    false,
  );
});

Deno.test("max-growth in bytes passes at the growth and fails one byte below", () => {
  const growth = size(head) - size(base);
  const result = rule({ maxGrowth: { bytes: growth } });
  assert.deepEqual([result.passed, result.measured], [true, growth]);
  assert.deepEqual(result.sizes, { base: size(base), head: size(head) });
  assert.equal(rule({ maxGrowth: { bytes: growth - 1 } }).passed, false);
});

Deno.test("max-growth in percent compares growth with the base's size", () => {
  const percent = ((size(head) - size(base)) * 100) / size(base);
  const result = rule({ maxGrowth: { percent } });
  assert.deepEqual(
    [result.passed, result.measured, result.unit],
    [true, percent, "percent"],
  );
  assert.equal(rule({ maxGrowth: { percent: percent - 0.001 } }).passed, false);
});

Deno.test("max-growth in percent passes when growth is exactly the limit", async () => {
  // Layer tars of 100 and 107 blocks: (7 / 100) * 100 is 7.000000000000001.
  const from = await openSpec({ layers: [[file("a", bytes(512 * 97))]] });
  const to = await openSpec({ layers: [[file("a", bytes(512 * 104))]] });
  assert.deepEqual([size(from), size(to)], [512 * 100, 512 * 107]);
  const result = rule({ maxGrowth: { percent: 7 } }, { head: to, base: from });
  assert.deepEqual([result.passed, result.measured], [true, 7]);
  assert.equal(
    rule({ maxGrowth: { percent: 6.99 } }, { head: to, base: from }).passed,
    false,
  );
});

Deno.test("max-growth passes when the image shrinks, even with a limit of 0", () => {
  const result = rule({ maxGrowth: { bytes: 0 } }, { head: base, base: head });
  assert.equal(result.passed, true);
  assert.ok(result.measured < 0);
});

Deno.test("max-growth without a base image is a usage error", () => {
  assert.throws(
    () => evaluateBudget({ maxGrowth: { percent: 5 } }, { head }),
    /^UsageError: max-growth needs a base image \(--base\)/,
  );
});

Deno.test("max-layers passes at the layer count and fails one below", () => {
  assert.deepEqual(
    [rule({ maxLayers: 3 }).passed, rule({ maxLayers: 3 }).measured],
    [true, 3],
  );
  assert.equal(rule({ maxLayers: 2 }).passed, false);
});

Deno.test("max-file-size passes at the largest file and names the files over it", () => {
  assert.equal(rule({ maxFileSize: 3000 }).passed, true);
  assert.equal(rule({ maxFileSize: 3000 }).offenderCount, 0);
  const failed = rule({ maxFileSize: 1999 });
  assert.deepEqual([failed.passed, failed.measured], [false, 3000]);
  assert.equal(failed.offenderCount, 2);
  assert.deepEqual(failed.offenders, [
    { path: "/app/model.bin", layer: 1, size: 3000 },
    { path: "/app/data.bin", layer: 1, size: 2000 },
  ]);
});

Deno.test("max-wasted passes at the hidden bytes and fails one byte below", () => {
  // The first data.bin (2000) and the deleted .env (8).
  const result = rule({ maxWasted: 2008 });
  assert.deepEqual([result.passed, result.measured], [true, 2008]);
  assert.equal(result.sizeKind, "uncompressed");
  assert.equal(rule({ maxWasted: 2007 }).passed, false);
});

Deno.test("max-dive-wasted passes at dive's wasted bytes and fails one byte below", () => {
  // Both data.bin copies (4000) and .env with its whiteout (8 + 0).
  const result = rule({ maxDiveWasted: 4008 });
  assert.deepEqual([result.passed, result.measured], [true, 4008]);
  assert.equal(rule({ maxDiveWasted: 4007 }).passed, false);
});

Deno.test("min-efficiency passes at the efficiency and fails just above it", () => {
  const efficiency = (8 + 3000 + 2000 + 0) / (8 + 3000 + 4000 + 8);
  const result = rule({ minEfficiency: efficiency });
  assert.deepEqual([result.passed, result.measured], [true, efficiency]);
  assert.equal(result.nearLimit, false);
  assert.equal(rule({ minEfficiency: efficiency + 1e-9 }).passed, false);
});

Deno.test("max-user-wasted passes at the ratio and fails just below it", () => {
  const ratio = 4008 / (3000 + 2000 + 8 + 2000);
  assert.equal(rule({ maxUserWasted: ratio }).passed, true);
  assert.equal(rule({ maxUserWasted: ratio - 1e-9 }).passed, false);
});

Deno.test("deny fails on a path any layer holds, even one a later layer deletes", () => {
  const result = rule({ deny: ["*.env", "/root/.ssh"] });
  assert.deepEqual(
    [result.passed, result.measured, result.limit, result.unit],
    [false, 1, 0, "count"],
  );
  assert.deepEqual(result.offenders, [
    { path: "/app/.env", layer: 1, pattern: "*.env" },
  ]);
  assert.equal(rule({ deny: ["/root/.ssh"] }).passed, true);
});

Deno.test("deny lists a matching tree once, by its topmost matching path", () => {
  const result = rule({ deny: ["/app"] });
  assert.equal(result.measured, 1);
  assert.deepEqual(result.offenders, [
    { path: "/app", layer: 1, pattern: "/app" },
  ]);
  assert.equal(rule({ deny: ["**/*.bin"] }).measured, 2);
});

Deno.test("ignore globs leave paths out of the deny and waste rules", () => {
  assert.equal(rule({ deny: ["*.env"], ignore: ["/app/.env"] }).passed, true);
  assert.equal(rule({ maxWasted: 1, ignore: ["*.env"] }).measured, 2000);
  assert.equal(rule({ maxDiveWasted: 1, ignore: ["*.env"] }).measured, 4000);
  assert.equal(
    rule({ maxFileSize: 10, ignore: ["/app"] }).passed,
    false,
    "ignore does not apply to max-file-size",
  );
});

Deno.test("a passed maximum at 90% of its limit or more is near it", () => {
  assert.equal(rule({ maxLayers: 3 }).nearLimit, true);
  assert.equal(rule({ maxLayers: 4 }).nearLimit, false);
  assert.equal(rule({ maxLayers: 2 }).nearLimit, false, "failed, not near");
  assert.equal(rule({ maxWasted: 2200 }).nearLimit, true);
  assert.equal(rule({ maxWasted: 2300 }).nearLimit, false);
});

Deno.test("evaluateBudget() checks every rule in a fixed order and fails when one fails", () => {
  const verdict = evaluateBudget({
    deny: ["*.pem"],
    maxWasted: 1,
    maxDiveWasted: 1e6,
    maxSize: 1e9,
    minEfficiency: 0.1,
    maxGrowth: { percent: 1000 },
    maxLayers: 10,
    maxFileSize: 1e6,
    maxUserWasted: 1,
  }, { head, base });
  assert.deepEqual(verdict.rules.map((r) => r.rule), [
    "max-size",
    "max-growth",
    "max-layers",
    "max-file-size",
    "max-wasted",
    "max-dive-wasted",
    "min-efficiency",
    "max-user-wasted",
    "deny",
  ]);
  assert.equal(verdict.passed, false);
  assert.deepEqual(
    verdict.rules.filter((r) => !r.passed).map((r) => r.rule),
    ["max-wasted"],
  );
  assert.equal(verdict.sizeDelta, size(head) - size(base));
  assert.deepEqual(verdict.head, {
    source: "head.tar",
    reference: "app:pr",
    platform: "linux/amd64",
    size: size(head),
    compressedSize: head.layers.reduce((n, l) => n + l.compressedSize, 0),
    layers: 3,
  });
  assert.equal(verdict.base?.source, "base.tar");
  assert.deepEqual(verdict.bloat, {
    wastedBytes: 2008,
    diveWastedBytes: 4008,
    efficiency: 5008 / 7016,
    userWastedRatio: 4008 / 7008,
  });
});

Deno.test("evaluateBudget() measures bloat through the function it is given", () => {
  const verdict = evaluateBudget({ maxWasted: 10 }, { head }, {
    measureBloat: () => ({
      wastedBytes: 11,
      diveWastedBytes: 12,
      efficiency: 0.5,
      userWastedRatio: 0.1,
    }),
  });
  assert.equal(verdict.passed, false);
  assert.equal(verdict.rules[0].measured, 11);
  assert.equal(verdict.base, null);
  assert.equal(verdict.sizeDelta, null);
});

Deno.test("evaluateBudget() hands the head's trace to the bloat measure, and an ignore only when globs are given", () => {
  const trace = traceImage(head);
  const seen: MeasureOptions[] = [];
  const measure: MeasureBloat = (image, options) => {
    seen.push(options);
    return measureBloat(image, options);
  };
  const plain = evaluateBudget({ maxWasted: 1 }, { head }, {
    trace,
    measureBloat: measure,
  });
  const ignoring = evaluateBudget({ maxWasted: 1, ignore: ["*.env"] }, {
    head,
  }, { trace, measureBloat: measure });
  assert.deepEqual(
    seen.map((options) => [typeof options.ignore, options.trace === trace]),
    [["undefined", true], ["function", true]],
  );
  assert.equal(plain.rules[0].measured, rule({ maxWasted: 1 }).measured);
  assert.equal(ignoring.rules[0].measured, 2000);
});
