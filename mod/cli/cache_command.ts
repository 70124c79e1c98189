import { defaultCacheDir, LayerCache } from "../cache/layer_cache.ts";
import { UsageError } from "../errors.ts";
import { escapeForTerminal, formatBytes } from "../render/format.ts";
import { plural } from "../render/format_report.ts";
import type { CacheArgs } from "./cache_args.ts";
import type { CliIo } from "./cli_io.ts";
import { writeThen } from "./write_chunks.ts";

/**
 * Runs `layerdiff cache info` (where the cache is, what it holds) or
 * `layerdiff cache prune` (least recently used layers removed until it
 * fits `--max-size`).
 */
export async function runCache(args: CacheArgs, io: CliIo): Promise<number> {
  const dir = args.dir ?? defaultCacheDir(io.env);
  if (!dir) {
    throw new UsageError(
      "no cache directory: neither XDG_CACHE_HOME nor HOME is set; give --cache-dir",
    );
  }
  const cache = new LayerCache(dir);
  const shown = escapeForTerminal(dir);
  if (args.action === "info") {
    const usage = await cache.usage();
    return await writeThen(
      0,
      () =>
        io.stdout(
          `cache: ${shown}\n` +
            `layers: ${usage.entries}\n` +
            `size: ${formatBytes(usage.bytes)} (${usage.bytes} bytes)\n`,
        ),
    );
  }
  const pruned = await cache.prune(args.maxBytes);
  return await writeThen(
    0,
    () =>
      io.stdout(
        `removed ${plural(pruned.removed, "layer")} (${
          formatBytes(pruned.freed)
        }); ${pruned.entries} left (${
          formatBytes(pruned.bytes)
        }) in ${shown}\n`,
      ),
  );
}
