/**
 * The layer cache on disk: one file per layer, named for the layer's diffID
 * and blob digest, holding what reading the blob gave (`layer_cache_codec.ts`).
 * What it trusts is what a content store trusts: a blob named by a digest
 * has the content that digest was checked against when the entry was
 * written. Entries are written only from blobs whose digests were measured.
 *
 * Safe to share between runs at once: an entry is written to a temp file
 * and renamed into place, so a reader sees a whole entry or none; an entry
 * that is truncated, altered or of another format version decodes to
 * nothing and is read again and rewritten. A cache that cannot be read or
 * written is a warning, never a failed run.
 *
 * @module
 */

import { hash } from "node:crypto";
import { join } from "node:path";
import type { ReadLayer } from "../image/read_layer.ts";
import type { KeepPolicy } from "../layer/keep_files.ts";
import { fitKeepPolicy } from "./fit_keep_policy.ts";
import { decodeLayer, encodeLayer } from "./layer_cache_codec.ts";

/** The default bound of a cache: 1 GiB. */
export const DEFAULT_CACHE_MAX_BYTES = 2 ** 30;

/** Temp files older than this are left over from a run that died: removed by prune. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** What names a cached layer: its diffID and the digest of its blob as stored. */
export interface LayerKey {
  diffId: string;
  blobDigest: string;
}

/** How a cache behaves. */
export interface LayerCacheOptions {
  /** The bound pruning keeps the cache under (default 1 GiB). */
  maxBytes?: number;
  /** false (`--verify-all`): entries are written but never read. */
  read?: boolean;
  /** Told once per kind of problem (read-only directory, full disk, ...). */
  onWarning?: (message: string) => void;
}

/** What a cache holds. */
export interface CacheUsage {
  dir: string;
  entries: number;
  bytes: number;
}

/** What pruning did. */
export interface PruneResult extends CacheUsage {
  removed: number;
  freed: number;
}

/**
 * The cache directory for an environment: `$XDG_CACHE_HOME/layerdiff`, else
 * `$HOME/.cache/layerdiff`; undefined when neither is set.
 */
export function defaultCacheDir(
  env: (name: string) => string | undefined,
): string | undefined {
  const base = env("XDG_CACHE_HOME") ||
    (env("HOME") ? join(env("HOME")!, ".cache") : undefined);
  return base ? join(base, "layerdiff") : undefined;
}

/** A layer cache in `dir` (created on the first write). */
export class LayerCache {
  /** The cache directory. */
  readonly dir: string;
  readonly #layers: string;
  readonly #maxBytes: number;
  readonly #read: boolean;
  readonly #onWarning?: (message: string) => void;
  #writable = true;
  #wrote = false;
  readonly #warned = new Set<string>();

  constructor(dir: string, options: LayerCacheOptions = {}) {
    this.dir = dir;
    this.#layers = join(dir, "layers");
    this.#maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
    this.#read = options.read ?? true;
    this.#onWarning = options.onWarning;
  }

  /**
   * The cached layer as this run's keep policy would read it, or undefined:
   * not cached, unreadable, corrupt, of another format, for a blob of
   * another `size` (when known), or lacking files the policy keeps.
   */
  async get(
    key: LayerKey,
    options: { keep?: KeepPolicy; size?: number } = {},
  ): Promise<ReadLayer | undefined> {
    if (!this.#read) return undefined;
    const path = this.#pathOf(key);
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(path);
    } catch (error) {
      if (
        !(error instanceof Deno.errors.NotFound ||
          error instanceof Deno.errors.NotADirectory)
      ) {
        this.#warn("read", `cannot read ${path}: ${messageOf(error)}`);
      }
      return undefined;
    }
    const layer = decodeLayer(bytes);
    if (
      !layer || layer.diffId !== key.diffId ||
      layer.digest !== key.blobDigest ||
      (options.size !== undefined && options.size !== layer.compressedSize)
    ) {
      return undefined;
    }
    const fitted = fitKeepPolicy(layer, options.keep);
    if (fitted) {
      // Least recently used goes first: a hit is a use.
      const now = new Date();
      await Deno.utime(path, now, now).catch(() => {});
    }
    return fitted;
  }

