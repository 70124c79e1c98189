/**
 * What the registry tests share: the images they push (the conformance diff
 * pair, and a pair that shares a large base layer, for faults mid-body and
 * for counting the bytes downloaded; all built with umoci into one OCI
 * layout), and how they compare a registry diff with the layout's.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import assert from "@std/assert";
import { DIFF_PAIR } from "../../conformance/cases.ts";
import {
  buildImage,
  conformanceSkipReason,
  type ImageSpec,
} from "../../conformance/umoci_image.ts";
import { layerdiff, type Outcome } from "../../fixtures/cli_run.ts";
import {
  type RegistryServer,
  registrySkipReason,
} from "../../fixtures/registry_server.ts";

/** Hex text that gzip shrinks only to half, the same on every run. */
function noise(bytes: number): string {
  const out: string[] = [];
  for (let i = 0; i * 64 < bytes; i++) {
    out.push(createHash("sha256").update(String(i)).digest("hex"));
  }
  return out.join("").slice(0, bytes);
}

const BIG_BASE = {
  createdBy: "ADD base.tar /",
  ops: [
    { op: "dir" as const, path: "/opt/base" },
    { op: "file" as const, path: "/opt/base/blob", content: noise(2_400_000) },
  ],
};

/** Two images on one large base layer; v2 changes and adds a file. */
export const BIG_PAIR: readonly [ImageSpec, ImageSpec] = [
  {
    tag: "big-v1",
    layers: [BIG_BASE, {
      createdBy: "COPY app /app",
      ops: [{ op: "file", path: "/app/version", content: "1\n" }],
    }],
  },
  {
    tag: "big-v2",
    layers: [BIG_BASE, {
      createdBy: "COPY app /app",
      ops: [
        { op: "file", path: "/app/version", content: "2\n" },
        { op: "file", path: "/app/notes", content: "new\n" },
      ],
    }],
  },
];

/** Every tag the registry tests use, built into `dir/layout`; returns the layout. */
export async function buildRegistryImages(dir: string): Promise<string> {
  const layout = join(dir, "layout");
  for (const spec of [...DIFF_PAIR, ...BIG_PAIR]) {
    await buildImage(layout, spec);
  }
  return layout;
}

/** The tags of the conformance pair (A, B). */
export const PAIR_TAGS = DIFF_PAIR.map((spec) => spec.tag) as [string, string];
/** The tags of the large-base pair (A, B). */
export const BIG_TAGS = BIG_PAIR.map((spec) => spec.tag) as [string, string];

/** Why the registry tests cannot run here (registry tools, umoci as root). */
export async function registryTestsSkipReason(): Promise<string | undefined> {
  return (await registrySkipReason()) ?? (await conformanceSkipReason());
}

/** An environment with only what the test sets (HOME points at an empty dir). */
export function testEnv(vars: Record<string, string>) {
  return (name: string) =>
    name in vars
      ? vars[name]
      : name === "PATH"
      ? Deno.env.get("PATH")
      : undefined;
}

/** The JSON diff without the fields that name where each image came from. */
export function comparable(outcome: Outcome): unknown {
  assert.equal(outcome.code, 0, outcome.stderr);
  const json = JSON.parse(outcome.stdout);
  for (const side of ["a", "b"]) {
    for (
      const field of [
        "source",
        "format",
        "transport",
        "reference",
        "resolvedReference",
      ]
    ) delete json.images[side][field];
  }
  return json;
}

/** The JSON diff of two tags read from the OCI layout, as `comparable` gives it. */
export async function layoutDiff(
  layout: string,
  [a, b]: readonly [string, string],
): Promise<unknown> {
  return comparable(
    await layerdiff([`oci:${layout}:${a}`, `oci:${layout}:${b}`, "--json"]),
  );
}

/**
 * Pushes the conformance pair to `acme/app:TAG` (with `creds` if the
 * registry wants them) and returns their diff read from the layout.
 */
export async function pushPair(
  registry: RegistryServer,
  layout: string,
  creds?: string,
): Promise<unknown> {
  for (const tag of PAIR_TAGS) {
    await registry.push(`oci:${layout}:${tag}`, `acme/app:${tag}`, creds);
  }
  return await layoutDiff(layout, PAIR_TAGS);
}
