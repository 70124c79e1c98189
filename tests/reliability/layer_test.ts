/**
 * Broken and hostile layers inside well-formed archives (digests right, so
 * the layer itself is what fails), run through the real CLI entry. Errors
 * name the archive, the layer by index and digest, and the entry.
 */

import assert from "@std/assert";
import { createHash } from "node:crypto";
import {
  compress,
  dockerSaveParts,
  type LayerInput,
  ociParts,
  type Parts,
  tarOf,
} from "../fixtures/archive_parts.ts";
import { sha256 } from "../fixtures/image_builder.ts";
import {
  buildTar,
  dir,
  file,
  hardlink,
  patchHeader,
  symlink,
  type TarSpec,
  whiteout,
} from "../fixtures/tar_builder.ts";
import {
  collect,
  gzipChunks,
  zeroFileTar,
  zeroFileTarSize,
} from "../fixtures/zero_tar.ts";
import {
  assertFails,
  type Expected,
  layerdiff,
  type Outcome,
  tempDir,
  writeGoodImage,
} from "./cli_harness.ts";

const base = [dir("etc"), file("etc/os-release", "ID=base\n")];
const encoder = new TextEncoder();

interface LayerRun {
  path: string;
  outcome: Outcome;
  parts: Parts;
}

/**
 * Puts `layer` above a good base layer in an archive (OCI by default, where
 * the layer is named by its blob digest; docker save names it by diff_id)
 * and diffs a good image against it.
 */
async function diffLayer(
  layer: LayerInput,
  options: { format?: "oci" | "docker"; args?: string[] } = {},
): Promise<LayerRun> {
  const directory = await tempDir();
  const good = await writeGoodImage(directory);
  const parts = options.format === "docker"
    ? dockerSaveParts([base, layer])
    : ociParts([base, layer]);
  const path = `${directory}/bad.tar`;
  await Deno.writeFile(path, tarOf(parts.members));
  const outcome = await layerdiff([good, path, ...options.args ?? []]);
  return { path, outcome, parts };
}

/** Asserts the run failed in layer 1, named by the digest its format shows. */
function assertLayerFails(
  run: LayerRun,
  expected: Omit<Expected, "file" | "layer">,
): string {
  const layer = run.parts.layers[1];
  const digest = run.parts.manifestPath ? layer.digest : layer.diffId;
  return assertFails(run.outcome, {
    file: run.path,
    layer: { index: 1, digest },
    ...expected,
  });
}

/** A layer's tar with a raw PAX header body before one file. */
function paxLayer(records: string): Uint8Array {
  return buildTar([
    { path: "PaxHeaders/a", typeflag: "x", content: records },
    file("a", "x"),
  ]);
}

const tar = buildTar([
  dir("app"),
  file("app/a", "hello world"),
  file("app/b", "x".repeat(3000)),
]);

for (const compression of ["gzip", "zstd"] as const) {
  Deno.test(`layerdiff fails on a corrupt ${compression} layer`, async () => {
    const blob = compress(tar, compression);
    // The blob is stored as given (its digest right): only its content is bad.
    const damaged = blob.slice();
    damaged[compression === "gzip" ? 12 : 4] ^= 0xff;
    assertLayerFails(await diffLayer({ blob: damaged }), {
      reason: new RegExp(`: corrupt ${compression} data: [^:]+$`),
    });
  });

  Deno.test(`layerdiff fails on a truncated ${compression} layer, verified or not`, async () => {
    const blob = compress(tar, compression);
    for (const cut of [blob.length >> 1, blob.length - 1]) {
      for (const args of [[], ["--no-verify"]]) {
        assertLayerFails(
          await diffLayer({ blob: blob.subarray(0, cut) }, { args }),
          { reason: new RegExp(`: corrupt ${compression} data: [^:]+$`) },
        );
      }
    }
  });
}

Deno.test("layerdiff fails on an uncompressed layer truncated mid-body, verified or not", async () => {
  const cut = tar.subarray(0, 1024 + 5); // inside app/a's body
  for (const format of ["oci", "docker"] as const) {
    const run = await diffLayer({ tar: cut }, {
      format,
      args: ["--no-verify"],
    });
    assertLayerFails(run, {
      entry: "app/a",
      reason: "offset 1029: unexpected end of data",
    });
    assertLayerFails(await diffLayer({ tar: cut }, { format }), {
      entry: "app/a",
      reason: "offset 1029: unexpected end of data",
    });
  }
});

