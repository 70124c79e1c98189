import type { LayerCache, LayerKey } from "../cache/layer_cache.ts";
import { addContext, InputError, IntegrityError } from "../errors.ts";
import type { Archive } from "../source/archive.ts";
import { openEngineImage } from "../source/engine_api.ts";
import {
  formatRegistryReference,
  type ImageLocation,
} from "../source/image_reference.ts";
import { openArchive } from "../source/open_archive.ts";
import {
  openRegistryArchive,
  type RegistryArchive,
} from "../source/registry/registry_archive.ts";
import type { RegistryOptions } from "../source/registry/registry_client.ts";
import { chunkSourceFrom } from "../tar/byte_reader.ts";
import { createdByPerLayer, hostPlatform } from "./config.ts";
import type { Image, ImageFormat, ImageTransport } from "./image.ts";
import type { ImagePlan, PlannedLayer } from "./image_plan.ts";
import { planImage } from "./plan_image.ts";
import type { KeepPolicy } from "../layer/keep_files.ts";
import {
  readDecodedLayer,
  type ReadLayer,
  readLayer,
  type ReadLayerOptions,
} from "./read_layer.ts";
import { WorkerPool } from "./worker_pool.ts";

/** Below this many bytes of layers, starting workers costs more than it saves. */
const WORKER_THRESHOLD = 32 << 20;

/**
 * A path (file or OCI layout directory), a named stream such as stdin, or
 * a location from `parseImageLocation` (a registry, the Docker engine).
 */
export type ImageInput =
  | string
  | { name: string; stream: AsyncIterable<Uint8Array> }
  | ImageLocation;

/** Progress of layer reading, for a progress line. */
export interface Progress {
  image: "a" | "b";
  /** 0-based layer being read. */
  layer: number;
  layers: number;
  /** Stored bytes of the layer. */
  bytes: number;
  done: boolean;
}

/** How to open images. Selection options hold one value per image (A, B). */
export interface OpenOptions {
  /** `--image REF` for A and B. */
  image?: [string?, string?];
  /** `--platform os/arch[/variant]` for A and B. */
  platform?: [string?, string?];
  /** Check blob digests and diff_ids (default true). */
  verify?: boolean;
  onProgress?: (progress: Progress) => void;
  /** Told what was decided for the user, e.g. the platform picked from a registry index. */
  onNotice?: (message: string) => void;
  /**
   * How to reach registries and the Docker engine (environment for
   * credentials and DOCKER_HOST, TLS, timeouts). Without it, the process
   * environment is read.
   */
  registry?: RegistryOptions;
  /**
   * Layers read at once (default 2, one per core here). Above 1, large
   * file-backed layers are read, hashed and decompressed on worker threads
   * while this thread indexes them; results are the same.
   */
  concurrency?: number;
  /** Files whose bytes the layer indexes keep (package databases, `--content` files). */
  keep?: KeepPolicy;
  /**
   * Layers read before, by diffID and blob digest: a layer found there is
   * not read again (from a registry, not downloaded). Layers read and
   * verified are stored; after loading, the cache is pruned to its bound.
   */
  layerCache?: LayerCache;
}

/**
 * Opens two images and indexes their layers. A layer both images hold
 * (same diffID) is read once; from a file, blobs neither image uses are
 * never read.
 */
export async function openImages(
  a: ImageInput,
  b: ImageInput,
  options: OpenOptions = {},
): Promise<[Image, Image]> {
  const cache = new Map<string, Promise<ReadLayer>>();
  const opened: OpenedImage[] = [];
  try {
    opened.push(await planInput(a, 0, options, cache));
    opened.push(await planInput(b, 1, options, cache));
    const [layersA, layersB] = await loadImages(opened, options, cache);
    return [toImage(opened[0], layersA), toImage(opened[1], layersB)];
  } finally {
    for (const image of opened) image.close?.();
  }
}

