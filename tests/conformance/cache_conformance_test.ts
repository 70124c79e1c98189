/**
 * The layer cache changes nothing the user sees: for every conformance image
 * (built by umoci, converted by skopeo) in every archive form, and for the
 * conformance pair across forms, the JSON of a cold and a warm cached run
 * is byte-identical to the uncached one, and so is a run after every cache
 * entry was damaged.
 */
import assert from "@std/assert";
import { join } from "node:path";
import { layerdiff } from "../fixtures/cli_run.ts";
import { CASES, DIFF_PAIR } from "./cases.ts";
import { withTempDir } from "./temp_dir.ts";
import {
  buildImage,
  conformanceSkipReason,
  exportImage,
  IMAGE_FORMS,
} from "./umoci_image.ts";

const skipReason = await conformanceSkipReason();
if (skipReason) {
  console.log(`SKIPPING cache conformance tests: ${skipReason}`);
}

/** The three runs' outputs are the uncached output; the cache in `cacheDir` is then damaged and read again. */
async function assertCacheInvisible(
  args: string[],
  cacheDir: string,
): Promise<void> {
  const run = async (extra: string[]) => {
    const { code, stdout, stderr } = await layerdiff([...args, ...extra]);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, "");
    return stdout;
  };
  const expected = await run(["--no-cache"]);
  assert.equal(await run(["--cache-dir", cacheDir]), expected, "cold");
  assert.equal(await run(["--cache-dir", cacheDir]), expected, "warm");
  const layers = join(cacheDir, "layers");
  for await (const entry of Deno.readDir(layers)) {
    const path = join(layers, entry.name);
    const bytes = await Deno.readFile(path);
    bytes[bytes.length - 40] ^= 0xff;
    await Deno.writeFile(path, bytes);
  }
  assert.equal(await run(["--cache-dir", cacheDir]), expected, "damaged");
}

Deno.test({
  name:
    "inspect --json with the layer cache, cold, warm and damaged, equals the uncached run for every conformance image and form",
  ignore: skipReason !== undefined,
  fn: async (t) => {
    await withTempDir(async (dir) => {
      for (const spec of CASES) {
        const image = await buildImage(join(dir, `${spec.tag}.oci`), spec);
        for (const form of IMAGE_FORMS) {
          await t.step(`${spec.tag}, ${form}`, async () => {
            const path = await exportImage(image, form, { dir });
            await assertCacheInvisible(
              ["inspect", path, "--format", "json"],
              join(dir, `cache-${spec.tag}-${form}`),
            );
          });
        }
      }
    });
  },
});

Deno.test({
  name:
    "diff --json with the layer cache equals the uncached diff of the conformance pair, one cache shared by every pair of forms",
  ignore: skipReason !== undefined,
  fn: async () => {
    await withTempDir(async (dir) => {
      const [a, b] = await Promise.all(
        DIFF_PAIR.map((spec) =>
          buildImage(join(dir, spec.tag, `${spec.tag}.oci`), spec)
        ),
      );
      const cacheDir = join(dir, "cache");
      for (const formA of IMAGE_FORMS) {
        for (const formB of IMAGE_FORMS) {
          const pathA = await exportImage(a, formA, { dir: join(dir, a.tag) });
          const pathB = await exportImage(b, formB, { dir: join(dir, b.tag) });
          await assertCacheInvisible(
            [pathA, pathB, "--format", "json", "--mtime"],
            cacheDir,
          );
        }
      }
    });
  },
});
