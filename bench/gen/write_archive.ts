/**
 * Assembles one image archive from written layers with GNU tar, in one of
 * the two forms the benchmark covers: docker-save as Docker 25+ writes it
 * (uncompressed layers under blobs/sha256, an OCI index and manifest.json
 * last) and an OCI archive (gzip layers). Blobs are hard-linked into a
 * staging folder, so a layer shared by both images is stored once on disk.
 */
import { createHash } from "node:crypto";
import type { LayerPlan } from "./layer_plan.ts";
import type { Blob } from "./write_layer.ts";

/** The two archive forms of every pair. */
export type ArchiveForm = "docker-save" | "oci-archive";

/** One layer as stored in an archive. */
export interface ArchiveLayer {
  /** Member path of the layer blob in the archive. */
  member: string;
  compression: "none" | "gzip";
  diffId: string;
  digest: string;
  size: number;
}

/** A written archive. */
export interface ArchiveInfo {
  path: string;
  size: number;
  layers: ArchiveLayer[];
}

/** A layer with both of its blobs written. */
export interface LayerBlobs {
  plan: LayerPlan;
  tar: Blob;
  gzip: Blob;
}

const MEDIA = {
  index: "application/vnd.oci.image.index.v1+json",
  manifest: "application/vnd.oci.image.manifest.v1+json",
  config: "application/vnd.oci.image.config.v1+json",
  tar: "application/vnd.oci.image.layer.v1.tar",
  gzip: "application/vnd.oci.image.layer.v1.tar+gzip",
};
const encoder = new TextEncoder();
const hex = (digest: string) => digest.slice("sha256:".length);
const iso = (seconds: number) =>
  new Date(seconds * 1000).toISOString().replace(".000", "");

/** Writes the archive of one image (`tag` like "bench/many-small:a"). */
export async function writeImageArchive(
  path: string,
  form: ArchiveForm,
  options: { layers: LayerBlobs[]; tag: string; workDir: string },
): Promise<ArchiveInfo> {
  const stage = `${options.workDir}/stage`;
  await Deno.remove(stage, { recursive: true }).catch(() => {});
  await Deno.mkdir(`${stage}/blobs/sha256`, { recursive: true });
  const blob = async (bytes: Uint8Array) => {
    const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
    await Deno.writeFile(`${stage}/blobs/sha256/${hex(digest)}`, bytes);
    return { digest, size: bytes.length };
  };

  const gzip = form === "oci-archive";
  const layers: ArchiveLayer[] = [];
  for (const { tar, gzip: gz } of options.layers) {
    const stored = gzip ? gz : tar;
    const member = `blobs/sha256/${hex(stored.digest)}`;
    await Deno.link(stored.path, `${stage}/${member}`).catch((error) => {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    });
    layers.push({
      member,
      compression: gzip ? "gzip" : "none",
      diffId: tar.digest,
      digest: stored.digest,
      size: stored.size,
    });
  }
  const config = await blob(json(imageConfig(options.layers)));
  const manifest = await blob(json({
    schemaVersion: 2,
    mediaType: MEDIA.manifest,
    config: { mediaType: MEDIA.config, ...config },
    layers: layers.map((layer) => ({
      mediaType: gzip ? MEDIA.gzip : MEDIA.tar,
      digest: layer.digest,
      size: layer.size,
    })),
  }));
  const refName = options.tag.slice(options.tag.lastIndexOf(":") + 1);
  await Deno.writeFile(
    `${stage}/index.json`,
    json({
      schemaVersion: 2,
      mediaType: MEDIA.index,
      manifests: [{
        mediaType: MEDIA.manifest,
        ...manifest,
        annotations: {
          ...(gzip ? {} : { "io.containerd.image.name": options.tag }),
          "org.opencontainers.image.ref.name": refName,
        },
      }],
    }),
  );
  await Deno.writeFile(
    `${stage}/oci-layout`,
    json({ imageLayoutVersion: "1.0.0" }),
  );
  let members = ["oci-layout", "index.json", "blobs"];
  if (!gzip) {
    await Deno.writeFile(
      `${stage}/manifest.json`,
      json([{
        Config: `blobs/sha256/${hex(config.digest)}`,
        RepoTags: [options.tag],
        Layers: layers.map((layer) => layer.member),
      }]),
    );
    // Docker 25+ writes manifest.json last.
    members = ["blobs", "index.json", "oci-layout", "manifest.json"];
  }
  await gnuTar(path, { stage, members });
  await Deno.remove(stage, { recursive: true });
  return { path, size: (await Deno.stat(path)).size, layers };
}

function imageConfig(layers: LayerBlobs[]): unknown {
  return {
    created: iso(layers[layers.length - 1].plan.mtime),
    architecture: "amd64",
    os: "linux",
    config: {
      Env: ["PATH=/usr/local/bin:/usr/bin:/bin"],
      WorkingDir: "/app",
      Cmd: ["node", "/app/dist/main.js"],
    },
    rootfs: { type: "layers", diff_ids: layers.map((l) => l.tar.digest) },
    history: layers.map(({ plan }) => ({
      created: iso(plan.mtime),
      created_by: plan.createdBy,
    })),
  };
}

/** A reproducible ustar archive of `members` of `stage`. */
async function gnuTar(
  path: string,
  options: { stage: string; members: string[] },
): Promise<void> {
  const { success, stderr } = await new Deno.Command("tar", {
    args: [
      "--create",
      `--file=${path}`,
      `--directory=${options.stage}`,
      "--format=ustar",
      "--sort=name",
      "--owner=0",
      "--group=0",
      "--numeric-owner",
      "--mtime=@1700000000",
      "--mode=go-w",
      "--hard-dereference",
      ...options.members,
    ],
    stderr: "piped",
  }).output();
  if (!success) {
    throw new Error(`tar failed: ${new TextDecoder().decode(stderr)}`);
  }
}

function json(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}
