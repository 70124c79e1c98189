import assert from "@std/assert";
import { InputError } from "../../mod/errors.ts";
import {
  createdByPerLayer,
  parseConfig,
  platformMatches,
  platformString,
} from "../../mod/image/config.ts";
import type { ImageConfig } from "../../mod/image/image.ts";

const DIFF_ID = `sha256:${"a".repeat(64)}`;

const config = (history?: unknown): ImageConfig =>
  ({
    rootfs: { type: "layers", diff_ids: [DIFF_ID] },
    ...(history === undefined ? {} : { history }),
  }) as ImageConfig;

Deno.test("createdByPerLayer() leaves every layer unknown when the config has no history", () => {
  assert.deepEqual(createdByPerLayer(config(), 3), [
    undefined,
    undefined,
    undefined,
  ]);
  assert.deepEqual(createdByPerLayer(config([]), 2), [undefined, undefined]);
});

Deno.test("createdByPerLayer() skips empty_layer steps and leaves layers past a short history unknown", () => {
  const history = [
    { created_by: "FROM scratch", empty_layer: true },
    { created_by: "ADD rootfs /" },
    { created_by: "ENV A=1", empty_layer: true },
    { created_by: "RUN build" },
    { created_by: "CMD run", empty_layer: true },
  ];
  assert.deepEqual(createdByPerLayer(config(history), 4), [
    "ADD rootfs /",
    "RUN build",
    undefined,
    undefined,
  ]);
});

Deno.test("createdByPerLayer() keeps the place of a layer step without created_by, so later layers stay aligned", () => {
  const history = [
    { created_by: "ADD rootfs /" },
    { created: "2024-01-01T00:00:00Z", comment: "imported" },
    { created_by: 42 },
    { created_by: "RUN last" },
  ];
  assert.deepEqual(createdByPerLayer(config(history), 4), [
    "ADD rootfs /",
    undefined,
    undefined,
    "RUN last",
  ]);
});

Deno.test("createdByPerLayer() uses only as many steps as there are layers", () => {
  const history = [{ created_by: "one" }, { created_by: "two" }];
  assert.deepEqual(createdByPerLayer(config(history), 1), ["one"]);
  assert.deepEqual(createdByPerLayer(config(history), 0), []);
});

Deno.test("parseConfig() accepts a missing history and refuses one that is not a list, naming the config", () => {
  assert.equal(parseConfig(config(), "blobs/c").history, undefined);
  assert.throws(
    () => parseConfig(config({ created_by: "RUN x" }), "blobs/c"),
    (error: unknown) =>
      error instanceof InputError &&
      error.message.includes("config history is not a list") &&
      error.message.includes("blobs/c"),
  );
});

Deno.test("platformString() and platformMatches() read os/arch[/variant]", () => {
  assert.equal(
    platformString({ os: "linux", architecture: "arm64", variant: "v8" }),
    "linux/arm64/v8",
  );
  assert.equal(platformString({ os: "linux" }), "unknown");
  assert.ok(platformMatches("linux/arm64", "linux/arm64/v8"));
  assert.ok(!platformMatches("linux/arm64/v7", "linux/arm64/v8"));
  assert.ok(!platformMatches("linux/amd64", "linux/arm64"));
});
