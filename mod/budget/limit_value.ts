/**
 * Parsing of the limits people write in flags and config files: sizes
 * ("500MB", "1.5GiB"), growth ("20MB" or "5%"), ratios ("0.9" or "90%")
 * and counts. Each parser names what it was parsing in its error.
 */
import { UsageError } from "../errors.ts";

/** Bytes per unit, lower-case. K/M/G/T alone mean KB/MB/GB/TB, as dive reads them. */
const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

const SIZE_HINT =
  "use a number with B, KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024)";

/** A growth limit: absolute bytes, or percent of the base image's size. */
export type Growth = { bytes: number } | { percent: number };

/**
 * Parses a size in bytes: a plain number, or a number and a unit. Units are
 * case-insensitive; KB/MB/GB are decimal and KiB/MiB/GiB binary.
 *
 * @example
 * parseSize("1.5 MB", "--max-size"); // 1500000
 * parseSize("1KiB", "--max-size"); // 1024
 */
export function parseSize(value: unknown, what: string): number {
  if (typeof value === "number") {
    if (Number.isSafeInteger(value) && value >= 0) return value;
    throw new UsageError(`${what}: invalid size ${value}: ${SIZE_HINT}`);
  }
  const match = typeof value === "string"
    ? /^\+?(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i.exec(value.trim())
    : null;
  const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new UsageError(`${what}: invalid size ${show(value)}: ${SIZE_HINT}`);
  }
  const bytes = exactBytes(match[1], unit);
  if (bytes === undefined) {
    throw new UsageError(
      `${what}: size ${show(value)} is not a whole number of bytes`,
    );
  }
  if (!Number.isSafeInteger(bytes)) {
    throw new UsageError(`${what}: size ${show(value)} is too large`);
  }
  return bytes;
}

/**
 * A decimal number ("1.1") times a unit, computed exactly (1.1 × 10^6 is
 * 1100000, not 1100000.0000000002); undefined when it is not whole.
 */
function exactBytes(decimal: string, unit: number): number | undefined {
  const [whole, fraction = ""] = decimal.split(".");
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(whole || "0") * scale + BigInt(fraction || "0");
  const product = scaled * BigInt(unit);
  return product % scale === 0n ? Number(product / scale) : undefined;
}

/**
 * Parses a growth limit: a size ("20MB") or a percent of the base ("5%").
 *
 * @example
 * parseGrowth("5%", "--max-growth"); // { percent: 5 }
 * parseGrowth("20MB", "--max-growth"); // { bytes: 20000000 }
 */
export function parseGrowth(value: unknown, what: string): Growth {
  if (typeof value === "string" && value.trim().endsWith("%")) {
    const percent = parseNumber(value.trim().slice(0, -1));
    if (percent === undefined) {
      throw new UsageError(
        `${what}: invalid percent ${show(value)}: use a number such as 5%`,
      );
    }
    return { percent };
  }
  try {
    return { bytes: parseSize(value, what) };
  } catch {
    throw new UsageError(
      `${what}: invalid growth ${
        show(value)
      }: use a size such as 20MB or a percent such as 5%`,
    );
  }
}

/**
 * Parses a ratio between 0 and 1, written as a fraction ("0.9") or a
 * percent ("90%").
 */
export function parseRatio(value: unknown, what: string): number {
  let ratio: number | undefined;
  if (typeof value === "number") {
    ratio = value;
  } else if (typeof value === "string") {
    const trimmed = value.trim();
    ratio = trimmed.endsWith("%")
      ? divide(parseNumber(trimmed.slice(0, -1)), 100)
      : parseNumber(trimmed);
  }
  if (ratio === undefined || !(ratio >= 0 && ratio <= 1)) {
    throw new UsageError(
      `${what}: invalid ratio ${
        show(value)
      }: use a number from 0 to 1 (0.9) or a percent (90%)`,
    );
  }
  return ratio;
}

/** Parses a count: a non-negative integer. */
export function parseCount(value: unknown, what: string): number {
  const count = typeof value === "number"
    ? value
    : typeof value === "string" && /^\s*\d+\s*$/.test(value)
    ? Number(value)
    : NaN;
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new UsageError(
      `${what}: invalid count ${show(value)}: use a whole number such as 30`,
    );
  }
  return count;
}

/** A non-negative decimal number, or undefined. */
function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\+?(\d+(?:\.\d+)?|\.\d+)$/.test(trimmed)
    ? Number(trimmed)
    : undefined;
}

function divide(value: number | undefined, by: number): number | undefined {
  return value === undefined ? undefined : value / by;
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
