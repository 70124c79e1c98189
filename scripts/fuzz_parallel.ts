/**
 * The long parallel-equals-serial fuzz (`deno task fuzz:parallel`): mutated
 * layers large enough for worker threads, opened with one reader and with
 * workers, until the time is up (see tests/fixtures/parallel_fuzz.ts). A
 * case where the two differ is saved for replay.
 *
 *   deno run --allow-all scripts/fuzz_parallel.ts [--seconds 300] [--seed N]
 *
 * Exits 1 when a case differed. A quick version runs in the test suite
 * (tests/reliability/parallel_fuzz_test.ts).
 */
import { parseArgs } from "node:util";
import { seededRandom } from "../tests/fixtures/mutation_fuzz.ts";
import {
  parallelCase,
  parallelFuzzLayer,
  writeParallelFuzzBase,
} from "../tests/fixtures/parallel_fuzz.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seconds: { type: "string", default: "300" },
    seed: { type: "string" },
  },
});
const seconds = Number(values.seconds);
const seed = values.seed === undefined
  ? Math.floor(Math.random() * 2 ** 31)
  : Number(values.seed);

const directory = await Deno.makeTempDir({ prefix: "layerdiff-pfuzz-" });
const good = await writeParallelFuzzBase(directory);
const layer = parallelFuzzLayer();
const random = seededRandom(seed);
console.log(`fuzzing for ${seconds}s, seed ${seed}, inputs in ${directory}`);
const started = Date.now();
let cases = 0, opened = 0, failed = 0;
while (Date.now() - started < seconds * 1000) {
  const result = await parallelCase(layer, random, { good, directory });
  cases++;
  opened += result.opened;
  if (result.mismatch) {
    failed++;
    const saved = `${directory}/case-${cases}.tar`;
    await Deno.writeFile(saved, result.archive);
    console.log(`DIFF case ${cases} (${result.how}): ${result.mismatch}`);
    console.log(`  input: ${saved} (image B; image A: ${good})`);
  }
}
console.log(
  `${cases} cases (${cases * 2} runs each way, ${opened} opened) in ${
    ((Date.now() - started) / 1000).toFixed(0)
  }s, ${failed} differed (seed ${seed})`,
);
if (failed === 0) await Deno.remove(directory, { recursive: true });
Deno.exit(failed > 0 ? 1 : 0);
