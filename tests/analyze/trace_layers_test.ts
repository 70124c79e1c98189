import assert from "@std/assert";
import {
  isBelow,
  parentOf,
  traceLayers,
} from "../../mod/analyze/trace_layers.ts";
import { dir, file, layerIndex } from "../fixtures/sample_images.ts";

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
