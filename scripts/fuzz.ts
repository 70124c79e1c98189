/**
 * The long mutation fuzz (`deno task fuzz`): mutated archives and layers
 * through the real CLI entry until the time is up. Every run must end with
 * exit 0, 1 or 2 and one clean stderr line, never an internal error, an
 * unhandled rejection or a hang. Failing inputs are saved for replay.
 *
 *   deno run --allow-all scripts/fuzz.ts [--seconds 300] [--seed N]
 *     [--timeout-ms 30000] [--out DIR]
 *
 * Exits 1 when a case failed. The quick version runs in the test suite
 * (tests/reliability/mutation_fuzz_test.ts).
 */
import { parseArgs } from "node:util";
import {
  fuzzCase,
  type FuzzResult,
  fuzzSeeds,
  seededRandom,
} from "../tests/fixtures/mutation_fuzz.ts";
import { writeImage } from "../tests/fixtures/image_builder.ts";
import { dir, file } from "../tests/fixtures/tar_builder.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seconds: { type: "string", default: "300" },
    seed: { type: "string" },
    "timeout-ms": { type: "string", default: "30000" },
    out: { type: "string" },
  },
});
const seconds = Number(values.seconds);
const seed = values.seed === undefined
  ? Math.floor(Math.random() * 2 ** 31)
  : Number(values.seed);
const timeoutMs = Number(values["timeout-ms"]);

const unhandled: string[] = [];
globalThis.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  unhandled.push(String(event.reason?.stack ?? event.reason));
});

const work = await Deno.makeTempDir({ prefix: "layerdiff-fuzz-" });
const out = values.out ?? `${work}/failures`;
const good = `${work}/good.tar`;
await writeImage(good, "docker-save", {
  layers: [[dir("etc"), file("etc/os-release", "ID=good\n")]],
});
const seeds = await fuzzSeeds(new URL("../testdata/", import.meta.url));
const random = seededRandom(seed);
console.log(
  `fuzzing ${seeds.length} seeds for ${seconds}s, seed ${seed}, inputs in ${work}`,
);

const codes = new Map<number, number>();
const failures: FuzzResult[] = [];
const started = Date.now();
let lastReport = started;
let cases = 0;
while (Date.now() - started < seconds * 1000) {
  const result = await fuzzCase(seeds[cases % seeds.length], random, {
    good,
    work,
    timeoutMs,
  });
  cases++;
  codes.set(result.code, (codes.get(result.code) ?? 0) + 1);
  const problem = result.problem ??
    (unhandled.length > 0 ? `unhandled rejection: ${unhandled[0]}` : undefined);
  unhandled.length = 0;
  if (problem) {
    failures.push({ ...result, problem });
    await Deno.mkdir(out, { recursive: true });
    const saved = `${out}/case-${cases}.bin`;
    await Deno.writeFile(saved, result.input);
    console.log(
      `FAIL case ${cases} (${result.seed}; ${result.how}; ${
        result.args.slice(2).join(" ")
      }): ${problem}\n  ${result.stderr.trim()}\n  input: ${saved}`,
    );
    if (problem === "timed out") break; // the hung run still holds resources
  }
  if (Date.now() - lastReport > 10_000) {
    lastReport = Date.now();
    console.log(`${cases} cases, exits ${summary()}`);
  }
}
console.log(
  `${cases} cases in ${
    ((Date.now() - started) / 1000).toFixed(0)
  }s, exits ${summary()}, ${failures.length} failures (seed ${seed})`,
);
if (failures.length === 0) await Deno.remove(work, { recursive: true });
Deno.exit(failures.length > 0 ? 1 : 0);

function summary(): string {
  return [...codes].sort(([a], [b]) => a - b).map(([code, n]) =>
    `${code}: ${n}`
  ).join(", ");
}
