/**
 * Registry authentication against the real registry: htpasswd Basic auth,
 * the bearer token flow with a token server the test starts, blobs
 * redirected to another host, and HTTPS with a custom CA. Secrets must never
 * appear in any output, `--debug` included.
 */
import assert from "@std/assert";
import { Buffer } from "node:buffer";
import { join } from "node:path";
import { withTempDir } from "../../conformance/temp_dir.ts";
import { layerdiff, type Outcome } from "../../fixtures/cli_run.ts";
import { startFaultProxy } from "../../fixtures/fault_proxy.ts";
import { startRegistry } from "../../fixtures/registry_server.ts";
import { startTokenServer } from "../../fixtures/token_server.ts";
import {
  buildRegistryImages,
  comparable,
  PAIR_TAGS,
  pushPair,
  registryTestsSkipReason,
  testEnv,
} from "./registry_images.ts";

const skipReason = await registryTestsSkipReason();
if (skipReason) console.log(`SKIPPING registry auth tests: ${skipReason}`);
const ignore = skipReason !== undefined;

const USER = "ci-bot";
const PASSWORD = "s3cret-Pa55-word-7f1c";
const IDENTITY_TOKEN = "refresh-9d2e6b1f-identity";

/** Writes a Docker config.json with `auths` for `host`; returns its directory. */
async function dockerConfig(
  dir: string,
  host: string,
  entry: Record<string, string>,
): Promise<string> {
  const configDir = join(dir, `docker-config-${crypto.randomUUID()}`);
  await Deno.mkdir(configDir);
  await Deno.writeTextFile(
    join(configDir, "config.json"),
    JSON.stringify({ auths: { [host]: entry } }),
  );
  return configDir;
}

const basicAuth = (user: string, password: string) => ({
  auth: Buffer.from(`${user}:${password}`).toString("base64"),
});

/** Asserts no secret (or its base64) is anywhere in what layerdiff printed. */
function assertNoSecrets(outcome: Outcome, secrets: string[]) {
  const printed = outcome.stdout + outcome.stderr;
  for (const secret of secrets) {
    for (
      const form of [secret, Buffer.from(secret).toString("base64")]
    ) {
      assert.ok(!printed.includes(form), `output holds a secret: ${form}`);
    }
  }
  assert.ok(!/Bearer |Basic [A-Za-z0-9+/=]{8}/.test(printed), printed);
  assert.ok(!/eyJ[A-Za-z0-9_-]{10,}/.test(printed), "a JWT was printed");
}

Deno.test({
  name: "layerdiff logs in to a registry with htpasswd Basic auth",
  ignore,
  fn: async (t) => {
    await withTempDir(async (dir) => {
      const layout = await buildRegistryImages(dir);
      const registry = await startRegistry({
        auth: { kind: "htpasswd", username: USER, password: PASSWORD },
      });
      try {
        const expected = await pushPair(
          registry,
          layout,
          `${USER}:${PASSWORD}`,
        );
        const args = (host = registry.host) => [
          `docker://${host}/acme/app:${PAIR_TAGS[0]}`,
          `docker://${host}/acme/app:${PAIR_TAGS[1]}`,
          "--json",
          "--debug",
        ];

        await t.step("with a Docker config.json auth entry", async () => {
          const config = await dockerConfig(
            dir,
            registry.host,
            basicAuth(USER, PASSWORD),
          );
          const outcome = await layerdiff(args(), {
            env: testEnv({ HOME: dir, DOCKER_CONFIG: config }),
          });
          assert.deepEqual(comparable(outcome), expected);
          assertNoSecrets(outcome, [PASSWORD]);
        });

        await t.step(
          "with REGISTRY_AUTH_FILE (skopeo's auth.json)",
          async () => {
            const file = join(dir, "auth.json");
            await Deno.writeTextFile(
              file,
              JSON.stringify({
                auths: { [registry.host]: basicAuth(USER, PASSWORD) },
              }),
            );
            const outcome = await layerdiff(args(), {
              env: testEnv({ HOME: dir, REGISTRY_AUTH_FILE: file }),
            });
            assert.deepEqual(comparable(outcome), expected);
          },
        );

        await t.step("without credentials: not logged in, exit 2", async () => {
          const outcome = await layerdiff(args(), {
            env: testEnv({ HOME: dir }),
          });
          assert.equal(outcome.code, 2);
          assert.equal(outcome.stdout, "");
          assert.match(
            outcome.stderr,
            /authentication required: not logged in to 127\.0\.0\.1:\d+/,
          );
        });

        await t.step(
          "a wrong password: exit 2, one line, no password printed",
          async () => {
            const wrong = "wr0ng-Pa55-e91b";
            const config = await dockerConfig(
              dir,
              registry.host,
              basicAuth(USER, wrong),
            );
            const outcome = await layerdiff(args(), {
              env: testEnv({ HOME: dir, DOCKER_CONFIG: config }),
            });
            assert.equal(outcome.code, 2);
            assert.equal(outcome.stdout, "");
            assert.match(
              outcome.stderr,
              /access denied: wrong username or password, or no pull access to acme\/app \(credentials from .*config\.json\)/,
            );
            assertNoSecrets(outcome, [wrong, PASSWORD]);
          },
        );

        await t.step(
          "blobs redirected to another host get no Authorization",
          async () => {
            const proxy = startFaultProxy(registry.host);
            proxy.faults.redirectBlobs = true;
            try {
              const config = await dockerConfig(
                dir,
                proxy.host,
                basicAuth(USER, PASSWORD),
              );
              const outcome = await layerdiff(args(proxy.host), {
                env: testEnv({ HOME: dir, DOCKER_CONFIG: config }),
              });
              assert.deepEqual(comparable(outcome), expected);
              assert.ok(proxy.blobRequests.size > 0, "blobs went to the CDN");
              assert.deepEqual(proxy.cdnAuthorization, []);
            } finally {
              await proxy.stop();
            }
          },
        );
      } finally {
        await registry.stop();
      }
    });
  },
});

