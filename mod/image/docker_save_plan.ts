import { InputError } from "../errors.ts";
import type { Archive } from "../source/archive.ts";
import { diffIdsOf, parseConfig, platformString } from "./config.ts";
import { checkDigest, sha256Digest } from "./digest.ts";
import type { ImagePlan, ImageSelector } from "./image_plan.ts";
import { asArray, asObject, readJsonDocument } from "./json_document.ts";
import { findOciManifest } from "./oci_plan.ts";
import { selectImage } from "./select_image.ts";

const MANIFEST = "manifest.json";
const DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";

/**
 * Plans a `docker save` archive from its manifest.json: legacy
 * (`<id>/layer.tar`, `<hex>.json`) or Docker 25+ (an OCI layout beside it,
 * which supplies the manifest digest and media types).
 */
export async function planDockerSave(
  archive: Archive,
  selector: ImageSelector,
  options: { verify: boolean },
): Promise<ImagePlan> {
  const manifest = await readJsonDocument(archive, MANIFEST);
  const entries = asArray(manifest.json, "manifest.json", MANIFEST).map((
    entry,
  ) => asObject(entry, "manifest.json entry", MANIFEST));
  if (entries.length === 0) {
    throw new InputError("manifest.json lists no images", { entry: MANIFEST });
  }
  const chosen = selectImage(
    entries.map((entry) => ({
      names: Array.isArray(entry.RepoTags)
        ? entry.RepoTags.filter((t) => typeof t === "string")
        : [],
      digest: digestFromPath(entry.Config),
      value: entry,
    })),
    { image: selector.image },
  );
  const entry = chosen.value;
  if (typeof entry.Config !== "string") {
    throw new InputError("manifest.json entry has no Config", {
      entry: MANIFEST,
    });
  }
  const layerPaths = asArray(entry.Layers, "manifest.json Layers", MANIFEST);
  const named = digestFromPath(entry.Config);
  const configDoc = await readJsonDocument(archive, entry.Config, {
    digest: named,
    verify: options.verify,
  });
  const config = parseConfig(configDoc.json, entry.Config);
  const configDigest = named ?? sha256Digest(configDoc.bytes);
  const diffIds = diffIdsOf(config);
  if (diffIds.length !== layerPaths.length) {
    throw new InputError(
      `manifest.json lists ${layerPaths.length} layers but the config has ${diffIds.length} diff_ids`,
      { entry: MANIFEST },
    );
  }
  const isOci = await archive.has("oci-layout");
  const oci = isOci
    ? await findOciManifest(archive, configDigest, options)
    : undefined;
  const sources =
    typeof entry.LayerSources === "object" && entry.LayerSources !== null
      ? entry.LayerSources as Record<
        string,
        { mediaType?: string; size?: number }
      >
      : {};
  return {
    format: isOci ? "docker-save-oci" : "docker-save",
    reference: chosen.names[0],
    manifestDigest: oci?.digest,
    configDigest,
    config,
    platform: platformString(config),
    layers: layerPaths.map((path, i) => {
      if (typeof path !== "string") {
        throw new InputError("manifest.json layer path is not a string", {
          entry: MANIFEST,
        });
      }
      const descriptor = oci?.layers[i];
      const digest = digestFromPath(path) ?? descriptor?.digest;
      return {
        member: path,
        digest,
        diffId: diffIds[i],
        mediaType: descriptor?.mediaType ?? sources[diffIds[i]]?.mediaType ??
          DOCKER_LAYER,
        compressedSize: descriptor?.size,
      };
    }),
  };
}

/** "sha256:<hex>" when a member is named by its digest: "blobs/sha256/<hex>" or "<hex>.json". */
function digestFromPath(path: unknown): string | undefined {
  if (typeof path !== "string") return undefined;
  const match = /(?:^|\/)blobs\/sha256\/([0-9a-f]{64})$/.exec(path) ??
    /^([0-9a-f]{64})\.json$/.exec(path);
  return match ? checkDigest(`sha256:${match[1]}`, "config") : undefined;
}