  /**
   * Stores a layer read from the blob `key` names; a layer whose measured
   * digests are not the key's is not stored. Failures are warnings, and
   * after one the cache takes no more writes this run.
   */
  async put(key: LayerKey, layer: ReadLayer): Promise<void> {
    if (!this.#writable) return;
    if (layer.diffId !== key.diffId || layer.digest !== key.blobDigest) return;
    const path = this.#pathOf(key);
    const temp = join(
      this.#layers,
      `.tmp-${Deno.pid}-${crypto.randomUUID()}`,
    );
    try {
      await Deno.mkdir(this.#layers, { recursive: true });
      await Deno.writeFile(temp, encodeLayer(layer));
      await Deno.rename(temp, path);
      this.#wrote = true;
    } catch (error) {
      this.#writable = false;
      await Deno.remove(temp).catch(() => {});
      // `deno run` without --allow-write: the user chose no writes.
      if (error instanceof Deno.errors.NotCapable) return;
      this.#warn(
        "write",
        `cannot write to ${this.dir}: ${
          messageOf(error)
        }; layers are not cached this run`,
      );
    }
  }

  /** Prunes to the cache's bound when this run wrote anything. */
  async bound(): Promise<void> {
    if (!this.#wrote) return;
    this.#wrote = false;
    try {
      await this.prune(this.#maxBytes);
    } catch (error) {
      this.#warn("prune", `cannot prune ${this.dir}: ${messageOf(error)}`);
    }
  }

  /** Entries and bytes in the cache. */
  async usage(): Promise<CacheUsage> {
    const entries = await this.#list();
    return {
      dir: this.dir,
      entries: entries.length,
      bytes: entries.reduce((sum, entry) => sum + entry.size, 0),
    };
  }

  /**
   * Removes the least recently used entries until the cache holds at most
   * `maxBytes`, and temp files a dead run left behind.
   */
  async prune(maxBytes: number): Promise<PruneResult> {
    const entries = await this.#list({ removeStale: true });
    entries.sort((a, b) => a.used - b.used || a.name.localeCompare(b.name));
    let bytes = entries.reduce((sum, entry) => sum + entry.size, 0);
    let removed = 0, freed = 0;
    for (const entry of entries) {
      if (bytes <= maxBytes) break;
      try {
        await Deno.remove(join(this.#layers, entry.name));
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
      bytes -= entry.size;
      freed += entry.size;
      removed++;
    }
    return {
      dir: this.dir,
      entries: entries.length - removed,
      bytes,
      removed,
      freed,
    };
  }

  #pathOf(key: LayerKey): string {
    return join(
      this.#layers,
      hash("sha256", `${key.diffId}\n${key.blobDigest}`, "hex"),
    );
  }

  async #list(
    options: { removeStale?: boolean } = {},
  ): Promise<{ name: string; size: number; used: number }[]> {
    const entries: { name: string; size: number; used: number }[] = [];
    try {
      for await (const item of Deno.readDir(this.#layers)) {
        if (!item.isFile) continue;
        let info: Deno.FileInfo;
        try {
          info = await Deno.lstat(join(this.#layers, item.name));
        } catch (error) {
          if (error instanceof Deno.errors.NotFound) continue;
          throw error;
        }
        const used = info.mtime?.getTime() ?? 0;
        if (item.name.startsWith(".tmp-")) {
          if (options.removeStale && Date.now() - used > STALE_TEMP_MS) {
            await Deno.remove(join(this.#layers, item.name)).catch(() => {});
          }
          continue;
        }
        if (/^[0-9a-f]{64}$/.test(item.name)) {
          entries.push({ name: item.name, size: info.size, used });
        }
      }
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return [];
      throw error;
    }
    return entries;
  }

  #warn(kind: string, message: string): void {
    if (this.#warned.has(kind)) return;
    this.#warned.add(kind);
    this.#onWarning?.(`cache: ${message}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
