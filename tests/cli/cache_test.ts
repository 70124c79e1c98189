/**
 * The layer cache from the command line: a cached run prints what an
 * uncached one prints, byte for byte, whatever state the cache is in
 * (cold, warm, each entry corrupted in turn, written by two runs at once, on
 * a full disk), and a warm run reads no layer blob.
 */
import assert from "@std/assert";
import { join } from "node:path";
import { LayerCache } from "../../mod/cache/layer_cache.ts";
import { hash } from "node:crypto";
import { decodeLayer, encodeLayer } from "../../mod/cache/layer_cache_codec.ts";
import { openImages } from "../../mod/image/open_images.ts";
import { withTempDir } from "../conformance/temp_dir.ts";
import { layerdiff } from "../fixtures/cli_run.ts";
import { file } from "../fixtures/sample_images.ts";

const testdata = new URL("../../testdata/", import.meta.url).pathname;
const A = join(testdata, "app-v1.tar");
const B = join(testdata, "app-v2.tar");
const B_OCI = join(testdata, "app-v2.oci.tar");

/** Commands whose output must not depend on the cache. */
const COMMANDS: string[][] = [
  [A, B, "--format", "json"],
  [A, B_OCI, "--format", "json", "--content", "/etc/**"],
  [A, B, "--section", "packages"],
  ["inspect", B_OCI, "--format", "json"],
];

async function entries(cacheDir: string): Promise<Map<string, Uint8Array>> {
  const found = new Map<string, Uint8Array>();
  for await (const item of Deno.readDir(join(cacheDir, "layers"))) {
    found.set(
      item.name,
      await Deno.readFile(join(cacheDir, "layers", item.name)),
    );
  }
  return found;
}

async function uncached(args: string[]): Promise<string> {
  const { code, stdout, stderr } = await layerdiff([...args, "--no-cache"]);
  assert.equal(code, 0, stderr);
  return stdout;
}

async function cached(args: string[], cacheDir: string): Promise<string> {
  const { code, stdout, stderr } = await layerdiff([
    ...args,
    "--cache-dir",
    cacheDir,
  ]);
  assert.equal(code, 0, stderr);
  assert.equal(stderr, "");
  return stdout;
}

Deno.test("a cold and a warm cached run print byte for byte what an uncached run prints", async () => {
  await withTempDir(async (cacheDir) => {
    for (const args of COMMANDS) {
      const expected = await uncached(args);
      assert.equal(await cached(args, cacheDir), expected, "cold");
      assert.equal(await cached(args, cacheDir), expected, "warm");
    }
    assert.ok((await entries(cacheDir)).size >= 4);
  });
});

Deno.test("a warm run reads no layer blob; the first run read each distinct layer once", async () => {
  await withTempDir(async (cacheDir) => {
    const reads = async () => {
      let started = 0;
      await openImages(A, B, {
        layerCache: new LayerCache(cacheDir),
        onProgress: (progress) => void (started += progress.done ? 0 : 1),
      });
      return started;
    };
    const [a, b] = await openImages(A, B);
    const distinct = new Set([...a.layers, ...b.layers].map((l) => l.diffId));
    assert.equal(await reads(), distinct.size);
    assert.equal(await reads(), 0);
  });
});

Deno.test("every cache entry truncated, altered or of another version in turn: output unchanged, the entry rewritten", async () => {
  await withTempDir(async (cacheDir) => {
    const args = COMMANDS[0];
    const expected = await cached(args, cacheDir);
    const intact = await entries(cacheDir);
    const damages: [string, (bytes: Uint8Array) => Uint8Array][] = [
      ["truncated", (bytes) => bytes.subarray(0, bytes.length >> 1)],
      ["empty", () => new Uint8Array()],
      ["a byte flipped", (bytes) => {
        const copy = bytes.slice();
        copy[copy.length >> 1] ^= 0x40;
        return copy;
      }],
      ["another format version", (bytes) => {
        const copy = bytes.slice();
        copy[4] += 1;
        return copy;
      }],
    ];
    for (const [name, bytes] of intact) {
      for (const [damage, apply] of damages) {
        const path = join(cacheDir, "layers", name);
        await Deno.writeFile(path, apply(bytes));
        assert.equal(await cached(args, cacheDir), expected, damage);
        assert.deepEqual(
          await Deno.readFile(path),
          bytes,
          `${damage}: rewritten`,
        );
      }
    }
  });
});

Deno.test("a forged entry is believed (the digest is trusted, as a content store trusts it) unless --verify-all reads the layers again", async () => {
  await withTempDir(async (cacheDir) => {
    const args = [A, B, "--format", "json"];
    const expected = await cached(args, cacheDir);
    // B's top layer, as the cache holds it, with a file it does not have.
    const [, b] = await openImages(A, B);
    const top = b.layers.at(-1)!;
    const path = join(
      cacheDir,
      "layers",
      hash("sha256", `${top.diffId}\n${top.digest}`, "hex"),
    );
    const layer = decodeLayer(await Deno.readFile(path))!;
    layer.index.entries.set("/forged", file("/forged"));
    await Deno.writeFile(path, encodeLayer(layer));

    const forged = JSON.parse(await cached(args, cacheDir));
    assert.ok(
      forged.changes.some((change: { path: string }) =>
        change.path === "/forged"
      ),
    );
    assert.equal(await cached([...args, "--verify-all"], cacheDir), expected);
    // --verify-all rewrote the entry from the blob: trusted again.
    assert.equal(await cached(args, cacheDir), expected);
  });
});

