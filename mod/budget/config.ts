/**
 * The budget config file (`.layerdiff.yml`, YAML or JSON): the same rules
 * as the flags plus `ignore` globs. dive's `.dive-ci` keys are read with
 * dive's meaning, under `rules:` as dive writes them (kebab-case or the
 * older camelCase) or at the top level. Unknown keys are errors.
 *
 * @example
 * ```yaml
 * size-kind: compressed
 * max-size: 300MB
 * max-growth: 5%
 * deny: ["*.pem", "/root/.ssh"]
 * ignore: ["/var/cache/**"]
 * deny-package: ["gcc*", "*-dev"]
 * max-package-growth: 50MB
 * rules:
 *   lowest-efficiency: 0.95
 * ```
 */
import { parse } from "yaml";
import { UsageError } from "../errors.ts";
import type { Budget, SizeKind } from "./budget.ts";
import {
  parseCount,
  parseGrowth,
  parseRatio,
  parseSize,
} from "./limit_value.ts";

type Field = keyof Budget;

/** Native keys and how to read their values. */
const NATIVE: Record<string, (value: unknown, what: string) => Budget> = {
  "size-kind": (value, what) => ({ sizeKind: parseSizeKind(value, what) }),
  "max-size": (value, what) => ({ maxSize: parseSize(value, what) }),
  "max-growth": (value, what) => ({ maxGrowth: parseGrowth(value, what) }),
  "max-wasted": (value, what) => ({ maxWasted: parseSize(value, what) }),
  "max-dive-wasted": (value, what) => ({
    maxDiveWasted: parseSize(value, what),
  }),
  "min-efficiency": (value, what) => ({
    minEfficiency: parseRatio(value, what),
  }),
  "max-user-wasted": (value, what) => ({
    maxUserWasted: parseRatio(value, what),
  }),
  "max-layers": (value, what) => ({ maxLayers: parseCount(value, what) }),
  "max-file-size": (value, what) => ({ maxFileSize: parseSize(value, what) }),
  "deny": (value, what) => ({ deny: parseGlobs(value, what) }),
  "ignore": (value, what) => ({ ignore: parseGlobs(value, what) }),
  "deny-package": (value, what) => ({ denyPackage: parseGlobs(value, what) }),
  "max-package-growth": (value, what) => ({
    maxPackageGrowth: parseSize(value, what),
  }),
};

/** dive's CI rule keys: the budget field each sets, and how to read it. */
const DIVE: Record<
  string,
  { field: Field; read: (value: unknown, what: string) => number }
> = {
  "lowest-efficiency": { field: "minEfficiency", read: parseRatio },
  "highest-wasted-bytes": { field: "maxDiveWasted", read: parseSize },
  "highest-user-wasted-percent": { field: "maxUserWasted", read: parseRatio },
  "lowestEfficiency": { field: "minEfficiency", read: parseRatio },
  "highestWastedBytes": { field: "maxDiveWasted", read: parseSize },
  "highestUserWastedPercent": { field: "maxUserWasted", read: parseRatio },
};

/** Reads a budget config file (see `parseBudgetConfig`). */
export async function loadBudgetConfig(path: string): Promise<Budget> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new UsageError(
      `cannot read config: ${
        error instanceof Error ? error.message : String(error)
      }`,
      { file: path },
    );
  }
  return parseBudgetConfig(text, { file: path });
}

/**
 * Parses a budget config (YAML or JSON). Errors name the file and key:
 * `.layerdiff.yml: unknown key "max-sise"`.
 */
export function parseBudgetConfig(
  text: string,
  options: { file: string },
): Budget {
  const context = { file: options.file };
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    // The first line of the yaml package's message ends with the position.
    const reason = error instanceof Error
      ? error.message.split("\n")[0].replace(/:$/, "")
      : String(error);
    throw new UsageError(`cannot parse config: ${reason}`, context);
  }
  if (document === null || document === undefined) return {};
  try {
    const budget: Budget = {};
    const setBy = new Map<Field, string>();
    const set = (key: string, part: Budget) => {
      for (const [field, value] of Object.entries(part) as [Field, never][]) {
        const earlier = setBy.get(field);
        if (earlier) {
          throw new UsageError(`${earlier} and ${key} set the same rule`);
        }
        setBy.set(field, key);
        budget[field] = value;
      }
    };
    for (const [key, value] of entries(document, "the config")) {
      if (key === "rules") {
        for (const [rule, ruleValue] of entries(value, "rules")) {
          readDive(`rules.${rule}`, rule, ruleValue, set);
        }
      } else if (Object.hasOwn(DIVE, key)) {
        readDive(key, key, value, set);
      } else if (Object.hasOwn(NATIVE, key)) {
        set(key, NATIVE[key](value, key));
      } else {
        throw new UsageError(`unknown key ${JSON.stringify(key)}`);
      }
    }
    return budget;
  } catch (error) {
    throw error instanceof UsageError
      ? new UsageError(error.reason, context)
      : error;
  }
}

/** A dive rule; "disabled", "off", "false" or empty turn it off, as in dive. */
function readDive(
  key: string,
  name: string,
  value: unknown,
  set: (key: string, part: Budget) => void,
): void {
  const rule = Object.hasOwn(DIVE, name) ? DIVE[name] : undefined;
  if (!rule) throw new UsageError(`unknown key ${JSON.stringify(key)}`);
  const off = value === null || value === false ||
    (typeof value === "string" &&
      ["", "disabled", "off", "false"].includes(value.trim().toLowerCase()));
  if (!off) set(key, { [rule.field]: rule.read(value, key) });
}

function entries(value: unknown, what: string): [string, unknown][] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${what} must be a mapping of keys to values`);
  }
  return Object.entries(value);
}

function parseSizeKind(value: unknown, what: string): SizeKind {
  if (value === "compressed" || value === "uncompressed") return value;
  throw new UsageError(
    `${what}: invalid size kind ${
      JSON.stringify(value)
    }: use compressed or uncompressed`,
  );
}

function parseGlobs(value: unknown, what: string): string[] {
  const list = typeof value === "string" ? [value] : value;
  if (
    !Array.isArray(list) || !list.every((item) => typeof item === "string")
  ) {
    throw new UsageError(`${what}: must be a glob or a list of globs`);
  }
  return list;
}
