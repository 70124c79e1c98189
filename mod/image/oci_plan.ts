import { InputError } from "../errors.ts";
import type { Archive } from "../source/archive.ts";
import { diffIdsOf, parseConfig, platformString } from "./config.ts";
import { blobPath, checkDigest } from "./digest.ts";
import type { ImagePlan, ImageSelector } from "./image_plan.ts";
import {
  asArray,
  asObject,
  type JsonDocument,
  readJsonDocument,
} from "./json_document.ts";
import { type Candidate, selectImage } from "./select_image.ts";

const INDEX = "index.json";
/** Indexes nested deeper than this are refused as hostile. */
const MAX_INDEX_DEPTH = 8;
const REF_NAME = "org.opencontainers.image.ref.name";
const CONTAINERD_NAME = "io.containerd.image.name";
const INDEX_TYPES = new Set([
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
]);

/** A content descriptor (OCI image spec, descriptor.md). */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: string;
  annotations: Record<string, string>;
}

interface ManifestChoice {
  descriptor: Descriptor;
  names: string[];
}

/**
 * Plans an OCI layout (archive or directory): walks index.json and nested
 * indexes, then picks one manifest by `--image` (ref.name annotation or
 * digest) and `--platform`.
 */
export async function planOci(
  archive: Archive,
  selector: ImageSelector,
  options: { verify: boolean },
): Promise<ImagePlan> {
  const choices: ManifestChoice[] = [];
  await collectManifests(archive, INDEX, undefined, [], choices, options);
  const present: Candidate<ManifestChoice>[] = [];
  for (const choice of choices) {
    if (await archive.has(blobPath(choice.descriptor.digest))) {
      present.push({
        names: choice.names,
        digest: choice.descriptor.digest,
        platform: choice.descriptor.platform,
        value: choice,
      });
    }
  }
  if (present.length === 0) {
    throw new InputError(
      choices.length === 0
        ? "index.json lists no image manifests"
        : `missing manifest blob ${choices[0].descriptor.digest}`,
    );
  }
  const chosen = selectImage(present, selector).value;
  const manifest = await readManifest(archive, chosen.descriptor, options);
  const configDoc = await readJsonDocument(
    archive,
    blobPath(manifest.config.digest),
    {
      digest: manifest.config.digest,
      size: manifest.config.size,
      verify: options.verify,
    },
  );
  const config = parseConfig(configDoc.json, configDoc.path);
  const diffIds = diffIdsOf(config);
  if (diffIds.length !== manifest.layers.length) {
    throw new InputError(
      `manifest lists ${manifest.layers.length} layers but the config has ${diffIds.length} diff_ids`,
      { entry: blobPath(chosen.descriptor.digest) },
    );
  }
  return {
    format: archive.kind === "directory"
      ? "oci-layout"
      : archive.kind === "registry"
      ? "registry"
      : "oci-archive",
    reference: chosen.names[0],
    manifestDigest: chosen.descriptor.digest,
    configDigest: manifest.config.digest,
    config,
    platform: platformString(config),
    layers: manifest.layers.map((layer, i) => ({
      member: blobPath(layer.digest),
      digest: layer.digest,
      diffId: diffIds[i],
      mediaType: layer.mediaType,
      compressedSize: layer.size,
    })),
  };
}

/**
 * Finds the manifest, among those index.json reaches, whose config is
 * `configDigest` (Docker 25+ archives carry both manifest.json and an OCI
 * layout). Undefined when none does.
 */
export async function findOciManifest(
  archive: Archive,
  configDigest: string,
  options: { verify: boolean },
): Promise<{ digest: string; layers: Descriptor[] } | undefined> {
  if (!(await archive.has(INDEX))) return undefined;
  const choices: ManifestChoice[] = [];
  await collectManifests(archive, INDEX, undefined, [], choices, options);
  for (const choice of choices) {
    if (!(await archive.has(blobPath(choice.descriptor.digest)))) continue;
    const manifest = await readManifest(archive, choice.descriptor, options);
    if (manifest.config.digest === configDigest) {
      return { digest: choice.descriptor.digest, layers: manifest.layers };
    }
  }
  return undefined;
}

async function collectManifests(
  archive: Archive,
  path: string,
  digest: string | undefined,
  seen: string[],
  out: ManifestChoice[],
  options: { verify: boolean },
): Promise<void> {
  if (seen.length > MAX_INDEX_DEPTH) {
    throw new InputError(
      `image index nested deeper than ${MAX_INDEX_DEPTH} levels`,
      { entry: path },
    );
  }
  const document = await readJsonDocument(archive, path, {
    digest,
    verify: options.verify,
  });
  const index = asObject(document.json, "image index", path);
  for (const raw of asArray(index.manifests, "index manifests", path)) {
    const descriptor = parseDescriptor(raw, document);
    const names = nameAnnotations(descriptor.annotations);
    if (isAttestation(descriptor)) continue;
    if (INDEX_TYPES.has(descriptor.mediaType)) {
      if (seen.includes(descriptor.digest)) {
        throw new InputError("image index refers to itself in a loop", {
          entry: path,
        });
      }
      if (!(await archive.has(blobPath(descriptor.digest)))) continue;
      const nested: ManifestChoice[] = [];
      await collectManifests(
        archive,
        blobPath(descriptor.digest),
        descriptor.digest,
        [...seen, descriptor.digest],
        nested,
        options,
      );
      for (const choice of nested) {
        out.push({ ...choice, names: [...choice.names, ...names] });
      }
    } else {
      out.push({ descriptor, names });
    }
  }
}

async function readManifest(
  archive: Archive,
  { digest, size }: Descriptor,
  options: { verify: boolean },
): Promise<{ config: Descriptor; layers: Descriptor[] }> {
  const document = await readJsonDocument(archive, blobPath(digest), {
    digest,
    size,
    verify: options.verify,
  });
  const manifest = asObject(document.json, "image manifest", document.path);
  if (manifest.manifests !== undefined) {
    throw new InputError("expected an image manifest, found an index", {
      entry: document.path,
    });
  }
  return {
    config: parseDescriptor(manifest.config, document),
    layers: asArray(manifest.layers, "manifest layers", document.path).map((
      layer,
    ) => parseDescriptor(layer, document)),
  };
}

function parseDescriptor(raw: unknown, document: JsonDocument): Descriptor {
  const descriptor = asObject(raw, "descriptor", document.path);
  const size = descriptor.size;
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    throw new InputError("descriptor has an invalid size", {
      entry: document.path,
    });
  }
  const platform =
    descriptor.platform && typeof descriptor.platform === "object"
      ? platformString(descriptor.platform as Record<string, unknown>)
      : undefined;
  const annotations =
    descriptor.annotations && typeof descriptor.annotations === "object"
      ? descriptor.annotations as Record<string, string>
      : {};
  return {
    mediaType: typeof descriptor.mediaType === "string"
      ? descriptor.mediaType
      : "",
    digest: checkDigest(descriptor.digest, "descriptor", {
      entry: document.path,
    }),
    size,
    platform,
    annotations,
  };
}

function nameAnnotations(annotations: Record<string, string>): string[] {
  return [annotations[CONTAINERD_NAME], annotations[REF_NAME]].filter((
    name,
  ): name is string => typeof name === "string" && name !== "");
}

/** BuildKit stores provenance as extra manifests with platform unknown/unknown. */
function isAttestation(descriptor: Descriptor): boolean {
  return descriptor.annotations["vnd.docker.reference.type"] ===
      "attestation-manifest" ||
    descriptor.platform === "unknown/unknown";
}