/** Opens one image (see `openImages`). */
export async function openImage(
  input: ImageInput,
  options: Omit<OpenOptions, "image" | "platform"> & {
    image?: string;
    platform?: string;
  } = {},
): Promise<Image> {
  const cache = new Map<string, Promise<ReadLayer>>();
  const opened = await planInput(input, 0, {
    ...options,
    image: [options.image],
    platform: [options.platform],
  }, cache);
  try {
    const [layers] = await loadImages([opened], options, cache);
    return toImage(opened, layers);
  } finally {
    opened.close?.();
  }
}

/** Loads the layers of planned images, on worker threads when that pays. */
async function loadImages(
  images: OpenedImage[],
  options: Omit<OpenOptions, "image" | "platform">,
  cache: Map<string, Promise<ReadLayer>>,
): Promise<LoadedLayer[][]> {
  const jobs = images.flatMap((opened, which) =>
    opened.plan.layers.map((layer, i) => ({ opened, which, layer, i }))
  );
  const concurrency = Math.max(1, options.concurrency ?? 2);
  // Started at the first blob read: a run served by the layer cache starts no worker.
  let started: WorkerPool | undefined;
  const pool = concurrency > 1 && await fileBytes(images) >= WORKER_THRESHOLD
    ? () =>
      started ??= new WorkerPool(
        Math.min(concurrency, navigator.hardwareConcurrency || 1),
      )
    : undefined;
  try {
    const results = await mapConcurrent(
      jobs,
      concurrency,
      (job) =>
        loadLayer(job.opened, job.layer, job.i, {
          cache,
          pool,
          verify: options.verify !== false,
          keep: options.keep,
          layerCache: options.layerCache,
          onProgress: options.onProgress &&
            ((bytes, done) =>
              options.onProgress!({
                image: job.which === 0 ? "a" : "b",
                layer: job.i,
                layers: job.opened.plan.layers.length,
                bytes,
                done,
              })),
        }),
    );
    await options.layerCache?.bound();
    return images.map((_, which) =>
      results.filter((_, k) => jobs[k].which === which)
    );
  } finally {
    started?.close();
  }
}

/** Bytes of the layer blobs that could be read from files by workers. */
async function fileBytes(images: OpenedImage[]): Promise<number> {
  let total = 0;
  for (const { archive, plan } of images) {
    if (archive.kind === "stream" || archive.kind === "registry") continue;
    for (const layer of plan.layers) {
      total += (await archive.size(layer.member)) ?? 0;
    }
  }
  return total;
}

interface OpenedImage {
  name: string;
  transport?: ImageTransport;
  archive: Archive;
  plan: ImagePlan;
  /** Layers already read during a one-pass walk, by member name. */
  streamed: Map<string, Promise<ReadLayer>>;
  resolvedReference?: string;
  close?(): void;
}

async function planInput(
  input: ImageInput,
  which: 0 | 1,
  options: OpenOptions,
  cache: Map<string, Promise<ReadLayer>>,
): Promise<OpenedImage> {
  const location: ImageLocation | {
    name: string;
    stream: AsyncIterable<Uint8Array>;
  } = typeof input === "string" ? { transport: "file", path: input } : input;
  const name = "stream" in location
    ? location.name
    : location.transport === "file"
    ? location.path
    : location.transport === "docker"
    ? formatRegistryReference(location.reference)
    : `docker-daemon:${location.name}`;
  const selector = {
    image: options.image?.[which] ?? options.image?.[0] ??
      ("image" in location ? location.image : undefined),
    platform: options.platform?.[which] ?? options.platform?.[0],
  };
  const registry = options.registry ??
    { env: (key: string) => Deno.env.get(key) };
  try {
    if ("transport" in location && location.transport === "docker") {
      const archive = await openRegistryArchive(location.reference, registry);
      try {
        return await planRegistry(archive, selector, options);
      } catch (error) {
        archive.close();
        throw error;
      }
    }
    let engine:
      | { stream: AsyncIterable<Uint8Array>; close(): void }
      | undefined;
    if ("transport" in location && location.transport === "docker-daemon") {
      engine = await openEngineImage(location.name, {
        env: registry.env,
        timeoutMs: registry.timeoutMs,
      });
    }
    const streamed = new Map<string, Promise<ReadLayer>>();
    const archive = await openArchive(
      "stream" in location
        ? { name, stream: chunkSourceFrom(location.stream) }
        : engine
        ? { name, stream: chunkSourceFrom(engine.stream) }
        : (location as { path: string }).path,
      async (member, body) => {
        // Hashed whatever the options: a member read in one pass is known
        // as a layer by its diffID.
        const result = readLayer(body, { keep: options.keep });
        streamed.set(member, result);
        try {
          const { diffId } = await result;
          if (diffId && !cache.has(diffId)) cache.set(diffId, result);
        } catch {
          // Not a layer, or a broken one: an error only if the image uses it.
        }
      },
    ).finally(() => engine?.close());
    const plan = await planImage(archive, selector, {
      verify: options.verify !== false,
    });
    return {
      name,
      transport: engine ? "docker-daemon" : undefined,
      archive,
      plan,
      streamed,
    };
  } catch (error) {
    throw addContext(error, { file: name });
  }
}

