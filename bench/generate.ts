/**
 * Generates the benchmark image pairs of issue 5 into bench/out/ (ignored by
 * git): "many-small" (a base layer of about 100,000 small files; B adds an
 * upgrade layer and an application layer) and "few-large" (twenty files of
 * 20–100 MB; B rewrites one and deletes another), each as docker-save
 * (uncompressed layers) and OCI archive (gzip layers). The output is
 * deterministic (seeded PRNG, fixed mtimes, `pigz -n`) and reused while the
 * spec and the generator's sources are unchanged.
 *
 * Run: deno run --allow-all bench/generate.ts [--small] [--force] [--pair NAME]
 *
 * `--small` writes the pairs at 1/50 scale to bench/out/small/ for a quick
 * check; the full pairs (about 4.5 GB in all) go to bench/out/full/. Needs
 * GNU tar and pigz.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { ContentPool } from "./gen/content_pool.ts";
import { fewLargePair } from "./gen/few_large_pair.ts";
import { type GeneratedPair, generatePair } from "./gen/generate_pair.ts";
import type { PairPlan } from "./gen/layer_plan.ts";
import { manySmallPair } from "./gen/many_small_pair.ts";

/** The pairs and the seeds that make them. */
export const PAIRS: Record<
  string,
  { seed: number; plan: (options: { scale: number; seed: number }) => PairPlan }
> = {
  "many-small": { seed: 1, plan: manySmallPair },
  "few-large": { seed: 2, plan: fewLargePair },
};

/** The seed of the content pool every pair draws its file bodies from. */
export const POOL_SEED = 3;
const SMALL_SCALE = 1 / 50;

/** Options of `generatePairs`. */
export interface GenerateOptions {
  /** 1/50 scale, in bench/out/small/. */
  small?: boolean;
  /** Regenerate even when up to date. */
  force?: boolean;
  /** Names of the pairs to generate; default all. */
  pairs?: string[];
  /** Progress lines. */
  log?: (line: string) => void;
}

/** Generates (or reuses) the benchmark pairs and describes them. */
export async function generatePairs(
  options: GenerateOptions = {},
): Promise<GeneratedPair[]> {
  const scale = options.small ? SMALL_SCALE : 1;
  const outDir = new URL(
    `./out/${options.small ? "small" : "full"}/`,
    import.meta.url,
  ).pathname;
  const sources = await generatorSources();
  let pool: ContentPool | undefined;
  const out: GeneratedPair[] = [];
  for (const name of options.pairs ?? Object.keys(PAIRS)) {
    const pair = PAIRS[name];
    if (!pair) throw new Error(`unknown pair ${name}`);
    const spec = { name, scale, seed: pair.seed, poolSeed: POOL_SEED };
    const specHash = createHash("sha256").update(JSON.stringify(spec))
      .update(sources).digest("hex");
    out.push(
      await generatePair(() => pair.plan({ scale, seed: pair.seed }), {
        dir: `${outDir}${name}`,
        specHash,
        pool: () => pool ??= new ContentPool(POOL_SEED),
        force: options.force,
        log: options.log,
      }),
    );
  }
  return out;
}

/** The generator's own sources, so that editing it invalidates the cache. */
async function generatorSources(): Promise<string> {
  const dir = new URL("./gen/", import.meta.url);
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  let text = "";
  for (const name of names.sort()) {
    text += await Deno.readTextFile(new URL(name, dir));
  }
  return text;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      small: { type: "boolean" },
      force: { type: "boolean" },
      pair: { type: "string", multiple: true },
    },
  });
  const log = (line: string) => console.error(line);
  for (
    const pair of await generatePairs({ ...values, pairs: values.pair, log })
  ) {
    console.log(`${pair.name}: generated in ${pair.seconds} s`);
    for (const [form, { a, b }] of Object.entries(pair.archives)) {
      const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
      console.log(
        `  ${form}: ${a.path} ${mb(a.size)} MB, ${b.path} ${mb(b.size)} MB`,
      );
    }
  }
}
