import assert from "@std/assert";
import { UsageError } from "../../mod/errors.ts";
import {
  parseCount,
  parseGrowth,
  parseRatio,
  parseSize,
} from "../../mod/budget/limit_value.ts";

Deno.test("parseSize() reads decimal and binary units, case-insensitively", () => {
  const cases: [string | number, number][] = [
    ["0", 0],
    ["512", 512],
    ["512B", 512],
    ["1KB", 1000],
    ["1kb", 1000],
    ["1kB", 1000],
    ["1.5 MB", 1_500_000],
    ["2GB", 2_000_000_000],
    ["1TB", 1e12],
    ["1KiB", 1024],
    ["1MiB", 1_048_576],
    ["1.5GiB", 1_610_612_736],
    ["1M", 1_000_000],
    ["+20MB", 20_000_000],
    [" 20 MB ", 20_000_000],
    [".5KB", 500],
    ["1.1MB", 1_100_000],
    ["0.3KB", 300],
    ["1.5KiB", 1536],
    [1234, 1234],
  ];
  for (const [text, bytes] of cases) {
    assert.equal(parseSize(text, "--max-size"), bytes, String(text));
  }
});

Deno.test("parseSize() refuses a size that is not a whole number of bytes", () => {
  for (const bad of ["1.5B", "1.5", "0.0001KB", "1.0000001MB"]) {
    assert.throws(
      () => parseSize(bad, "--max-size"),
      (error: Error) =>
        error instanceof UsageError &&
        error.message ===
          `--max-size: size ${
            JSON.stringify(bad)
          } is not a whole number of bytes`,
      bad,
    );
  }
});

Deno.test("parseSize() rejects bad sizes with the flag and the units in the message", () => {
  for (
    const bad of [
      "",
      "MB",
      "5 MBs",
      "-1MB",
      "1e3",
      "ten",
      "1,5MB",
      "5 Mb b",
      -1,
      1.5,
      null,
    ]
  ) {
    assert.throws(
      () => parseSize(bad, "--max-size"),
      (error: Error) =>
        error instanceof UsageError &&
        error.message.startsWith("--max-size: invalid size") &&
        error.message.includes("KiB"),
      String(bad),
    );
  }
  assert.throws(
    () => parseSize("99999999999TB", "max-size"),
    /max-size: size "99999999999TB" is too large/,
  );
});

Deno.test("parseGrowth() reads a size or a percent", () => {
  assert.deepEqual(parseGrowth("20MB", "--max-growth"), { bytes: 20_000_000 });
  assert.deepEqual(parseGrowth("5%", "--max-growth"), { percent: 5 });
  assert.deepEqual(parseGrowth("2.5 %", "--max-growth"), { percent: 2.5 });
  assert.deepEqual(parseGrowth(0, "--max-growth"), { bytes: 0 });
  assert.throws(
    () => parseGrowth("five%", "--max-growth"),
    /^UsageError: --max-growth: invalid percent "five%": use a number such as 5%/,
  );
  assert.throws(
    () => parseGrowth("-5%", "--max-growth"),
    /--max-growth: invalid percent/,
  );
  assert.throws(
    () => parseGrowth("20 parsecs", "--max-growth"),
    /--max-growth: invalid growth "20 parsecs": use a size such as 20MB or a percent such as 5%/,
  );
});

Deno.test("parseRatio() reads a fraction or a percent from 0 to 1", () => {
  assert.equal(parseRatio("0.9", "--min-efficiency"), 0.9);
  assert.equal(parseRatio(0.95, "--min-efficiency"), 0.95);
  assert.equal(parseRatio("90%", "--min-efficiency"), 0.9);
  assert.equal(parseRatio("1", "--min-efficiency"), 1);
  assert.equal(parseRatio("0", "--min-efficiency"), 0);
  for (const bad of ["1.5", "150%", "-0.1", "high", "", -1, Number.NaN]) {
    assert.throws(
      () => parseRatio(bad, "--min-efficiency"),
      /^UsageError: --min-efficiency: invalid ratio .*: use a number from 0 to 1 \(0\.9\) or a percent \(90%\)/,
      String(bad),
    );
  }
});

Deno.test("parseCount() reads whole numbers only", () => {
  assert.equal(parseCount("30", "--max-layers"), 30);
  assert.equal(parseCount(0, "--max-layers"), 0);
  for (const bad of ["3.5", "-1", "many", "", 2.5]) {
    assert.throws(
      () => parseCount(bad, "--max-layers"),
      /^UsageError: --max-layers: invalid count/,
      String(bad),
    );
  }
});
