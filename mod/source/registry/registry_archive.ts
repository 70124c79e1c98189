import { InputError, IntegrityError } from "../../errors.ts";
import { sha256Digest } from "../../image/digest.ts";
import type { Archive } from "../archive.ts";
import { MAX_DOCUMENT_SIZE } from "../archive.ts";
import {
  formatRegistryReference,
  type RegistryReference,
} from "../image_reference.ts";
import { openRegistryBlob } from "./blob_stream.ts";
import { RegistryClient, type RegistryOptions } from "./registry_client.ts";
import { readAllBounded } from "./timed_body.ts";

/** Manifests larger than this are refused (the distribution spec's limit is 4 MiB). */
const MAX_MANIFEST_SIZE = 4 << 20;
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
const ACCEPT = [OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST].join(
  ", ",
);
const BLOB_PATH = /^blobs\/sha256\/([0-9a-f]{64})$/;

/** An image in a registry, seen as an OCI layout whose blobs are fetched on demand. */
export interface RegistryArchive extends Archive {
  readonly kind: "registry";
  /** Whether the reference names an index (several platforms may be offered). */
  readonly isIndex: boolean;
  /** Manifests the index offers (1 for a plain manifest). */
  readonly offered: number;
  /** The reference pinned to a manifest: `docker://host/repo@sha256:…`. */
  pinned(manifestDigest: string): string;
  /** Ends the registry connections. */
  close(): void;
}

/**
 * Opens `docker://host/repo:tag` (or `@sha256:…`): fetches the manifest or
 * index the reference names (verified against a digest reference and the
 * registry's Docker-Content-Digest), and presents it as an OCI layout, so
 * the OCI planner picks the platform and reads config and layers. Layer
 * blobs are streamed, never stored; nested manifests and the config are
 * fetched when the planner asks, each checked against its digest there.
 */
export async function openRegistryArchive(
  reference: RegistryReference,
  options: RegistryOptions,
): Promise<RegistryArchive> {
  const name = formatRegistryReference(reference);
  const client = new RegistryClient(reference, name, options);
  try {
    return await open(client, reference, name);
  } catch (error) {
    client.close();
    throw error;
  }
}

async function open(
  client: RegistryClient,
  reference: RegistryReference,
  name: string,
): Promise<RegistryArchive> {
  const wanted = reference.digest ?? reference.tag!;
  const what = reference.digest ? `manifest ${wanted}` : `tag ${wanted}`;
  const response = await client.get(`manifests/${wanted}`, {
    accept: ACCEPT,
    what,
  }).catch(async (error) => {
    throw await explainMissing(error, client, reference, what);
  });
  let bytes: Uint8Array;
  try {
    bytes = await readAllBounded(response.body, MAX_MANIFEST_SIZE, "manifest");
  } catch (error) {
    throw client.networkError(error, what);
  }
  const digest = sha256Digest(bytes);
  const stated = response.headers.get("docker-content-digest");
  for (const expected of [reference.digest, stated]) {
    if (expected?.startsWith("sha256:") && expected !== digest) {
      throw new IntegrityError(
        `manifest does not match its digest ${expected} (got ${digest})`,
        { file: name },
      );
    }
  }
  const top = parseManifest(bytes, response.headers.get("content-type"), name);
  const documents = new Map<string, Uint8Array>([[digest, bytes]]);
  const manifests = new Set([digest]);
  const sizes = new Map<string, number>();
  const record = (json: Record<string, unknown>) => {
    for (const list of [json.manifests, json.layers, [json.config]]) {
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        if (typeof item?.digest !== "string") continue;
        if (typeof item.size === "number") sizes.set(item.digest, item.size);
        if (list === json.manifests) manifests.add(item.digest);
      }
    }
  };
  record(top.json);
  const refName = `${reference.registry}/${reference.repository}${
    reference.tag ? `:${reference.tag}` : ""
  }`;
  const index = new TextEncoder().encode(JSON.stringify({
    schemaVersion: 2,
    manifests: [{
      mediaType: top.mediaType,
      digest,
      size: bytes.length,
      annotations: { "org.opencontainers.image.ref.name": refName },
    }],
  }));
  const digestOf = (member: string) => {
    const match = BLOB_PATH.exec(member);
    return match ? `sha256:${match[1]}` : undefined;
  };
  const repository = `${reference.registry}/${reference.repository}`;
  return {
    name,
    kind: "registry",
    isIndex: top.isIndex,
    offered: top.isIndex && Array.isArray(top.json.manifests)
      ? top.json.manifests.length
      : 1,
    pinned: (manifestDigest) => `docker://${repository}@${manifestDigest}`,
    close: () => client.close(),
    has: (member) =>
      Promise.resolve(member === "index.json" || !!digestOf(member)),
    resolve: (member) =>
      Promise.resolve(
        member === "index.json" || digestOf(member) ? member : undefined,
      ),
    size: (member) => {
      const blob = digestOf(member);
      return Promise.resolve(blob ? sizes.get(blob) : index.length);
    },
    async readDocument(member) {
      if (member === "index.json") return index;
      const blob = digestOf(member);
      if (!blob) throw new InputError(`missing member ${member}`);
      const cached = documents.get(blob);
      if (cached) return cached;
      const isManifest = manifests.has(blob);
      const what = `${isManifest ? "manifest" : "blob"} ${blob}`;
      const { document, headers } = await readWhole(
        client,
        `${isManifest ? "manifests" : "blobs"}/${blob}`,
        { accept: isManifest ? ACCEPT : undefined, what },
        isManifest ? MAX_MANIFEST_SIZE : MAX_DOCUMENT_SIZE,
      );
      if (isManifest) {
        record(
          parseManifest(document, headers.get("content-type"), name).json,
        );
      }
      return document;
    },
    openBlob(member) {
      const blob = digestOf(member);
      const size = blob ? sizes.get(blob) : undefined;
      if (!blob || size === undefined) {
        throw new InputError(`no manifest of the image lists ${member}`);
      }
      return Promise.resolve(openRegistryBlob(client, blob, size));
    },
    locate: () => Promise.resolve(undefined),
    names: () => Promise.resolve(["index.json"]),
  };
}

