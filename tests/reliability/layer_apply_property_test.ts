/**
 * Property: a random stack of layer tars (files, directories, symlinks,
 * whiteouts and opaque markers over a few paths) read by the real code
 * (readTar → indexLayer → mergeLayers) gives the filesystem a tiny model
 * of extraction gives: per layer, whiteouts and opaque markers remove
 * lower entries, then entries are extracted in tar order.
 */

import assert from "@std/assert";
import fc from "fast-check";
import { createHash } from "node:crypto";
import { indexLayer } from "../../mod/layer/index_layer.ts";
import { mergeLayers } from "../../mod/merge/merge_layers.ts";
import { ByteReader } from "../../mod/tar/byte_reader.ts";
import { readTar } from "../../mod/tar/reader.ts";
import {
  buildTar,
  dir,
  file,
  opaque,
  symlink,
  type TarSpec,
  whiteout,
} from "../fixtures/tar_builder.ts";
import { countingSource } from "../tar/helpers.ts";
import { pathTree } from "../fixtures/sample_images.ts";

/** One tar entry of a generated layer. */
type Op =
  | { kind: "file"; path: string; text: string }
  | { kind: "dir"; path: string; mode: number }
  | { kind: "symlink"; path: string; target: string }
  | { kind: "whiteout"; path: string }
  | { kind: "opaque"; path: string };

/** What the model and the real merge are compared on. */
interface Node {
  type: "file" | "dir" | "symlink";
  layer: number;
  /** File text, symlink target or directory mode. */
  value: string;
}

const paths = pathTree(["a", "b", "c"]);
const path = fc.constantFrom(...paths);

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("file" as const),
      path,
      text: fc.constantFrom("x", "y", "z"),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("dir" as const),
      path,
      mode: fc.constantFrom(0o755, 0o700),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("symlink" as const),
      path,
      target: fc.constantFrom("a", "../b", "/c"),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("whiteout" as const), path }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("opaque" as const),
      path: fc.constantFrom("/", ...paths),
    }),
  },
);

function toSpec(op: Op): TarSpec {
  const name = op.path.slice(1);
  switch (op.kind) {
    case "file":
      return file(name, op.text);
    case "dir":
      return dir(`${name}/`, { mode: op.mode });
    case "symlink":
      return symlink(name, op.target);
    case "whiteout":
      return whiteout(name);
    case "opaque":
      return opaque(name);
  }
}

/** The model: extraction with whiteouts and opaque markers for lower layers only. */
function model(layers: Op[][]): Map<string, Node> {
  const fs = new Map<string, Node>();
  const removeBelow = (top: string) => {
    for (const p of [...fs.keys()]) {
      if (p.startsWith(top === "/" ? "/" : `${top}/`)) fs.delete(p);
    }
  };
  const removeTree = (top: string) => {
    fs.delete(top);
    removeBelow(top);
  };
  layers.forEach((ops, layer) => {
    for (const op of ops) {
      if (op.kind === "whiteout") removeTree(op.path);
      if (op.kind === "opaque") removeBelow(op.path);
    }
    for (const op of ops) {
      if (op.kind === "whiteout" || op.kind === "opaque") continue;
      const parts = op.path.split("/").slice(1);
      for (let k = 1; k < parts.length; k++) {
        const parent = `/${parts.slice(0, k).join("/")}`;
        if (fs.get(parent)?.type === "dir") continue;
        removeTree(parent);
        fs.set(parent, { type: "dir", layer, value: String(0o755) });
      }
      const node: Node = op.kind === "file"
        ? { type: "file", layer, value: op.text }
        : op.kind === "dir"
        ? { type: "dir", layer, value: String(op.mode) }
        : { type: "symlink", layer, value: op.target };
      if (!(node.type === "dir" && fs.get(op.path)?.type === "dir")) {
        removeTree(op.path);
      }
      fs.set(op.path, node);
    }
  });
  return fs;
}

/** The real code, from tar bytes to the merged filesystem. */
async function realMerge(layers: Op[][]): Promise<Map<string, Node>> {
  const indexes = [];
  for (const ops of layers) {
    const tar = buildTar(ops.map(toSpec));
    const reader = new ByteReader(countingSource(tar, { chunkSize: 700 }));
    indexes.push((await indexLayer(readTar(reader))).index);
  }
  const texts = new Map(
    ["x", "y", "z"].map((text) => [digestOf(text), text]),
  );
  const fs = new Map<string, Node>();
  for (const [path, entry] of mergeLayers(indexes)) {
    const type = entry.type as Node["type"];
    const value = type === "file"
      ? texts.get(entry.digest!)!
      : type === "dir"
      ? String(entry.mode)
      : entry.target!;
    fs.set(path, { type, layer: entry.layer, value });
  }
  return fs;
}

/** sha256 as the layer index records it. */
function digestOf(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

const sorted = (fs: Map<string, Node>) =>
  [...fs].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);

Deno.test("indexLayer() and mergeLayers() apply random layer tars as extraction does", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(op, { maxLength: 8 }), { minLength: 1, maxLength: 4 }),
      async (layers) => {
        assert.deepEqual(
          sorted(await realMerge(layers)),
          sorted(model(layers)),
        );
      },
    ),
    { numRuns: 500 },
  );
});
