/**
 * The images the registry tests push: the conformance diff pair, and a pair
 * that shares a large base layer (for faults mid-body and for counting the
 * bytes downloaded). All are built with umoci into one OCI layout.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { DIFF_PAIR } from "../../conformance/cases.ts";
import { buildImage, type ImageSpec } from "../../conformance/umoci_image.ts";

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