Deno.test({
  name:
    "layerdiff follows the bearer token flow of a registry with auth: token",
  ignore,
  fn: async (t) => {
    await withTempDir(async (dir) => {
      const layout = await buildRegistryImages(dir);
      const tokens = await startTokenServer(dir, {
        username: USER,
        password: PASSWORD,
        identityToken: IDENTITY_TOKEN,
      });
      const registry = await startRegistry({
        auth: {
          kind: "token",
          realm: tokens.realm,
          service: tokens.service,
          issuer: tokens.issuer,
          certificate: tokens.certificate,
        },
      });
      try {
        const expected = await pushPair(
          registry,
          layout,
          `${USER}:${PASSWORD}`,
        );
        const args = [
          `docker://${registry.host}/acme/app:${PAIR_TAGS[0]}`,
          `docker://${registry.host}/acme/app:${PAIR_TAGS[1]}`,
          "--json",
          "--debug",
        ];

        await t.step("a username and password get a token by GET", async () => {
          tokens.requests.length = 0;
          const config = await dockerConfig(
            dir,
            registry.host,
            basicAuth(USER, PASSWORD),
          );
          const outcome = await layerdiff(args, {
            env: testEnv({ HOME: dir, DOCKER_CONFIG: config }),
          });
          assert.deepEqual(comparable(outcome), expected);
          const granted = tokens.requests.filter((r) => r.granted);
          assert.ok(granted.length >= 1);
          assert.ok(granted.every((r) => r.method === "GET" && r.basic));
          assert.ok(
            granted.every((r) => r.scope === "repository:acme/app:pull"),
            JSON.stringify(granted),
          );
          assertNoSecrets(outcome, [PASSWORD]);
        });

        await t.step(
          "an identitytoken is traded by POST refresh_token",
          async () => {
            tokens.requests.length = 0;
            const config = await dockerConfig(dir, registry.host, {
              auth: Buffer.from("<token>:").toString("base64"),
              identitytoken: IDENTITY_TOKEN,
            });
            const outcome = await layerdiff(args, {
              env: testEnv({ HOME: dir, DOCKER_CONFIG: config }),
            });
            assert.deepEqual(comparable(outcome), expected);
            assert.ok(
              tokens.requests.some((r) =>
                r.method === "POST" && r.grantType === "refresh_token" &&
                r.granted
              ),
              JSON.stringify(tokens.requests),
            );
            assertNoSecrets(outcome, [IDENTITY_TOKEN]);
          },
        );

        await t.step(
          "a wrong password: exit 2, no secret printed",
          async () => {
            const wrong = "n0t-the-Pa55-0a7d";
            const config = await dockerConfig(
              dir,
              registry.host,
              basicAuth(USER, wrong),
            );
            const outcome = await layerdiff(args, {
              env: testEnv({ HOME: dir, DOCKER_CONFIG: config }),
            });
            assert.equal(outcome.code, 2);
            assert.equal(outcome.stdout, "");
            assert.match(outcome.stderr, /wrong username or password/);
            assertNoSecrets(outcome, [wrong, PASSWORD]);
          },
        );

        await t.step(
          "no credentials and no anonymous access: not logged in",
          async () => {
            const outcome = await layerdiff(args, {
              env: testEnv({ HOME: dir }),
            });
            assert.equal(outcome.code, 2);
            assert.match(outcome.stderr, /not logged in to 127\.0\.0\.1:\d+/);
          },
        );
      } finally {
        await registry.stop();
        await tokens.stop();
      }
    });
  },
});

Deno.test({
  name:
    "layerdiff trusts a registry's CA from SSL_CERT_FILE, or none with --tls-verify=false",
  ignore,
  fn: async (t) => {
    await withTempDir(async (dir) => {
      const layout = await buildRegistryImages(dir);
      const registry = await startRegistry({ tls: true });
      try {
        const expected = await pushPair(registry, layout);
        // 127.0.0.1 may fall back to plain HTTP; that must not hide a TLS failure.
        const args = [
          `docker://${registry.host}/acme/app:${PAIR_TAGS[0]}`,
          `docker://${registry.host}/acme/app:${PAIR_TAGS[1]}`,
          "--json",
        ];
        const ca = join(dir, "ca.pem");
        await Deno.writeTextFile(ca, registry.certificate!);

        await t.step("SSL_CERT_FILE names the CA", async () => {
          const outcome = await layerdiff(args, {
            env: testEnv({ HOME: dir, SSL_CERT_FILE: ca }),
          });
          assert.deepEqual(comparable(outcome), expected);
        });

        await t.step("--tls-verify=false skips the check", async () => {
          const outcome = await layerdiff([...args, "--tls-verify=false"], {
            env: testEnv({ HOME: dir }),
          });
          assert.deepEqual(comparable(outcome), expected);
        });

        await t.step(
          "an untrusted certificate is exit 2 that says so",
          async () => {
            const outcome = await layerdiff(args, {
              env: testEnv({ HOME: dir }),
            });
            assert.equal(outcome.code, 2);
            assert.equal(outcome.stdout, "");
            assert.match(outcome.stderr, /TLS|certificate/);
          },
        );
      } finally {
        await registry.stop();
      }
    });
  },
});
