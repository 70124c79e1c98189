/**
 * Generates one image pair in both archive forms, or reuses it: the outputs
 * are kept with a `pair.json` recording the spec hash they were built from,
 * and regenerated only when that hash or an archive's size differs.
 */
import type { ContentPool } from "./content_pool.ts";
import type { LayerPlan, PairPlan } from "./layer_plan.ts";
import {
  type ArchiveForm,
  type ArchiveInfo,
  type LayerBlobs,
  writeImageArchive,
} from "./write_archive.ts";
import { writeLayer, type WrittenLayer } from "./write_layer.ts";

/** The forms every pair is written in. */
export const FORMS: readonly ArchiveForm[] = ["docker-save", "oci-archive"];

/** A generated pair, as recorded in `<dir>/pair.json`. */
export interface GeneratedPair {
  name: string;
  specHash: string;
  /** Wall-clock seconds the generation took. */
  seconds: number;
  stats: Record<string, number>;
  archives: Record<ArchiveForm, { a: ArchiveInfo; b: ArchiveInfo }>;
}

/** Options of `generatePair`. */
export interface GeneratePairOptions {
  /** Output folder of this pair. */
  dir: string;
  specHash: string;
  /** Builds the content pool, only when generation is needed. */
  pool: () => ContentPool;
  /** Regenerate even when the outputs are up to date. */
  force?: boolean;
  log?: (line: string) => void;
}

/** Returns the pair planned by `plan`, generating it unless cached. */
export async function generatePair(
  plan: () => PairPlan,
  options: GeneratePairOptions,
): Promise<GeneratedPair> {
  const log = options.log ?? (() => {});
  const cached = options.force ? undefined : await loadCached(options);
  if (cached) return cached;

  const started = performance.now();
  await Deno.remove(options.dir, { recursive: true }).catch(() => {});
  const workDir = `${options.dir}/work`;
  await Deno.mkdir(workDir, { recursive: true });
  const pair = plan();
  const pool = options.pool();
  const written = new Map<string, WrittenLayer>();
  for (const layer of [...pair.a, ...pair.b]) {
    if (written.has(layer.id)) continue;
    log(
      `${pair.name}: writing layer ${layer.id} (${layer.entries.length} entries)`,
    );
    written.set(layer.id, await writeLayer(layer, { dir: workDir, pool }));
  }
  const blobs = new Map<string, LayerBlobs>();
  for (const [id, layer] of written) {
    blobs.set(id, { plan: layer.plan, tar: layer.tar, gzip: await layer.gzip });
  }
  const layersOf = (image: LayerPlan[]) => image.map((l) => blobs.get(l.id)!);

  const archives = {} as GeneratedPair["archives"];
  for (const form of FORMS) {
    await Deno.mkdir(`${options.dir}/${form}`, { recursive: true });
    const write = (image: "a" | "b", layers: LayerPlan[]) => {
      log(`${pair.name}: assembling ${form} ${image}.tar`);
      return writeImageArchive(archivePath(options.dir, form, image), form, {
        layers: layersOf(layers),
        tag: `bench/${pair.name}:${image}`,
        workDir,
      });
    };
    archives[form] = {
      a: await write("a", pair.a),
      b: await write("b", pair.b),
    };
  }
  await Deno.remove(workDir, { recursive: true });
  const generated: GeneratedPair = {
    name: pair.name,
    specHash: options.specHash,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    stats: pair.stats,
    archives,
  };
  await Deno.writeTextFile(
    `${options.dir}/pair.json`,
    JSON.stringify(generated, null, 2) + "\n",
  );
  return generated;
}

function archivePath(dir: string, form: ArchiveForm, image: "a" | "b"): string {
  return `${dir}/${form}/${image}.tar`;
}

async function loadCached(
  options: GeneratePairOptions,
): Promise<GeneratedPair | undefined> {
  let pair: GeneratedPair;
  try {
    pair = JSON.parse(await Deno.readTextFile(`${options.dir}/pair.json`));
  } catch {
    return undefined;
  }
  if (pair.specHash !== options.specHash) return undefined;
  for (const form of FORMS) {
    for (const image of ["a", "b"] as const) {
      const info = pair.archives[form][image];
      info.path = archivePath(options.dir, form, image);
      const size = await Deno.stat(info.path).then((s) => s.size, () => -1);
      if (size !== info.size) return undefined;
    }
  }
  return pair;
}