/**
 * Plans a registry image. For an index and no `--platform`, the host's
 * platform is taken, and the user told so when the index offers others.
 */
async function planRegistry(
  archive: RegistryArchive,
  selector: { image?: string; platform?: string },
  options: OpenOptions,
): Promise<OpenedImage> {
  const chosen = archive.isIndex && !selector.platform
    ? hostPlatform()
    : undefined;
  const plan = await planImage(archive, {
    platform: selector.platform ?? chosen,
  }, { verify: options.verify !== false });
  if (chosen && archive.offered > 1) {
    options.onNotice?.(
      `${archive.name}: the index offers ${archive.offered} manifests; picked ${plan.platform} (this host's platform; choose with --platform)`,
    );
  }
  return {
    name: archive.name,
    transport: "docker",
    archive,
    plan,
    streamed: new Map(),
    resolvedReference: archive.pinned(plan.manifestDigest!),
    close: () => archive.close(),
  };
}

/** A layer of one image: the shared index plus this image's blob facts. */
interface LoadedLayer {
  layer: ReadLayer;
  /** Digest and size of this image's blob (not of a copy read for the other image). */
  digest: string;
  compressedSize: number;
}

async function loadLayer(
  opened: OpenedImage,
  planned: PlannedLayer,
  index: number,
  options: {
    cache: Map<string, Promise<ReadLayer>>;
    pool?: () => WorkerPool;
    verify: boolean;
    keep?: KeepPolicy;
    layerCache?: LayerCache;
    onProgress?: (bytes: number, done: boolean) => void;
  },
): Promise<LoadedLayer> {
  const context = {
    file: opened.name,
    layer: { index, digest: planned.digest ?? planned.diffId },
  };
  try {
    const member = await opened.archive.resolve(planned.member);
    if (member === undefined) {
      throw new InputError(`missing layer blob ${planned.member}`);
    }
    const key = cacheKey(planned);
    const own = opened.streamed.get(member);
    if (own) {
      const loaded = checked(planned, await own, options.verify);
      if (options.verify) await options.layerCache?.put(key, loaded.layer);
      return loaded;
    }
    const size = await opened.archive.size(member);
    const cached = options.cache.get(planned.diffId);
    // A copy read from the other image's blob serves when this blob's
    // digest is known without reading it: stated, or the uncompressed tar.
    if (cached) {
      const layer = await cached;
      const digest = planned.digest ??
        (size === layer.size ? planned.diffId : undefined);
      if (digest) {
        if (options.verify) {
          verifyLayer(
            { ...planned, digest: undefined, compressedSize: undefined },
            layer,
          );
        }
        return { layer, digest, compressedSize: size ?? layer.compressedSize };
      }
    }
    const result = recallOrRead(opened.archive, member, {
      ...options,
      key,
      size,
      hash: options.verify,
    });
    if (!cached) options.cache.set(planned.diffId, result);
    return checked(planned, await result, options.verify);
  } catch (error) {
    throw addContext(error, context);
  }
}

/** A layer read from this image's own blob, verified against the plan. */
function checked(
  planned: PlannedLayer,
  layer: ReadLayer,
  verify: boolean,
): LoadedLayer {
  if (verify) verifyLayer(planned, layer);
  // A blob read unhashed (not verified) goes by the digest the plan states;
  // one without (a docker save layer.tar) is its uncompressed tar.
  const digest = layer.digest ?? planned.digest ?? planned.diffId;
  return { layer, digest, compressedSize: layer.compressedSize };
}

