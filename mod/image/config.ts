import { InputError } from "../errors.ts";
import type { ImageConfig } from "./image.ts";
import { checkDigest } from "./digest.ts";
import { asObject } from "./json_document.ts";

/** Checks the parts of a config layerdiff relies on; returns it typed. */
export function parseConfig(json: unknown, path: string): ImageConfig {
  const config = asObject(json, "image config", path);
  const rootfs = asObject(config.rootfs, "config rootfs", path);
  if (!Array.isArray(rootfs.diff_ids)) {
    throw new InputError("config has no rootfs.diff_ids", { entry: path });
  }
  rootfs.diff_ids.forEach((id) => checkDigest(id, "diff_id", { entry: path }));
  if (config.history !== undefined && !Array.isArray(config.history)) {
    throw new InputError("config history is not a list", { entry: path });
  }
  return config as ImageConfig;
}

/** The config's diff_ids (checked by `parseConfig`). */
export function diffIdsOf(config: ImageConfig): string[] {
  return config.rootfs?.diff_ids ?? [];
}

/** "os/arch[/variant]" from a config or a descriptor's platform object. */
export function platformString(
  platform: { os?: unknown; architecture?: unknown; variant?: unknown },
): string {
  const parts = [platform.os, platform.architecture, platform.variant]
    .filter((part) => typeof part === "string" && part !== "");
  return parts.length >= 2 ? parts.join("/") : "unknown";
}

/**
 * The `created_by` of each layer: history entries with `empty_layer` made
 * no layer; a history shorter than the layers leaves the rest undefined.
 */
export function createdByPerLayer(
  config: ImageConfig,
  layerCount: number,
): (string | undefined)[] {
  const steps = (config.history ?? []).filter((step) => !step?.empty_layer);
  return Array.from({ length: layerCount }, (_, i) => {
    const createdBy = steps[i]?.created_by;
    return typeof createdBy === "string" ? createdBy : undefined;
  });
}

/**
 * Whether a platform string chosen by the user matches an image's:
 * "linux/arm64" matches "linux/arm64/v8"; a given variant must match.
 */
export function platformMatches(wanted: string, actual: string): boolean {
  const want = wanted.split("/");
  const have = actual.split("/");
  return want.length <= have.length &&
    want.every((part, i) => part === have[i]);
}

/**
 * The platform a container engine on this machine runs: Linux on the
 * host's CPU, named as OCI names architectures ("linux/amd64", "linux/arm64").
 */
export function hostPlatform(): string {
  const arch = Deno.build.arch === "x86_64" ? "amd64" : "arm64";
  return `linux/${arch}`;
}
