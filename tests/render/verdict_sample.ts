/** A verdict with every rule, some failing, for the verdict renderer tests. */
import type { RuleResult, Verdict } from "../../mod/budget/verdict.ts";

export const RULES: Record<string, RuleResult> = {
  size: {
    rule: "max-size",
    passed: true,
    nearLimit: false,
    measured: 123_456_789,
    limit: 500_000_000,
    unit: "bytes",
    sizeKind: "uncompressed",
  },
  growth: {
    rule: "max-growth",
    passed: false,
    nearLimit: false,
    measured: 25_100_000,
    limit: 20_000_000,
    unit: "bytes",
    sizeKind: "uncompressed",
    sizes: { base: 98_356_789, head: 123_456_789 },
  },
  growthPercent: {
    rule: "max-growth",
    passed: false,
    nearLimit: false,
    measured: 25.5193,
    limit: 5,
    unit: "percent",
    sizeKind: "compressed",
    sizes: { base: 98_356_789, head: 123_456_789 },
  },
  layers: {
    rule: "max-layers",
    passed: true,
    nearLimit: true,
    measured: 28,
    limit: 30,
    unit: "count",
  },
  fileSize: {
    rule: "max-file-size",
    passed: false,
    nearLimit: false,
    measured: 150_000_000,
    limit: 100_000_000,
    unit: "bytes",
    sizeKind: "uncompressed",
    offenders: [
      { path: "/models/big.bin", layer: 3, size: 150_000_000 },
      { path: "/models/b|g_*x*.bin", layer: 2, size: 120_000_000 },
    ],
    offenderCount: 2,
  },
  wasted: {
    rule: "max-wasted",
    passed: true,
    nearLimit: false,
    measured: 1_200_000,
    limit: 50_000_000,
    unit: "bytes",
    sizeKind: "uncompressed",
  },
  efficiency: {
    rule: "min-efficiency",
    passed: true,
    nearLimit: false,
    measured: 0.98712,
    limit: 0.9,
    unit: "ratio",
    sizeKind: "uncompressed",
  },
  userWasted: {
    rule: "max-user-wasted",
    passed: true,
    nearLimit: false,
    measured: 0.012,
    limit: 0.1,
    unit: "ratio",
    sizeKind: "uncompressed",
  },
  deny: {
    rule: "deny",
    passed: false,
    nearLimit: false,
    measured: 7,
    limit: 0,
    unit: "count",
    offenders: [
      { path: "/app/.env", layer: 1, pattern: "*.env" },
      { path: "/app/evil\x1b[2J", layer: 1, pattern: "/app/evil*" },
      { path: "/root/.ssh", layer: 2, pattern: "/root/.ssh" },
      { path: "/s/1.pem", layer: 2, pattern: "*.pem" },
      { path: "/s/2.pem", layer: 2, pattern: "*.pem" },
      { path: "/s/3.pem", layer: 2, pattern: "*.pem" },
    ],
    offenderCount: 7,
  },
};

/** Every rule above but the percent growth, against a base. */
export function sampleVerdict(): Verdict {
  const rules = Object.entries(RULES)
    .filter(([name]) => name !== "growthPercent")
    .map(([, rule]) => rule);
  return {
    passed: false,
    sizeKind: "uncompressed",
    rules,
    head: {
      source: "head.tar",
      reference: "app:pr-12",
      platform: "linux/amd64",
      size: 123_456_789,
      compressedSize: 45_678_901,
      layers: 28,
    },
    base: {
      source: "base.tar",
      reference: null,
      platform: "linux/amd64",
      size: 98_356_789,
      compressedSize: 40_000_000,
      layers: 27,
    },
    sizeDelta: 25_100_000,
    bloat: {
      wastedBytes: 1_200_000,
      diveWastedBytes: 2_300_000,
      efficiency: 0.98712,
      userWastedRatio: 0.012,
    },
  };
}

/** A verdict where every rule passed, without a base. */
export function passingVerdict(): Verdict {
  return {
    ...sampleVerdict(),
    passed: true,
    rules: [RULES.size, RULES.wasted],
    base: null,
    sizeDelta: null,
  };
}