/**
 * What a layer cache holds for the blob, else the blob read (unverified,
 * without hashing it; files still are) and, when its digests were
 * measured, stored in the cache.
 */
async function recallOrRead(
  archive: Archive,
  member: string,
  options: Parameters<typeof readBlob>[2] & {
    key: LayerKey;
    size?: number;
    layerCache?: LayerCache;
  },
): Promise<ReadLayer> {
  const { key, layerCache } = options;
  const recalled = await layerCache?.get(key, options);
  if (recalled) return recalled;
  const layer = await readBlob(archive, member, options);
  if (options.hash) await layerCache?.put(key, layer);
  return layer;
}

/**
 * A layer's cache key: its diffID and the digest its blob is named by, or
 * for a docker-save layer.tar, which the manifest names by no digest of
 * its own, the diffID (the entry is stored only if the blob measures so).
 */
function cacheKey(planned: PlannedLayer): LayerKey {
  return {
    diffId: planned.diffId,
    blobDigest: planned.digest ?? planned.diffId,
  };
}

async function readBlob(
  archive: Archive,
  member: string,
  options: {
    pool?: () => WorkerPool;
    hash: boolean;
    keep?: KeepPolicy;
    onProgress?: (bytes: number, done: boolean) => void;
  },
): Promise<ReadLayer> {
  const { pool, hash, keep, onProgress } = options;
  onProgress?.((await archive.size(member)) ?? 0, false);
  const range = pool && await archive.locate(member);
  const layer = range
    ? await readDecodedLayer(pool!().stream(range, { hash }), { keep })
    : await readInProcess(archive, member, { hash, keep });
  onProgress?.(layer.compressedSize, true);
  return layer;
}

async function readInProcess(
  archive: Archive,
  member: string,
  options: ReadLayerOptions,
): Promise<ReadLayer> {
  const blob = await archive.openBlob(member);
  try {
    return await readLayer(blob, options);
  } finally {
    blob.close?.();
  }
}

function verifyLayer(planned: PlannedLayer, layer: ReadLayer): void {
  if (planned.digest && planned.digest !== layer.digest) {
    throw new IntegrityError(
      `blob does not match its digest ${planned.digest} (got ${layer.digest})`,
    );
  }
  const size = planned.compressedSize;
  if (size !== undefined && size !== layer.compressedSize) {
    throw new IntegrityError(
      `blob size ${layer.compressedSize} does not match its descriptor size ${size}`,
    );
  }
  if (planned.diffId !== layer.diffId) {
    throw new IntegrityError(
      `layer content does not match diff_id ${planned.diffId} (got ${layer.diffId})`,
    );
  }
}

function toImage(opened: OpenedImage, layers: LoadedLayer[]): Image {
  const { plan } = opened;
  const createdBy = createdByPerLayer(plan.config, layers.length);
  return {
    source: opened.name,
    format: plan.format,
    transport: opened.transport ?? transportOf(plan.format),
    ...(opened.resolvedReference
      ? { resolvedReference: opened.resolvedReference }
      : {}),
    reference: plan.reference,
    manifestDigest: plan.manifestDigest,
    configDigest: plan.configDigest,
    platform: plan.platform,
    config: plan.config,
    layers: layers.map(({ layer, digest, compressedSize }, i) => ({
      index: i,
      digest,
      diffId: plan.layers[i].diffId,
      mediaType: plan.layers[i].mediaType,
      compressedSize,
      size: layer.size,
      createdBy: createdBy[i],
      entries: layer.entries,
    })),
    indexes: layers.map(({ layer }) => layer.index),
  };
}

/** The transport that names an archive of this layout. */
function transportOf(format: ImageFormat): ImageTransport {
  return format === "oci-layout"
    ? "oci"
    : format === "oci-archive"
    ? "oci-archive"
    : format === "registry"
    ? "docker"
    : "docker-archive";
}

/** Runs `fn` over items with at most `limit` at once, keeping order. */
async function mapConcurrent<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker),
  );
  return results;
}