function parseManifest(
  bytes: Uint8Array,
  contentType: string | null,
  name: string,
): { json: Record<string, unknown>; mediaType: string; isIndex: boolean } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new InputError("the registry sent a manifest that is not JSON", {
      file: name,
    });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new InputError("the registry sent a manifest that is not an object", {
      file: name,
    });
  }
  const manifest = json as Record<string, unknown>;
  if (manifest.schemaVersion === 1) {
    throw new InputError(
      "Docker schema 1 manifests are not supported (push the image again with a current client)",
      { file: name },
    );
  }
  const mediaType = typeof manifest.mediaType === "string"
    ? manifest.mediaType
    : (contentType ?? "").split(";")[0].trim();
  const isIndex = Array.isArray(manifest.manifests) ||
    mediaType === OCI_INDEX || mediaType === DOCKER_LIST;
  return {
    json: manifest,
    mediaType: mediaType || (isIndex ? OCI_INDEX : OCI_MANIFEST),
    isIndex,
  };
}

/** A manifest 404 made specific: no such repository, or no such tag in it. */
async function explainMissing(
  error: unknown,
  client: RegistryClient,
  reference: RegistryReference,
  what: string,
): Promise<unknown> {
  if (!(error instanceof InputError) || !/: not found \(/.test(error.reason)) {
    return error;
  }
  const exists = await client.repositoryExists();
  if (exists === undefined) return error;
  const { registry, repository } = reference;
  return new InputError(
    exists
      ? `${what}: no such ${
        reference.digest ? "manifest" : "tag"
      } in ${repository} on ${registry}`
      : `no such repository ${repository} on ${registry}`,
    error.context,
  );
}

/** Times a small document whose transfer broke is fetched again. */
const DOCUMENT_ATTEMPTS = 3;

/**
 * GETs a manifest or config whole; a transfer that breaks mid-body is
 * fetched again from the start (they are small), up to DOCUMENT_ATTEMPTS.
 */
async function readWhole(
  client: RegistryClient,
  path: string,
  options: { accept?: string; what: string },
  limit: number,
): Promise<{ document: Uint8Array; headers: Headers }> {
  for (let attempt = 1;; attempt++) {
    const got = await client.get(path, options);
    try {
      const document = await readAllBounded(got.body, limit, options.what);
      return { document, headers: got.headers };
    } catch (error) {
      got.abort();
      if (error instanceof InputError || attempt >= DOCUMENT_ATTEMPTS) {
        throw client.networkError(error, options.what);
      }
    }
  }
}
