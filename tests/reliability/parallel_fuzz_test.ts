import assert from "@std/assert";
import { seededRandom } from "../fixtures/mutation_fuzz.ts";
import {
  parallelCase,
  parallelFuzzLayer,
  writeParallelFuzzBase,
} from "../fixtures/parallel_fuzz.ts";

Deno.test("mutated layers read by worker threads open or fail as they do in-process", async () => {
  const directory = await Deno.makeTempDir();
  const good = await writeParallelFuzzBase(directory);
  const layer = parallelFuzzLayer();
  const random = seededRandom(5);
  for (let i = 0; i < 4; i++) {
    const result = await parallelCase(layer, random, { good, directory });
    assert.equal(result.mismatch, undefined, result.how);
  }
  await Deno.remove(directory, { recursive: true });
});