Deno.test("layerdiff catches a layer truncated at a member boundary by its diff_id, and reads it as it is with --no-verify", async () => {
  const cut = tar.subarray(0, 1536); // app/b lost entirely, no end marker
  const whole = sha256(tar);
  const run = await diffLayer({ tar: cut, diffId: whole }, {
    format: "docker",
  });
  assertLayerFails(run, {
    reason: `layer content does not match diff_id ${whole} (got ${
      sha256(cut)
    })`,
  });
  const unverified = await diffLayer({ tar: cut, diffId: whole }, {
    format: "docker",
    args: ["--no-verify", "--json"],
  });
  assert.equal(unverified.outcome.code, 0, unverified.outcome.stderr);
  const paths = JSON.parse(unverified.outcome.stdout).changes.map((
    change: { path: string },
  ) => change.path);
  assert.ok(paths.includes("/app/a") && !paths.includes("/app/b"));
});

Deno.test("layerdiff fails on a header whose declared size runs past the end of the layer", async () => {
  const layer = patchHeader(buildTar([file("a", "x")], { end: false }), 0, {
    size: "00000077777\0",
  });
  assertLayerFails(await diffLayer({ tar: layer }), {
    entry: "a",
    reason: /: offset 1024: unexpected end of data$/,
  });
});

const badNumbers: [string, TarSpec | [string, string], string][] = [
  ["a non-octal uid", ["uid", "12345z7\0"], "invalid number in uid field"],
  [
    "a non-octal size",
    ["size", "0000000001x\0"],
    "invalid number in size field",
  ],
  ["a non-octal mode", ["mode", "-000644\0"], "invalid number in mode field"],
  [
    "a negative uid",
    file("a", "x", { uid: -5, base256: true }),
    "negative number in uid field",
  ],
  [
    "a negative size",
    file("a", "x", { size: -1, base256: true }),
    "negative number in size field",
  ],
];
for (const [what, spec, reason] of badNumbers) {
  Deno.test(`layerdiff fails on a layer header with ${what}`, async () => {
    const layer = Array.isArray(spec)
      ? patchHeader(buildTar([file("a", "x")]), 0, { [spec[0]]: spec[1] })
      : buildTar([spec]);
    assertLayerFails(await diffLayer({ tar: layer }), {
      entry: "a",
      reason: `offset 0: ${reason}`,
    });
  });
}

const badPax: [string, string][] = [
  ["a length past the end", "99 path=a\n"],
  ["a length too short", "5 path=a\n"],
  ["a length that is not a number", "x path=a\n"],
  ["a record without its newline", "10 path=abc"],
  ["a zero length", "0 path=a\n"],
  ["a record without =", "9 pathab\n"],
];
for (const [what, records] of badPax) {
  Deno.test(`layerdiff fails on a PAX record with ${what}`, async () => {
    assertLayerFails(await diffLayer({ tar: paxLayer(records) }), {
      reason: "offset 0: malformed PAX record",
    });
  });
}

Deno.test("layerdiff fails on a PAX or GNU long name of megabytes without holding it", async () => {
  const long = "a/".repeat(3 << 19);
  const cases = [
    [file(long, "x"), "PAX header too large"],
    [file(long, "x", { longName: "gnu" }), "GNU long name too large"],
    [symlink("l", long, { longName: "gnu" }), "GNU long name too large"],
  ] as const;
  for (const [spec, reason] of cases) {
    assertLayerFails(await diffLayer({ tar: buildTar([spec]) }), {
      reason: `offset 0: ${reason}`,
    });
  }
});

Deno.test("layerdiff fails on paths that climb out of the root with ..", async () => {
  for (const name of ["../../etc/passwd", "a/../../b", "./../x", ".."]) {
    assertLayerFails(await diffLayer([file(name, "x")]), {
      entry: name,
      reason: "offset 0: path escapes the root",
    });
  }
  assertLayerFails(await diffLayer([hardlink("a", "../../etc/shadow")]), {
    entry: "a",
    reason: "offset 0: hard link target escapes the root",
  });
});

Deno.test("layerdiff reads absolute paths as rooted and never follows a symlink out of the root", async () => {
  const run = await diffLayer([
    file("/etc/passwd", "root"),
    symlink("escape", "../../../etc/shadow"),
  ], { args: ["--json"] });
  assert.equal(run.outcome.code, 0, run.outcome.stderr);
  const changes = JSON.parse(run.outcome.stdout).changes;
  assert.deepEqual(
    changes.map((c: { path: string; change: string }) => [c.path, c.change]),
    [
      ["/escape", "added"],
      ["/etc/os-release", "modified"],
      ["/etc/passwd", "added"],
    ],
  );
});

Deno.test("layerdiff fails on a hard link to a path that does not exist", async () => {
  for (const format of ["oci", "docker"] as const) {
    assertLayerFails(
      await diffLayer([file("a", "x"), hardlink("b", "missing")], { format }),
      { entry: "/b", reason: "hard link target does not exist" },
    );
  }
});

