/**
 * layerdiff against a real registry (Debian's docker-registry) that the
 * tests start on 127.0.0.1, with images pushed by skopeo: every diff read
 * from the registry must equal the diff of the same images read from the
 * OCI layout they were pushed from; faults injected by a proxy give the
 * same diff or exit 2, never a hang.
 */
import assert from "@std/assert";
import { withTempDir } from "../../conformance/temp_dir.ts";
import { layerdiff } from "../../fixtures/cli_run.ts";
import { type Faults, startFaultProxy } from "../../fixtures/fault_proxy.ts";
import { startRegistry } from "../../fixtures/registry_server.ts";
import {
  BIG_TAGS,
  buildRegistryImages,
  comparable,
  layoutDiff,
  PAIR_TAGS,
  registryTestsSkipReason,
  testEnv,
} from "./registry_images.ts";

const skipReason = await registryTestsSkipReason();
if (skipReason) console.log(`SKIPPING registry tests: ${skipReason}`);
const ignore = skipReason !== undefined;

/** Fails the test if `run` takes longer than `ms` (a hang is a failure, not a timeout of the suite). */
async function within<T>(ms: number, run: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([run, limit]);
  } finally {
    clearTimeout(timer);
  }
}

Deno.test({
  name: "layerdiff reads images from a registry as it reads them from archives",
  ignore,
  fn: async (t) => {
    await withTempDir(async (dir) => {
      const layout = await buildRegistryImages(dir);
      const registry = await startRegistry();
      const env = testEnv({ HOME: dir });
      try {
        for (const tag of [...PAIR_TAGS, ...BIG_TAGS]) {
          await registry.push(`oci:${layout}:${tag}`, `acme/app:${tag}`);
        }
        const ref = (tag: string, host = registry.host) =>
          `docker://${host}/acme/app:${tag}`;
        const fromLayout = await layoutDiff(layout, PAIR_TAGS);
        const bigFromLayout = await layoutDiff(layout, BIG_TAGS);

        await t.step(
          "the JSON diff equals the diff of the archives",
          async () => {
            const outcome = await layerdiff(
              [ref(PAIR_TAGS[0]), ref(PAIR_TAGS[1]), "--json"],
              { env },
            );
            assert.deepEqual(comparable(outcome), fromLayout);
            const json = JSON.parse(outcome.stdout);
            assert.equal(json.images.a.transport, "docker");
            assert.equal(json.images.a.format, "registry");
            assert.equal(json.images.a.source, ref(PAIR_TAGS[0]));
            assert.equal(
              json.images.b.resolvedReference,
              `docker://${registry.host}/acme/app@${json.images.b.manifestDigest}`,
            );
          },
        );

        await t.step("a resolved reference pins the same image", async () => {
          const first = JSON.parse(
            (await layerdiff([ref(PAIR_TAGS[0]), ref(PAIR_TAGS[1]), "--json"], {
              env,
            })).stdout,
          );
          const pinned = await layerdiff([
            first.images.a.resolvedReference,
            first.images.b.resolvedReference,
            "--json",
          ], { env });
          assert.deepEqual(comparable(pinned), fromLayout);
        });

        await t.step("a registry image diffs against an archive", async () => {
          const outcome = await layerdiff(
            [`oci:${layout}:${PAIR_TAGS[0]}`, ref(PAIR_TAGS[1]), "--json"],
            { env },
          );
          assert.deepEqual(comparable(outcome), fromLayout);
        });

        await t.step("inspect reads a registry image", async () => {
          const outcome = await layerdiff(
            ["inspect", ref(BIG_TAGS[0]), "--json"],
            { env },
          );
          assert.equal(outcome.code, 0, outcome.stderr);
          const json = JSON.parse(outcome.stdout);
          assert.equal(json.image.transport, "docker");
          assert.equal(json.image.layers.length, 2);
        });

        await t.step(
          "no such tag, repository or digest: exit 2 and one plain line",
          async () => {
            const cases: [string, RegExp][] = [
              [
                ref("nope"),
                /tag nope: no such tag in acme\/app on 127\.0\.0\.1:\d+$/m,
              ],
              [
                `docker://${registry.host}/acme/nothing:v1`,
                /no such repository acme\/nothing on 127\.0\.0\.1:\d+/,
              ],
              [
                `docker://${registry.host}/acme/app@sha256:${"0".repeat(64)}`,
                /manifest sha256:0{64}: no such manifest in acme\/app/,
              ],
            ];
            for (const [missing, message] of cases) {
              const outcome = await layerdiff([missing, ref(PAIR_TAGS[0])], {
                env,
              });
              assert.equal(outcome.code, 2);
              assert.equal(outcome.stdout, "");
              assert.match(outcome.stderr, message);
              assert.equal(outcome.stderr.trim().split("\n").length, 1);
              assert.ok(outcome.stderr.includes(missing), outcome.stderr);
            }
          },
        );

        await t.step("a layer both images use is downloaded once", async () => {
          const proxy = startFaultProxy(registry.host);
          try {
            const outcome = await layerdiff([
              ref(BIG_TAGS[0], proxy.host),
              ref(BIG_TAGS[1], proxy.host),
              "--json",
              "--no-cache",
            ], { env });
            assert.deepEqual(comparable(outcome), bigFromLayout);
            const json = JSON.parse(outcome.stdout);
            const base = json.images.a.layers[0];
            assert.equal(base.digest, json.images.b.layers[0].digest);
            assert.ok(
              base.compressedSize > 1_000_000,
              `a large base layer: ${base.compressedSize}`,
            );
            assert.equal(proxy.blobRequests.get(base.digest), 1);
            assert.equal(proxy.served.get(base.digest), base.compressedSize);
            const total = [...proxy.served.values()].reduce((a, b) => a + b);
            const layers = json.images.a.compressedSize +
              json.images.b.compressedSize - base.compressedSize;
            assert.ok(
              total < layers + 10_000,
              `${total} bytes served for ${layers} bytes of distinct layers`,
            );
          } finally {
            await proxy.stop();
          }
        });

        /**
         * The diff of `tags` through a fresh fault proxy; uncached unless
         * `cacheDir` is given.
         */
        const viaProxy = async (
          faults: Faults,
          options: {
            extra?: string[];
            cacheDir?: string;
            tags?: readonly string[];
          } = {},
        ) => {
          const { extra = [], cacheDir, tags = BIG_TAGS } = options;
          const proxy = startFaultProxy(registry.host);
          Object.assign(proxy.faults, faults);
          try {
            const outcome = await within(
              30_000,
              layerdiff([
                ref(tags[0], proxy.host),
                ref(tags[1], proxy.host),
                "--json",
                ...(cacheDir ? ["--cache-dir", cacheDir] : ["--no-cache"]),
                ...extra,
              ], { env }),
            );
            return { outcome, proxy };
          } finally {
            await proxy.stop();
          }
        };

        await t.step(
          "with the layer cache, a second run downloads no layer, and a new image only its own layers",
          async () => {
            const cacheDir = `${dir}/layer-cache`;
            const run = async (tags: readonly string[]) => {
              const { outcome, proxy } = await viaProxy({}, { cacheDir, tags });
              return { outcome, served: proxy.served };
            };
            const first = await run(BIG_TAGS);
            assert.deepEqual(comparable(first.outcome), bigFromLayout);
            const json = JSON.parse(first.outcome.stdout);
            const layerDigests = new Set(
              [...json.images.a.layers, ...json.images.b.layers].map((
                layer: { digest: string },
              ) => layer.digest),
            );
            for (const digest of layerDigests) {
              assert.ok(first.served.get(digest)! > 0, `${digest} downloaded`);
            }
            const second = await run(BIG_TAGS);
            assert.deepEqual(comparable(second.outcome), bigFromLayout);
            for (const digest of layerDigests) {
              assert.equal(second.served.get(digest), undefined, digest);
            }
            // The small pair: layers the big pair did not have are downloaded, no others.
            const small = await run(PAIR_TAGS);
            assert.deepEqual(comparable(small.outcome), fromLayout);
            for (const digest of small.served.keys()) {
              assert.ok(
                !layerDigests.has(digest),
                `${digest} downloaded again`,
              );
            }
          },
        );

        await t.step("two 500s in a row are retried", async () => {
          const { outcome } = await viaProxy({ fail5xx: 2 });
          assert.deepEqual(comparable(outcome), bigFromLayout);
        });

        await t.step("a reset mid-body resumes with Range", async () => {
          const { outcome, proxy } = await viaProxy({
            resets: 1,
            cutAfter: 200_000,
          });
          assert.deepEqual(comparable(outcome), bigFromLayout);
          assert.ok(
            proxy.ranges.some((range) => {
              const from = Number(/^bytes=(\d+)-$/.exec(range)?.[1]);
              return from > 0 && from <= 200_000;
            }),
            `ranges asked: ${proxy.ranges}`,
          );
        });

        await t.step(
          "a reset mid-body restarts the blob when Range is not served",
          async () => {
            const { outcome, proxy } = await viaProxy({
              resets: 2,
              cutAfter: 300_000,
              noRange: true,
            });
            assert.deepEqual(comparable(outcome), bigFromLayout);
            assert.ok(proxy.ranges.length > 0, "a resume was tried");
          },
        );

        await t.step(
          "a blob that keeps failing is exit 2 naming the blob",
          async () => {
            const { outcome } = await viaProxy({
              resets: 100,
              cutAfter: 100_000,
            });
            assert.equal(outcome.code, 2);
            assert.equal(outcome.stdout, "");
            assert.match(
              outcome.stderr,
              /^layerdiff: docker:\/\/127\.0\.0\.1:\d+\/acme\/app:big-v\d: .*blob sha256:[0-9a-f]{12}/,
            );
            assert.equal(outcome.stderr.trim().split("\n").length, 1);
          },
        );

        await t.step("a stalled body times out: exit 2, no hang", async () => {
          const { outcome } = await viaProxy(
            { stall: true, cutAfter: 100_000 },
            { extra: ["--timeout", "1"] },
          );
          assert.equal(outcome.code, 2);
          assert.equal(outcome.stdout, "");
          assert.match(
            outcome.stderr,
            /transfer broke at byte \d+ of \d+, 3 times resumed: timed out: no data for 1 s$/m,
          );
        });

        await t.step(
          "a corrupted layer blob is exit 2: it does not match its digest",
          async () => {
            const { outcome } = await viaProxy({
              corruptBlobs: true,
              minBlobSize: 100_000,
            });
            assert.equal(outcome.code, 2);
            assert.equal(outcome.stdout, "");
            assert.match(
              outcome.stderr,
              /layer 0 \(sha256:[0-9a-f]{12}\): .*(does not match|corrupt gzip)/,
            );
          },
        );

        await t.step(
          "a manifest that does not match its digest is exit 2",
          async () => {
            const { outcome } = await viaProxy({ tamperManifests: true });
            assert.equal(outcome.code, 2);
            assert.equal(outcome.stdout, "");
            assert.match(
              outcome.stderr,
              /manifest does not match its digest sha256:[0-9a-f]{64} \(got sha256:[0-9a-f]{64}\)\n$/,
            );
          },
        );

        await t.step(
          "500s that never end are exit 2 with the status",
          async () => {
            const { outcome } = await viaProxy({ fail5xx: 1000 });
            assert.equal(outcome.code, 2);
            assert.match(outcome.stderr, /HTTP 500 after \d attempts/);
          },
        );
      } finally {
        await registry.stop();
      }
    });
  },
});
