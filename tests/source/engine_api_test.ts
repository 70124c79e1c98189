/**
 * `docker-daemon:` against a real Engine API: Podman's Docker-compatible
 * service, started by the test on a unix socket with its own storage.
 */
import assert from "@std/assert";
import { join } from "node:path";
import { parseDockerHost } from "../../mod/source/engine_api.ts";
import { InputError } from "../../mod/errors.ts";
import { layerdiff } from "../fixtures/cli_run.ts";
import {
  podmanSkipReason,
  startPodmanService,
} from "../fixtures/podman_service.ts";
import { freePort } from "../fixtures/registry_server.ts";

const skipReason = await podmanSkipReason();
if (skipReason) console.log(`SKIPPING Engine API tests: ${skipReason}`);

const testdata = new URL("../../testdata/", import.meta.url).pathname;

Deno.test("parseDockerHost() reads the unix and tcp forms and refuses the others", () => {
  assert.deepEqual(parseDockerHost("unix:///run/podman/podman.sock"), {
    kind: "unix",
    path: "/run/podman/podman.sock",
    spelled: "unix:///run/podman/podman.sock",
  });
  const tcp = parseDockerHost("tcp://10.0.0.2");
  assert.equal(tcp.kind === "tcp" && tcp.url.href, "http://10.0.0.2:2375/");
  const http = parseDockerHost("http://127.0.0.1:8080");
  assert.equal(http.kind === "tcp" && http.url.href, "http://127.0.0.1:8080/");
  for (
    const [value, message] of [
      ["unix://relative.sock", /must be absolute/],
      ["ssh://me@host", /ssh is not supported/],
      ["npipe:////./pipe/docker_engine", /npipe is not supported/],
      ["10.0.0.2:2375", /expected unix:\/\/\/path or tcp:\/\/host:port/],
    ] as const
  ) {
    assert.throws(() => parseDockerHost(value), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match((error as Error).message, message);
      return true;
    });
  }
});

Deno.test("docker-daemon: with no engine there is exit 2 naming DOCKER_HOST", async () => {
  const port = freePort();
  for (
    const [host, message] of [
      [
        "unix:///nonexistent/docker.sock",
        /^layerdiff: docker-daemon:app:v1: Cannot reach the Docker engine at unix:\/\/\/nonexistent\/docker\.sock: no socket there\n$/,
      ],
      [
        `tcp://127.0.0.1:${port}`,
        /Cannot reach the Docker engine at tcp:\/\/127\.0\.0\.1:\d+: connection refused\n$/,
      ],
    ] as const
  ) {
    const outcome = await layerdiff(
      ["docker-daemon:app:v1", join(testdata, "app-v2.tar")],
      { env: (name) => name === "DOCKER_HOST" ? host : undefined },
    );
    assert.equal(outcome.code, 2);
    assert.equal(outcome.stdout, "");
    assert.match(outcome.stderr, message);
  }
});

Deno.test({
  name:
    "docker-daemon: streams the image from Podman's Engine API, same diff as the archive",
  ignore: skipReason !== undefined,
  fn: async (t) => {
    const podman = await startPodmanService();
    try {
      await podman.load(join(testdata, "app-v1.tar"));
      await podman.load(join(testdata, "app-v2.tar"));
      const env = (name: string) =>
        name === "DOCKER_HOST" ? podman.dockerHost : undefined;
      const fromArchives = await layerdiff([
        join(testdata, "app-v1.tar"),
        join(testdata, "app-v2.tar"),
        "--json",
      ]);

      await t.step(
        "the JSON diff equals the diff of the archives",
        async () => {
          const outcome = await layerdiff(
            ["docker-daemon:app:v1", "docker-daemon:app:v2", "--json"],
            { env },
          );
          assert.equal(outcome.code, 0, outcome.stderr);
          const json = JSON.parse(outcome.stdout);
          const expected = JSON.parse(fromArchives.stdout);
          assert.equal(json.images.a.transport, "docker-daemon");
          assert.equal(json.images.a.source, "docker-daemon:app:v1");
          for (const side of ["a", "b"]) {
            assert.equal(
              json.images[side].configDigest,
              expected.images[side].configDigest,
            );
            const diffIds = (doc: typeof json) =>
              doc.images[side].layers.map((l: { diffId: string }) => l.diffId);
            assert.deepEqual(diffIds(json), diffIds(expected));
            for (const doc of [json, expected]) {
              delete doc.images[side].source;
              delete doc.images[side].transport;
              delete doc.images[side].format;
              delete doc.images[side].layers;
              delete doc.images[side].manifestDigest;
              delete doc.images[side].compressedSize;
            }
          }
          assert.deepEqual(json, expected);
        },
      );

      await t.step(
        "an image the engine does not have is exit 2 with its message",
        async () => {
          const outcome = await layerdiff(
            ["docker-daemon:nosuch:v1", "docker-daemon:app:v1"],
            { env },
          );
          assert.equal(outcome.code, 2);
          assert.equal(outcome.stdout, "");
          assert.match(
            outcome.stderr,
            /^layerdiff: docker-daemon:nosuch:v1: no image "nosuch:v1" in the Docker engine at unix:\/\/.*podman\.sock \(.*image not known\)\n$/,
          );
        },
      );
    } finally {
      await podman.stop();
    }
  },
});
