import assert from "@std/assert";
import fc from "fast-check";
import {
  diveEfficiency,
  opaqueMarkersSpareWhiteouts,
} from "../../mod/analyze/dive_efficiency.ts";
import {
  type LayerTrace,
  traceLayers,
} from "../../mod/analyze/trace_layers.ts";
import type { LayerIndex } from "../../mod/layer/entry.ts";
import { openImage } from "../../mod/image/open_images.ts";
import { writeBloatedPair } from "../fixtures/bloated_images.ts";
import {
  dir,
  file,
  layerIndex,
  pathTree,
  symlink,
} from "../fixtures/sample_images.ts";

Deno.test("diveEfficiency() gives dive's figures for an image with known waste", async () => {
  const image = await openImage(
    (await writeBloatedPair(await Deno.makeTempDir())).after,
  );
  // Leaves per path (size in each layer that has it):
  //   /big.bin 10000 + 10000 + 12000 (min 10000), /tmp/download.tgz 5000 + 0
  //   (whiteout of a file), /etc 100 (whiteout of a directory: its bytes);
  //   single: os-release 100, cache/a 1000, cache/b 2000, /tmp 0, keep.lnk 0,
  //   cache/c 300, copy1 4000, dup/copy2 4000. The opaque marker is ignored.
  const min = 10000 + 0 + 100 + 100 + 1000 + 2000 + 300 + 4000 + 4000;
  const total = 32000 + 5000 + 100 + 100 + 1000 + 2000 + 300 + 4000 + 4000;
  const dive = diveEfficiency(image.indexes);
  assert.equal(dive.efficiency, min / total);
  assert.equal(dive.wastedBytes, 32000 + 5000);
  assert.equal(dive.sizeBytes, 3100 + 15000 + 10300 + 20000);
  assert.equal(dive.userSizeBytes, 15000 + 10300 + 20000);
  assert.equal(dive.userWastedPercent, 37000 / 45300);
  assert.equal(dive.efficiency.toFixed(4), "0.4433");
});

Deno.test("diveEfficiency() matches dive's own nginx example, with real directory entries", () => {
  const dive = diveEfficiency([
    layerIndex({
      entries: [
        dir("/etc"),
        dir("/etc/nginx"),
        file("/etc/nginx/nginx.conf", { size: 2000 }),
        file("/etc/nginx/public", { size: 3000 }),
      ],
    }),
    layerIndex({
      entries: [
        file("/etc/nginx/nginx.conf", { size: 5000 }),
        file("/etc/athing", { size: 10000 }),
      ],
    }),
    layerIndex({ entries: [], whiteouts: ["/etc/nginx"] }),
  ]);
  // nginx.conf 2000 + 5000 is the one inefficiency; the whiteout of the
  // directory counts the 8000 bytes below it once, at /etc/nginx.
  assert.equal(dive.wastedBytes, 7000);
  assert.equal(
    dive.efficiency,
    (2000 + 3000 + 10000 + 8000) / (7000 + 3000 + 10000 + 8000),
  );
  assert.equal(dive.userWastedPercent, 7000 / 15000);
});

Deno.test("diveEfficiency() sizes each whiteout on its own, nested ones too", () => {
  const dive = diveEfficiency([
    layerIndex({
      entries: [dir("/d"), dir("/d/e"), file("/d/e/f", { size: 40 })],
    }),
    layerIndex({ entries: [], whiteouts: ["/d", "/d/e"] }),
  ]);
  // /d and /d/e each count the 40 bytes below them; /d/e/f is seen once.
  assert.equal(dive.efficiency, 1);
  assert.equal(dive.wastedBytes, 0);
});

Deno.test("diveEfficiency() has no userWastedPercent when the upper layers hold no bytes", () => {
  const single = diveEfficiency([layerIndex({ entries: [file("/a")] })]);
  assert.equal(single.userWastedPercent, null);
  assert.equal(single.efficiency, 1);
  const empty = diveEfficiency([]);
  assert.deepEqual(empty, {
    efficiency: 1,
    wastedBytes: 0,
    userWastedPercent: null,
    sizeBytes: 0,
    userSizeBytes: 0,
  });
});

Deno.test("diveEfficiency() gives the same figures when it reuses the image's merge trace", async () => {
  const nginx = [
    layerIndex({
      entries: [dir("/etc/nginx"), file("/etc/nginx/a", { size: 30 })],
    }),
    layerIndex({ entries: [file("/etc/nginx/a", { size: 50 })] }),
    layerIndex({ entries: [], whiteouts: ["/etc/nginx"] }),
  ];
  const image = await openImage(
    (await writeBloatedPair(await Deno.makeTempDir())).after,
  );
  for (const indexes of [nginx, image.indexes]) {
    assert.deepEqual(
      diveEfficiency(indexes, { trace: traceLayers(indexes) }),
      diveEfficiency(indexes),
    );
  }
});

Deno.test("diveEfficiency() counts a hard link as no bytes, as its tar header holds none", () => {
  const link = {
    ...file("/copy", { size: 500, digest: "sha256:/a" }),
    type: "hardlink" as const,
    target: "/a",
  };
  const dive = diveEfficiency([
    layerIndex({ entries: [file("/a", { size: 500 })] }),
    layerIndex({ entries: [link] }),
  ]);
  assert.equal(dive.sizeBytes, 500);
  assert.equal(dive.userSizeBytes, 0);
  assert.equal(dive.efficiency, 1);
});

