import assert from "@std/assert";
import fc from "fast-check";
import {
  isBelow,
  parentOf,
  traceImage,
  traceImages,
  traceLayers,
} from "../../mod/analyze/trace_layers.ts";
import { InputError } from "../../mod/errors.ts";
import type { Image } from "../../mod/image/image.ts";
import {
  dir,
  file,
  hardlink,
  layerIndex,
  pathTree,
  sampleImage,
  type SampleLayer,
  symlink,
} from "../fixtures/sample_images.ts";

const hiddenOf = (trace: ReturnType<typeof traceLayers>) =>
  trace.hidden.map((h) =>
    `${h.entry.path}@${h.entry.layer}>${h.byLayer} ${h.reason} ${h.root}`
  );

Deno.test("traceLayers() gives a whited-out directory's members their root", () => {
  const trace = traceLayers([
    layerIndex({
      entries: [dir("/d"), file("/d/a"), file("/d/b"), file("/e")],
    }),
    layerIndex({ entries: [], whiteouts: ["/d", "/e"] }),
  ]);
  assert.deepEqual(hiddenOf(trace), [
    "/d@0>1 whiteout /d",
    "/d/a@0>1 whiteout /d",
    "/d/b@0>1 whiteout /d",
    "/e@0>1 whiteout /e",
  ]);
  assert.deepEqual([...trace.fs.keys()], []);
});

Deno.test("traceLayers() roots an opaque marker's hides at its directory", () => {
  const trace = traceLayers([
    layerIndex({
      entries: [dir("/c"), dir("/c/sub"), file("/c/sub/x"), file("/c/y")],
    }),
    layerIndex({ entries: [dir("/c"), file("/c/z")], opaqueDirs: ["/c"] }),
  ]);
  assert.deepEqual(hiddenOf(trace), [
    "/c/sub@0>1 opaque /c",
    "/c/sub/x@0>1 opaque /c",
    "/c/y@0>1 opaque /c",
  ]);
  assert.deepEqual([...trace.fs.keys()].sort(), ["/c", "/c/z"]);
});

Deno.test("traceLayers() starts a new root for each replaced path", () => {
  const trace = traceLayers([
    layerIndex({ entries: [file("/a"), file("/b")] }),
    layerIndex({ entries: [file("/a"), file("/b")] }),
  ]);
  assert.deepEqual(hiddenOf(trace), [
    "/a@0>1 replaced /a",
    "/b@0>1 replaced /b",
  ]);
});

Deno.test("isBelow() and parentOf() work on absolute paths", () => {
  assert.ok(isBelow("/a/b", "/a"));
  assert.ok(isBelow("/a", "/"));
  assert.ok(!isBelow("/ab", "/a"));
  assert.ok(!isBelow("/a", "/a"));
  assert.ok(!isBelow("/", "/"));
  assert.equal(parentOf("/a/b"), "/a");
  assert.equal(parentOf("/a"), "/");
});

const paths = pathTree(["a", "b", "c"]);
const path = fc.constantFrom(...paths);
const layerSpec = fc.record({
  entries: fc.array(
    fc.oneof(
      path.map((p) => file(p)),
      path.map((p) => dir(p)),
      fc.tuple(path, path).map(([p, t]) => symlink(p, t)),
    ),
    { maxLength: 8 },
  ),
  whiteouts: fc.array(path, { maxLength: 2 }),
  opaqueDirs: fc.array(path, { maxLength: 1 }),
});

/** Two images whose first `shared` layer indexes are the same objects. */
function pairSharing(
  base: SampleLayer[],
  ownA: SampleLayer[],
  ownB: SampleLayer[],
): { a: Image; b: Image } {
  const a = sampleImage([...base, ...ownA], { source: "a.tar" });
  const b = sampleImage([...base, ...ownB], { source: "b.tar" });
  b.indexes.splice(0, base.length, ...a.indexes.slice(0, base.length));
  return { a, b };
}

Deno.test("traceImages() gives what traceImage() gives each image, sharing the common base's entries", () => {
  fc.assert(
    fc.property(
      fc.array(layerSpec, { maxLength: 3 }),
      fc.array(layerSpec, { maxLength: 2 }),
      fc.array(layerSpec, { maxLength: 2 }),
      (base, ownA, ownB) => {
        const { a, b } = pairSharing(base, ownA, ownB);
        const together = traceImages(a, b);
        assert.deepEqual(together.a, traceImage(a));
        assert.deepEqual(together.b, traceImage(b));
        for (const [p, entry] of together.b.fs) {
          if (entry.layer < base.length && together.a.fs.has(p)) {
            const other = together.a.fs.get(p)!;
            if (other.layer === entry.layer) assert.equal(other, entry);
          }
        }
      },
    ),
    { numRuns: 500 },
  );
});

Deno.test("traceImages() names the image whose own layer is bad", () => {
  const base = [{ entries: [file("/ok")] }];
  const { a, b } = pairSharing(base, [], [
    { entries: [hardlink("/link", "/missing")] },
  ]);
  assert.throws(
    () => traceImages(a, b),
    (error: unknown) =>
      error instanceof InputError && error.context.file === "b.tar" &&
      error.context.layer?.index === 1,
  );
});
