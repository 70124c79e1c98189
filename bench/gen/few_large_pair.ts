/**
 * The "few large files" pair: image A is a small base (a few configuration
 * files) with ten large files, then a layer of ten more; the twenty are
 * 20–100 MB (at scale 1), alternately text-like and random. Image B adds a
 * layer on top of A's two that rewrites the largest text file and deletes
 * the largest random one.
 */
import type { ContentKind } from "./content_pool.ts";
import {
  type EntryRecord,
  type LayerPlan,
  type PairPlan,
  whiteoutOf,
  withParentDirs,
} from "./layer_plan.ts";
import { nameOf } from "./names.ts";
import { Prng } from "./prng.ts";

const MB = 1024 * 1024;
const BASE_MTIME = 1700000000;

/** Plans the pair at `scale` (1 = about 1.2 GB per image). */
export function fewLargePair(
  options: { scale: number; seed: number },
): PairPlan {
  const prng = new Prng(options.seed);
  const large = (dir: string, index: number): EntryRecord => {
    const kind: ContentKind = index % 2 === 0 ? "text" : "random";
    const ext = kind === "text" ? "csv" : "bin";
    return {
      path: `${dir}/${nameOf(prng)}-${index}.${ext}`,
      type: "file",
      kind,
      size: Math.round((20 + 80 * prng.next() ** 1.5) * MB * options.scale),
      seed: prng.uint32(),
    };
  };
  const config: EntryRecord[] = Array.from({ length: 40 }, (_, i) => ({
    path: `etc/${nameOf(prng)}-${i}.conf`,
    type: "file",
    kind: "text",
    size: Math.round(prng.logNormal(1_000, 1)),
    seed: prng.uint32(),
  }));
  const data = Array.from({ length: 10 }, (_, i) => large("opt/data", i));
  const models = Array.from({ length: 10 }, (_, i) => large("opt/models", i));
  const all = [...data, ...models];
  const largest = (kind: ContentKind) =>
    all.filter((f) => f.kind === kind).sort((x, y) => y.size! - x.size!)[0];
  const rewritten = { ...largest("text"), seed: prng.uint32() };
  const deleted = largest("random");

  const base: LayerPlan = {
    id: "data",
    createdBy: "COPY data/ /opt/data/",
    mtime: BASE_MTIME,
    entries: withParentDirs([...config, ...data]),
  };
  const modelsLayer: LayerPlan = {
    id: "models",
    createdBy: "COPY models/ /opt/models/",
    mtime: BASE_MTIME + 3600,
    entries: withParentDirs(models),
  };
  return {
    name: "few-large",
    a: [base, modelsLayer],
    b: [base, modelsLayer, {
      id: "refresh",
      createdBy: "RUN refresh-data && rm " + deleted.path,
      mtime: BASE_MTIME + 86400,
      entries: withParentDirs([rewritten, whiteoutOf(deleted.path)]),
    }],
    stats: {
      largeFiles: all.length,
      largeFileBytes: all.reduce((sum, f) => sum + f.size!, 0),
      rewrittenBytes: rewritten.size!,
      deletedBytes: deleted.size!,
    },
  };
}
