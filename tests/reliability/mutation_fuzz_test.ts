/**
 * The quick, seeded mutation fuzz: a few hundred mutated archives and
 * layers through the real CLI entry. Each must end with exit 0, 1 or 2
 * (one clean line on stderr), never an internal error or a hang. The long
 * run is `deno task fuzz` (scripts/fuzz.ts).
 */

import assert from "@std/assert";
import {
  fuzzCase,
  type FuzzResult,
  fuzzSeeds,
  seededRandom,
} from "../fixtures/mutation_fuzz.ts";
import { tempDir, writeGoodImage } from "./cli_harness.ts";

const CASES = 400;
const SEED = 20261128;

Deno.test("layerdiff ends cleanly on hundreds of mutated archives and layers", async () => {
  const seeds = await fuzzSeeds(new URL("../../testdata/", import.meta.url));
  const work = await tempDir();
  const good = await writeGoodImage(work);
  const random = seededRandom(SEED);
  const failures: FuzzResult[] = [];
  const codes = new Map<number, number>();
  for (let i = 0; i < CASES; i++) {
    const seed = seeds[i % seeds.length];
    const result = await fuzzCase(seed, random, {
      good,
      work,
      timeoutMs: 30_000,
    });
    codes.set(result.code, (codes.get(result.code) ?? 0) + 1);
    if (result.problem) failures.push(result);
  }
  assert.deepEqual(
    failures.map((f) => `${f.seed} [${f.how}] ${f.problem}: ${f.stderr}`),
    [],
  );
  // The mutations reach both outcomes: some archives still read, most fail.
  assert.ok((codes.get(0) ?? 0) > 0 && (codes.get(2) ?? 0) > 0);
});
