/**
 * The JSON views are a documented contract: every field name that
 * `layerdiff --json`, `layerdiff inspect --json` and `layerdiff check --json`
 * print on an image with waste, duplicates and denied paths appears in the
 * README (as `"field"`, `` `field` `` or a dotted path such as `Bloat.dive`).
 */
import assert from "@std/assert";
import { writeBloatedPair } from "../../fixtures/bloated_images.ts";
import { layerdiff } from "../../reliability/cli_harness.ts";

const readme = await Deno.readTextFile(
  new URL("../../../README.md", import.meta.url),
);
const { before, after } = await writeBloatedPair(await Deno.makeTempDir());

/** Every object key anywhere in a JSON value. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) keysOf(item, into);
  } else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      into.add(key);
      keysOf(inner, into);
    }
  }
  return into;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether the README names `key` as a field. */
const documented = (key: string) =>
  readme.includes(`"${key}"`) || readme.includes(`\`${key}\``) ||
  new RegExp(`[\`.]${escape(key)}[\`,\\s]`).test(readme);

async function assertDocumented(args: string[]): Promise<void> {
  const outcome = await layerdiff(args);
  assert.ok(outcome.code === 0 || outcome.code === 1, outcome.stderr);
  const keys = keysOf(JSON.parse(outcome.stdout));
  assert.ok(keys.size > 20, `${keys.size} fields`);
  const missing = [...keys].filter((key) => !documented(key)).sort();
  assert.deepEqual(missing, [], `${args[0]}: fields missing from README`);
}

Deno.test("every field of layerdiff --json is documented in the README", async () => {
  await assertDocumented([before, after, "--json"]);
});

const demo = (name: string) =>
  new URL(`../../../testdata/${name}`, import.meta.url).pathname;

Deno.test("every field of the packages and content sections is documented in the README", async () => {
  await assertDocumented([
    demo("app-v1.tar"),
    demo("app-v2.tar"),
    "--json",
    "--content",
    "/etc/**",
    "--content",
    "/usr/lib/**",
  ]);
  await assertDocumented(["inspect", demo("app-v2.tar"), "--json"]);
  await assertDocumented([
    "check",
    demo("app-v2.tar"),
    "--base",
    demo("app-v1.tar"),
    "--json",
    "--deny-package",
    "curl",
    "--max-package-growth",
    "1KB",
  ]);
});

Deno.test("every field of layerdiff inspect --json is documented in the README", async () => {
  await assertDocumented(["inspect", after, "--json"]);
});

Deno.test("every field of layerdiff check --json is documented in the README", async () => {
  await assertDocumented([
    "check",
    after,
    "--base",
    before,
    "--json",
    "--max-size",
    "1KB",
    "--max-growth",
    "1%",
    "--max-wasted",
    "1B",
    "--max-dive-wasted",
    "1B",
    "--min-efficiency",
    "99%",
    "--max-user-wasted",
    "1%",
    "--max-layers",
    "1",
    "--max-file-size",
    "1B",
    "--deny",
    "*.bin",
  ]);
});
