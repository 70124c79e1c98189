import assert from "@std/assert";
import { hash } from "node:crypto";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { defaultCacheDir, LayerCache } from "../../mod/cache/layer_cache.ts";
import { type ReadLayer, readLayer } from "../../mod/image/read_layer.ts";
import { KeepBudget, type KeepPolicy } from "../../mod/layer/keep_files.ts";
import { chunkSourceFromBytes } from "../../mod/tar/byte_reader.ts";
import { withTempDir } from "../conformance/temp_dir.ts";
import { buildTar, file } from "../fixtures/tar_builder.ts";

const keepEtc = (limit = 1024, budget = 1 << 20): KeepPolicy => ({
  limit: (path) => path.startsWith("/etc/") ? limit : 0,
  budget: new KeepBudget(budget),
});

async function layerOf(
  files: [string, string][],
  keep?: KeepPolicy,
): Promise<ReadLayer> {
  const blob = gzipSync(
    buildTar(files.map(([path, content]) => file(path, content))),
  );
  return await readLayer(chunkSourceFromBytes(blob), { keep });
}

const keyOf = (layer: ReadLayer) => ({
  diffId: layer.diffId!,
  blobDigest: layer.digest!,
});

Deno.test("LayerCache gives back what it stored, under its own key only", async () => {
  await withTempDir(async (dir) => {
    const cache = new LayerCache(join(dir, "cache"));
    const layer = await layerOf([["a", "1"], ["etc/x", "2"]]);
    assert.equal(await cache.get(keyOf(layer)), undefined);
    await cache.put(keyOf(layer), layer);
    assert.deepStrictEqual(await cache.get(keyOf(layer)), layer);
    assert.deepStrictEqual(
      await new LayerCache(join(dir, "cache")).get(keyOf(layer), {
        size: layer.compressedSize,
      }),
      layer,
    );
    // Another blob digest, another diffID, another blob size: misses.
    const other = await layerOf([["b", "1"]]);
    assert.equal(
      await cache.get({ ...keyOf(layer), blobDigest: other.digest! }),
      undefined,
    );
    assert.equal(
      await cache.get({ ...keyOf(layer), diffId: other.diffId! }),
      undefined,
    );
    assert.equal(
      await cache.get(keyOf(layer), { size: layer.compressedSize + 1 }),
      undefined,
    );
  });
});

Deno.test("LayerCache stores nothing for a layer read unhashed or under another key", async () => {
  await withTempDir(async (dir) => {
    const cache = new LayerCache(dir);
    const layer = await layerOf([["a", "1"]]);
    const unhashed = { ...layer, digest: undefined, diffId: undefined };
    await cache.put(keyOf(layer), unhashed);
    const other = await layerOf([["b", "2"]]);
    await cache.put(keyOf(layer), other);
    assert.equal((await cache.usage()).entries, 0);
  });
});

Deno.test("LayerCache fits a cached layer to the run's keep policy, or misses when it lacks what the run keeps", async () => {
  await withTempDir(async (dir) => {
    const cache = new LayerCache(dir);
    const files: [string, string][] = [
      ["etc/a.conf", "aaaa"],
      ["etc/b.conf", "bbbbbbbb"],
      ["usr/bin/x", "x"],
    ];
    const read = await layerOf(files, keepEtc());
    await cache.put(keyOf(read), read);

    // The same policy: what reading the blob again gives.
    assert.deepStrictEqual(
      await cache.get(keyOf(read), { keep: keepEtc() }),
      await layerOf(files, keepEtc()),
    );
    // A smaller limit: b.conf too large, as a fresh read says.
    assert.deepStrictEqual(
      await cache.get(keyOf(read), { keep: keepEtc(6) }),
      await layerOf(files, keepEtc(6)),
    );
    // No policy: nothing kept.
    assert.deepStrictEqual(
      await cache.get(keyOf(read)),
      await layerOf(files),
    );
    // A budget that runs out: the same reasons as a fresh read.
    assert.deepStrictEqual(
      await cache.get(keyOf(read), { keep: keepEtc(1024, 6) }),
      await layerOf(files, keepEtc(1024, 6)),
    );
    // A policy that keeps /usr too: the entry lacks it, so a miss.
    const wider: KeepPolicy = {
      limit: () => 1024,
      budget: new KeepBudget(1e6),
    };
    assert.equal(await cache.get(keyOf(read), { keep: wider }), undefined);
  });
});