Deno.test("layerdiff accepts a whiteout of a path that does not exist: nothing to hide", async () => {
  const run = await diffLayer(
    [whiteout("nothing/here"), whiteout("etc/nope")],
    {
      args: ["--json"],
    },
  );
  assert.equal(run.outcome.code, 0, run.outcome.stderr);
  const report = JSON.parse(run.outcome.stdout);
  assert.equal(report.images.b.layers[1].entries, 2);
});

const badWhiteouts: [string, TarSpec, string][] = [
  [".wh.", file("etc/.wh.", ""), "malformed whiteout"],
  [".wh..", file("etc/.wh..", ""), "malformed whiteout"],
  [".wh...", file(".wh...", ""), "malformed whiteout"],
  ["a whiteout directory", dir("etc/.wh.x"), "malformed whiteout: a directory"],
];
for (const [what, spec, reason] of badWhiteouts) {
  Deno.test(`layerdiff fails on the malformed whiteout name ${what}`, async () => {
    assertLayerFails(await diffLayer([spec]), {
      entry: String(spec.path),
      reason: `offset 0: ${reason}`,
    });
  });
}

Deno.test("layerdiff keeps the last of duplicate entries, as extraction does", async () => {
  const run = await diffLayer([
    file("dup", "first"),
    dir("dup"),
    file("dup", "last"),
  ], { args: ["--json"] });
  assert.equal(run.outcome.code, 0, run.outcome.stderr);
  const dup = JSON.parse(run.outcome.stdout).changes.find((
    change: { path: string },
  ) => change.path === "/dup");
  assert.equal(dup.b.digest, sha256(encoder.encode("last")));
});

Deno.test("layerdiff fails on unsupported entry types and GNU sparse files", async () => {
  const sparse = patchHeader(buildTar([file("a", "x")]), 0, { typeflag: "S" });
  assertLayerFails(await diffLayer({ tar: sparse }), {
    entry: "a",
    reason: "offset 0: unsupported entry type 'S'",
  });
  const pax = buildTar([file("a", "x", { pax: { "GNU.sparse.major": "1" } })]);
  assertLayerFails(await diffLayer({ tar: pax }), {
    entry: "a",
    reason: /: offset 0: unsupported sparse file$/,
  });
});

Deno.test("layerdiff streams a decompression bomb: 64 MiB of zeros in a gzip layer of kilobytes", async () => {
  const size = 64 << 20;
  const blob = await collect(gzipChunks(zeroFileTar("zeros", size)));
  assert.ok(blob.length < size / 500, `${blob.length} bytes compressed`);
  const hash = createHash("sha256");
  for await (const chunk of zeroFileTar("zeros", size)) hash.update(chunk);
  const diffId = `sha256:${hash.digest("hex")}`;
  const run = await diffLayer({ blob, diffId }, { args: ["--json"] });
  assert.equal(run.outcome.code, 0, run.outcome.stderr);
  const report = JSON.parse(run.outcome.stdout);
  assert.equal(report.images.b.layers[1].size, zeroFileTarSize(size));
  const zeros = report.changes.find((c: { path: string }) =>
    c.path === "/zeros"
  );
  assert.equal(zeros.b.size, size);
});

Deno.test("layerdiff drops lower files under a directory that a layer replaces and then stores again", async () => {
  // Extraction in tar order: the symlink replaces /etc and all below it,
  // then /etc comes back as an empty directory.
  const run = await diffLayer([symlink("etc", "elsewhere"), dir("etc")], {
    args: ["--json"],
  });
  assert.equal(run.outcome.code, 0, run.outcome.stderr);
  const changes = JSON.parse(run.outcome.stdout).changes;
  assert.deepEqual(
    changes.map((c: { path: string; change: string }) => [c.path, c.change]),
    [["/etc/os-release", "removed"]],
  );
});

Deno.test("layerdiff refuses a path longer than 4096 bytes, however deep", async () => {
  const deep = `${"a/".repeat(10_000)}f`;
  const long = `${"d".repeat(200)}/`.repeat(20) + "x".repeat(76);
  for (const name of [deep, long]) {
    assertLayerFails(await diffLayer([file(name, "x")]), {
      entry: name,
      reason: "offset 0: path longer than 4096 bytes",
    });
  }
  assertLayerFails(await diffLayer([file("a"), hardlink("b", deep)]), {
    entry: "b",
    reason: "offset 512: hard link target longer than 4096 bytes",
  });
  const limit = long.slice(0, -1); // "/" and 4095 bytes: 4096 in all
  const run = await diffLayer([file(limit, "x")], { args: ["--json"] });
  assert.equal(run.outcome.code, 0, run.outcome.stderr);
});