Deno.test("--no-cache neither reads nor writes the cache", async () => {
  await withTempDir(async (cacheDir) => {
    const { code } = await layerdiff([
      A,
      B,
      "--no-cache",
      "--cache-dir",
      cacheDir,
    ]);
    assert.equal(code, 0);
    await assert.rejects(
      () => Deno.stat(join(cacheDir, "layers")),
      Deno.errors.NotFound,
    );
  });
});

Deno.test("two runs at once on one cold cache both print the uncached output and leave intact entries", async () => {
  await withTempDir(async (cacheDir) => {
    const args = [A, B_OCI, "--format", "json"];
    const expected = await uncached(args);
    const main = new URL("../../main.ts", import.meta.url).pathname;
    const runs = await Promise.all(
      [0, 1].map(() =>
        new Deno.Command(Deno.execPath(), {
          args: ["run", "-A", main, ...args, "--cache-dir", cacheDir],
          stdout: "piped",
          stderr: "piped",
        }).output()
      ),
    );
    const decoder = new TextDecoder();
    for (const run of runs) {
      assert.equal(run.code, 0, decoder.decode(run.stderr));
      assert.equal(decoder.decode(run.stdout), expected);
    }
    const { decodeLayer } = await import(
      "../../mod/cache/layer_cache_codec.ts"
    );
    for (const [name, bytes] of await entries(cacheDir)) {
      assert.ok(!name.startsWith(".tmp-"), `temp file ${name} left behind`);
      assert.ok(decodeLayer(bytes), `${name} decodes`);
    }
    assert.equal(await cached(args, cacheDir), expected);
  });
});

/** Runs `fn` on a fresh 16 KiB tmpfs, unmounted and removed afterwards. */
async function withTmpfs(fn: (dir: string) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const mount = await new Deno.Command("mount", {
      args: ["-t", "tmpfs", "-o", "size=16k", "tmpfs", dir],
      stderr: "piped",
    }).output();
    if (!mount.success) {
      throw new Error(new TextDecoder().decode(mount.stderr).trim());
    }
    try {
      await fn(dir);
    } finally {
      await new Deno.Command("umount", { args: [dir] }).output();
    }
  });
}

const tmpfsSkip = Deno.uid() !== 0
  ? "mounting a tmpfs needs root"
  : await withTmpfs(async () => {}).then(
    () => undefined,
    (error) => `cannot mount a tmpfs here: ${error.message}`,
  );
if (tmpfsSkip) console.log(`SKIPPING the full-disk cache test: ${tmpfsSkip}`);

Deno.test({
  name:
    "a cache on a full disk is one warning on stderr; the output is the uncached one and no temp file is left",
  ignore: tmpfsSkip !== undefined,
  fn: async () => {
    await withTmpfs(async (dir) => {
      // Fill the disk but for a few bytes.
      const filler = join(dir, "filler");
      await Deno.writeFile(filler, new Uint8Array(12 << 10));
      const args = [A, B, "--format", "json"];
      const { code, stdout, stderr } = await layerdiff([
        ...args,
        "--cache-dir",
        dir,
      ]);
      assert.equal(code, 0);
      assert.equal(stdout, await uncached(args));
      assert.match(
        stderr,
        /^layerdiff: warning: cache: cannot write to .+: .*No space left on device.*; layers are not cached this run\n$/,
      );
      for await (const item of Deno.readDir(join(dir, "layers"))) {
        assert.ok(!item.name.startsWith(".tmp-"), item.name);
      }
    });
  },
});

Deno.test("cache info shows what the cache holds; cache prune bounds it", async () => {
  await withTempDir(async (cacheDir) => {
    await cached([A, B], cacheDir);
    const held = await entries(cacheDir);
    const bytes = [...held.values()].reduce((sum, b) => sum + b.length, 0);
    const info = await layerdiff(["cache", "info", "--cache-dir", cacheDir]);
    assert.equal(info.code, 0);
    assert.match(
      info.stdout,
      new RegExp(
        `^cache: ${cacheDir}\nlayers: ${held.size}\nsize: .+ \\(${bytes} bytes\\)\n$`,
      ),
    );
    const pruned = await layerdiff([
      "cache",
      "prune",
      "--max-size",
      "0",
      "--cache-dir",
      cacheDir,
    ]);
    assert.equal(pruned.code, 0);
    assert.match(
      pruned.stdout,
      new RegExp(`^removed ${held.size} layers .+; 0 left`),
    );
    assert.equal((await entries(cacheDir)).size, 0);
    const usage = await layerdiff(["cache", "prune", "--max-size", "lots"]);
    assert.equal(usage.code, 2);
    const nowhere = await layerdiff(["cache", "info"]);
    assert.equal(nowhere.code, 2);
    assert.match(nowhere.stderr, /neither XDG_CACHE_HOME nor HOME is set/);
  });
});

Deno.test("a run reads layers into the cache found by XDG_CACHE_HOME", async () => {
  await withTempDir(async (base) => {
    const { code } = await layerdiff([A, B], {
      env: (name) => name === "XDG_CACHE_HOME" ? base : undefined,
    });
    assert.equal(code, 0);
    assert.ok((await entries(join(base, "layerdiff"))).size > 0);
  });
});