Deno.test("LayerCache.prune() removes the least recently used entries first, and stale temp files", async () => {
  await withTempDir(async (dir) => {
    const cache = new LayerCache(dir);
    const layers: ReadLayer[] = [];
    for (let i = 0; i < 4; i++) {
      const layer = await layerOf([[`f${i}`, "x".repeat(100 * (i + 1))]]);
      await cache.put(keyOf(layer), layer);
      layers.push(layer);
    }
    // Used in the order 2, 0, 3, 1 (mtimes set apart, a second each).
    const order = [2, 0, 3, 1];
    assert.equal([...Deno.readDirSync(join(dir, "layers"))].length, 4);
    for (const [step, i] of order.entries()) {
      assert.ok(await cache.get(keyOf(layers[i])));
      const path = entryPath(dir, layers[i]);
      const when = new Date(1_700_000_000_000 + step * 1000);
      await Deno.utime(path, when, when);
    }
    const stale = join(dir, "layers", ".tmp-1-dead");
    await Deno.writeTextFile(stale, "half an entry");
    await Deno.utime(stale, new Date(0), new Date(0));
    const fresh = join(dir, "layers", ".tmp-2-live");
    await Deno.writeTextFile(fresh, "being written");

    const usage = await cache.usage();
    const sizes = await Promise.all(
      layers.map(async (l) => (await Deno.stat(entryPath(dir, l))).size),
    );
    assert.equal(usage.bytes, sizes.reduce((a, b) => a + b));
    // Room for the two most recently used (3 and 1) only.
    const result = await cache.prune(sizes[3] + sizes[1]);
    assert.equal(result.removed, 2);
    assert.equal(result.freed, sizes[2] + sizes[0]);
    assert.equal(result.entries, 2);
    for (const i of [2, 0]) {
      assert.equal(await cache.get(keyOf(layers[i])), undefined);
    }
    for (const i of [3, 1]) assert.ok(await cache.get(keyOf(layers[i])));
    await assert.rejects(() => Deno.stat(stale), Deno.errors.NotFound);
    await Deno.stat(fresh);
    assert.equal((await cache.prune(0)).entries, 0);
  });
});

/** The entry file of `layer`: named for its diffID and blob digest. */
function entryPath(dir: string, layer: ReadLayer): string {
  return join(
    dir,
    "layers",
    hash("sha256", `${layer.diffId}\n${layer.digest}`, "hex"),
  );
}

Deno.test("LayerCache warns once, and does not fail, when its directory cannot be written", async () => {
  await withTempDir(async (dir) => {
    const blocked = join(dir, "not-a-dir");
    await Deno.writeTextFile(blocked, "a file where the cache should be");
    const warnings: string[] = [];
    const cache = new LayerCache(blocked, {
      onWarning: (message) => warnings.push(message),
    });
    for (let i = 0; i < 3; i++) {
      const layer = await layerOf([[`f${i}`, "x"]]);
      await cache.put(keyOf(layer), layer);
      assert.equal(await cache.get(keyOf(layer)), undefined);
    }
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0],
      new RegExp(
        `^cache: cannot write to ${blocked}: .+; layers are not cached this run$`,
      ),
    );
  });
});

Deno.test("LayerCache.get() with read: false (--verify-all) misses what is there, and still writes", async () => {
  await withTempDir(async (dir) => {
    const layer = await layerOf([["a", "1"]]);
    const cache = new LayerCache(dir, { read: false });
    await cache.put(keyOf(layer), layer);
    assert.equal(await cache.get(keyOf(layer)), undefined);
    assert.deepStrictEqual(await new LayerCache(dir).get(keyOf(layer)), layer);
  });
});

Deno.test("defaultCacheDir() follows XDG_CACHE_HOME, then HOME", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.equal(
    defaultCacheDir(env({ XDG_CACHE_HOME: "/x", HOME: "/h" })),
    "/x/layerdiff",
  );
  assert.equal(defaultCacheDir(env({ HOME: "/h" })), "/h/.cache/layerdiff");
  assert.equal(defaultCacheDir(env({})), undefined);
});
