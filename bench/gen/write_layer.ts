/**
 * Writes one planned layer as an uncompressed tar (its diffID computed on
 * the way), then starts gzip-compressing it with `pigz` in the background so
 * the next layer can be generated meanwhile.
 */
import { createHash } from "node:crypto";
import type { ContentPool } from "./content_pool.ts";
import { type LayerPlan, toMember } from "./layer_plan.ts";
import { TarFileWriter } from "./tar_file_writer.ts";

/** A blob file and its digest. */
export interface Blob {
  path: string;
  /** "sha256:<hex>". */
  digest: string;
  size: number;
}

/** A written layer: the tar (digest = diffID) and its gzip form, pending. */
export interface WrittenLayer {
  plan: LayerPlan;
  tar: Blob;
  gzip: Promise<Blob>;
}

/** Writes `plan` to `<dir>/<id>.tar` and `<dir>/<id>.tar.gz`. */
export async function writeLayer(
  plan: LayerPlan,
  options: { dir: string; pool: ContentPool },
): Promise<WrittenLayer> {
  const tar = await writeLayerTar(plan, options);
  return { plan, tar, gzip: gzipFile(tar.path, `${tar.path}.gz`) };
}

/** Writes `plan` to `<dir>/<id>.tar` only (its digest is the diffID). */
export async function writeLayerTar(
  plan: LayerPlan,
  options: { dir: string; pool: ContentPool },
): Promise<Blob> {
  const path = `${options.dir}/${plan.id}.tar`;
  const writer = await TarFileWriter.create(path);
  for (const record of plan.entries) {
    const { spec, body } = toMember(record, {
      pool: options.pool,
      mtime: plan.mtime,
    });
    await writer.add(spec, body);
  }
  return { path, ...await writer.finish() };
}

/** `pigz -n` (no name or time stamp, so the output is reproducible). */
async function gzipFile(source: string, target: string): Promise<Blob> {
  const child = new Deno.Command("pigz", {
    args: ["-6", "-n", "-c", source],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const hash = createHash("sha256");
  let size = 0;
  using file = await Deno.open(target, {
    write: true,
    create: true,
    truncate: true,
  });
  for await (const chunk of child.stdout) {
    hash.update(chunk);
    size += chunk.length;
    for (let at = 0; at < chunk.length;) {
      at += await file.write(chunk.subarray(at));
    }
  }
  const status = await child.status;
  if (!status.success) throw new Error(`pigz failed on ${source}`);
  return { path: target, digest: `sha256:${hash.digest("hex")}`, size };
}