/** The whiteout hides of a trace, in order, with what dive sizes them by. */
const whiteoutHides = (trace: LayerTrace) =>
  trace.hidden.filter((h) => h.reason === "whiteout").map((h) =>
    `${h.entry.path}@${h.entry.layer}>${h.byLayer} ${h.entry.type} ${h.entry.size}`
  );

const withoutOpaque = (indexes: LayerIndex[]) =>
  indexes.map((index) => ({ ...index, opaqueDirs: new Set<string>() }));

/**
 * /d/e/f/old (100 bytes) below an opaque marker of /d/e that brings
 * /d/e/f/new (10 bytes), a whiteout at `whiteout` and then a file there (5
 * bytes).
 */
const opaqueThenWhiteout = (whiteout: string, sameLayer = false) => [
  layerIndex({ entries: [file("/d/e/f/old", { size: 100 })] }),
  layerIndex({
    entries: [dir("/d/e"), file("/d/e/f/new", { size: 10 })],
    opaqueDirs: ["/d/e"],
    whiteouts: sameLayer ? [whiteout] : [],
  }),
  layerIndex({ entries: [], whiteouts: sameLayer ? [] : [whiteout] }),
  layerIndex({ entries: [file(whiteout, { size: 5 })] }),
];

Deno.test("diveEfficiency() merges again without opaque markers when a later whiteout is at, above or below an opaque directory", () => {
  for (const whiteout of ["/d", "/d/e", "/d/e/f"]) {
    const indexes = opaqueThenWhiteout(whiteout);
    const trace = traceLayers(indexes);
    assert.equal(opaqueMarkersSpareWhiteouts(indexes), false);
    // The opaque marker hid /d/e/f/old from the trace's whiteout, not dive's.
    assert.notDeepEqual(
      whiteoutHides(trace),
      whiteoutHides(traceLayers(withoutOpaque(indexes))),
    );
    const dive = diveEfficiency(indexes, { trace });
    assert.deepEqual(dive, diveEfficiency(indexes));
    // The whiteout deletes 110 bytes as dive stacks the layers; the file
    // then stored at its path makes both copies waste.
    assert.equal(dive.wastedBytes, 110 + 5);
  }
});

Deno.test("diveEfficiency() reuses the trace when opaque markers spare every whiteout: same layer, a sibling, a lower layer", () => {
  const sibling = [
    layerIndex({ entries: [file("/a/x", { size: 100 }), dir("/ab")] }),
    layerIndex({ entries: [file("/a/y", { size: 10 })], opaqueDirs: ["/a"] }),
    layerIndex({ entries: [], whiteouts: ["/ab", "/b"] }),
  ];
  const lower = [
    layerIndex({ entries: [file("/d/x", { size: 100 })] }),
    layerIndex({ entries: [], whiteouts: ["/d"] }),
    layerIndex({ entries: [file("/d/y", { size: 10 })], opaqueDirs: ["/d"] }),
  ];
  for (
    const indexes of [opaqueThenWhiteout("/d/e/f", true), sibling, lower]
  ) {
    const trace = traceLayers(indexes);
    assert.equal(opaqueMarkersSpareWhiteouts(indexes), true);
    assert.deepEqual(
      whiteoutHides(trace),
      whiteoutHides(traceLayers(withoutOpaque(indexes))),
    );
    assert.deepEqual(
      diveEfficiency(indexes, { trace }),
      diveEfficiency(withoutOpaque(indexes)),
    );
  }
  // The whiteout of its own layer comes before the opaque marker: 100 bytes.
  assert.equal(
    diveEfficiency(opaqueThenWhiteout("/d/e/f", true)).wastedBytes,
    100 + 5,
  );
});

const paths = pathTree(["a", "b"]);
const path = fc.constantFrom(...paths);
const layerSpec = fc.record({
  entries: fc.array(
    fc.oneof(
      fc.tuple(path, fc.nat(100)).map(([p, size]) => file(p, { size })),
      path.map((p) => dir(p)),
      path.map((p) => symlink(p, "/a")),
    ),
    { maxLength: 6 },
  ),
  whiteouts: fc.array(path, { maxLength: 2 }),
  opaqueDirs: fc.array(path, { maxLength: 1 }),
});

Deno.test("opaqueMarkersSpareWhiteouts() holds only where the trace's whiteouts hide what they would without opaque markers", () => {
  let spared = 0;
  fc.assert(
    fc.property(fc.array(layerSpec, { maxLength: 4 }), (layers) => {
      const indexes = layers.map(layerIndex);
      const trace = traceLayers(indexes);
      const dive = diveEfficiency(withoutOpaque(indexes));
      assert.deepEqual(diveEfficiency(indexes, { trace }), dive);
      if (!opaqueMarkersSpareWhiteouts(indexes)) return;
      if (indexes.some((index) => index.opaqueDirs.size > 0)) spared++;
      assert.deepEqual(
        whiteoutHides(trace),
        whiteoutHides(traceLayers(withoutOpaque(indexes))),
      );
    }),
    { numRuns: 1000 },
  );
  assert.ok(spared > 100, `only ${spared} stacks with opaque markers spared`);
});
