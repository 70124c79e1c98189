import assert from "@std/assert";
import { traceImage } from "../../mod/analyze/trace_layers.ts";
import { measureBloat } from "../../mod/budget/bloat.ts";
import {
  dir,
  file,
  hardlink,
  opaque,
  whiteout,
} from "../fixtures/tar_builder.ts";
import { bytes, openSpec } from "./budget_images.ts";

Deno.test("measureBloat() finds no waste when no path is stored twice", async () => {
  const image = await openSpec({
    layers: [[file("a", bytes(100))], [file("b", bytes(50))]],
  });
  assert.deepEqual(measureBloat(image), {
    wastedBytes: 0,
    diveWastedBytes: 0,
    efficiency: 1,
    userWastedRatio: 0,
  });
});

Deno.test("measureBloat() counts the hidden copy of a rewritten file, and dive every copy", async () => {
  const image = await openSpec({
    layers: [[file("app/big", bytes(100))], [file("app/big", bytes(120))]],
  });
  assert.deepEqual(measureBloat(image), {
    wastedBytes: 100,
    diveWastedBytes: 220,
    efficiency: 100 / 220,
    userWastedRatio: 220 / 120,
  });
});

Deno.test("measureBloat() counts a file deleted by a whiteout as wasted", async () => {
  const image = await openSpec({
    layers: [
      [file("a", bytes(100)), file("b", bytes(50))],
      [file("c", bytes(10)), whiteout("b")],
    ],
  });
  assert.deepEqual(measureBloat(image), {
    wastedBytes: 50,
    diveWastedBytes: 50,
    efficiency: 110 / 160,
    userWastedRatio: 5,
  });
});

Deno.test("measureBloat() counts the files of a deleted directory, which dive does not", async () => {
  const deleted = await openSpec({
    layers: [
      [dir("cache"), file("cache/a", bytes(30)), file("cache/b", bytes(20))],
      [whiteout("cache")],
    ],
  });
  const bloat = measureBloat(deleted);
  assert.equal(bloat.wastedBytes, 50);
  assert.equal(bloat.diveWastedBytes, 0);
  const emptied = await openSpec({
    layers: [
      [dir("cache"), file("cache/a", bytes(30)), file("cache/b", bytes(20))],
      [opaque("cache"), file("cache/c", bytes(5))],
    ],
  });
  assert.equal(measureBloat(emptied).wastedBytes, 50);
});

Deno.test("measureBloat() leaves ignored paths out", async () => {
  const image = await openSpec({
    layers: [
      [file("var/cache/x", bytes(100)), file("app/y", bytes(40))],
      [whiteout("var/cache/x"), file("app/y", bytes(40))],
    ],
  });
  const all = measureBloat(image);
  assert.deepEqual([all.wastedBytes, all.diveWastedBytes], [140, 180]);
  const bloat = measureBloat(image, {
    ignore: (path) => path.startsWith("/var/cache"),
  });
  assert.deepEqual(bloat, {
    wastedBytes: 40,
    diveWastedBytes: 80,
    efficiency: 0.5,
    userWastedRatio: 2,
  });
});

Deno.test("measureBloat() drops hard links to ignored paths with them", async () => {
  const image = await openSpec({
    layers: [[file("big", bytes(100)), hardlink("link", "big")], [
      file("big", bytes(1)),
    ]],
  });
  const bloat = measureBloat(image, { ignore: (path) => path === "/big" });
  assert.equal(bloat.wastedBytes, 0);
});

Deno.test("measureBloat() divides by 1 when the upper layers add no bytes", async () => {
  const image = await openSpec({
    layers: [[file("a", bytes(100))], [whiteout("a")]],
  });
  assert.equal(measureBloat(image).userWastedRatio, 100);
});

Deno.test("measureBloat() gives efficiency 1 for an image without file bytes", async () => {
  const image = await openSpec({ layers: [[dir("empty")]] });
  assert.equal(measureBloat(image).efficiency, 1);
});

Deno.test("measureBloat() reads a given merge trace instead of merging again, unless paths are ignored", async () => {
  const image = await openSpec({
    layers: [[file("a", bytes(100))], [file("a", bytes(120))]],
  });
  const other = await openSpec({
    layers: [[file("a", bytes(7))], [file("a", bytes(9))]],
  });
  const trace = traceImage(other);
  assert.equal(measureBloat(image, { trace }).wastedBytes, 7);
  assert.equal(
    measureBloat(image, { trace, ignore: (path) => path === "/b" })
      .wastedBytes,
    100,
  );
  assert.deepEqual(
    measureBloat(image, { trace: traceImage(image) }),
    measureBloat(image),
  );
});
