/**
 * Broken outer archives, each built in code and run through the real CLI
 * entry: exit 2, one stderr line naming the archive (and the member), never
 * a wrong answer.
 */

import assert from "@std/assert";
import {
  blobPath,
  compress,
  dockerSaveParts,
  type Json,
  jsonBytes,
  type Members,
  ociParts,
  type Parts,
  tarOf,
  writeMembers,
} from "../fixtures/archive_parts.ts";
import { MEDIA_TYPES, sha256 } from "../fixtures/image_builder.ts";
import { buildTar, dir, file, type TarSpec } from "../fixtures/tar_builder.ts";
import {
  assertFails,
  layerdiff,
  type Outcome,
  tempDir,
  writeGoodImage,
} from "./cli_harness.ts";

const encoder = new TextEncoder();
const layers = [
  [dir("etc"), file("etc/os-release", "ID=bad\n")],
  [file("app/main.js", "x".repeat(1500))],
];

/** Writes `bytes` to a file in a fresh directory and diffs the good image against it. */
async function diffAgainst(
  bytes: Uint8Array,
  args: string[] = [],
): Promise<{ path: string; outcome: Outcome }> {
  const directory = await tempDir();
  const good = await writeGoodImage(directory);
  const path = `${directory}/bad.tar`;
  await Deno.writeFile(path, bytes);
  return { path, outcome: await layerdiff([good, path, ...args]) };
}

/** Diffs the good image against `bytes` given on stdin, in chunks of 1000 bytes. */
async function diffStdin(
  bytes: Uint8Array,
  args: string[] = [],
): Promise<Outcome> {
  const good = await writeGoodImage(await tempDir());
  return await layerdiff([good, "-", ...args], { stdin: chunks(bytes, 1000) });
}

async function* chunks(
  bytes: Uint8Array,
  size: number,
): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) {
    yield bytes.slice(at, at + size);
  }
}

/** Offsets of each member's header in a tar built by `tarOf`, and where the last body ends. */
function memberOffsets(members: Members): { headers: number[]; end: number } {
  const headers: number[] = [];
  let at = 0;
  for (const content of members.values()) {
    headers.push(at);
    at += 512 + Math.ceil(content.length / 512) * 512;
  }
  return { headers, end: at };
}

Deno.test("layerdiff fails on an empty file and on empty stdin", async () => {
  const { path, outcome } = await diffAgainst(new Uint8Array());
  assertFails(outcome, { file: path, reason: "empty file" });
  assertFails(await diffStdin(new Uint8Array()), {
    file: "-",
    reason: "empty input",
  });
});

Deno.test("layerdiff fails on a file that is not a tar with a checksum error at offset 0", async () => {
  const text = encoder.encode("this is not a tar archive at all ".repeat(40));
  const { path, outcome } = await diffAgainst(text);
  assertFails(outcome, {
    file: path,
    reason: "offset 0: header checksum mismatch",
  });
  const { path: short, outcome: tiny } = await diffAgainst(
    encoder.encode("hi"),
  );
  assertFails(tiny, {
    file: short,
    reason: "offset 2: unexpected end of data",
  });
});

Deno.test("layerdiff fails on a docker save truncated at every 512-byte boundary, and diffs in full without the end marker", async () => {
  const { members } = dockerSaveParts(layers);
  const full = tarOf(members);
  const { headers, end } = memberOffsets(members);
  const expected = JSON.parse(
    (await diffAgainst(full, ["--json"])).outcome.stdout,
  );
  for (let cut = 512; cut < full.length; cut += 512) {
    const { path, outcome } = await diffAgainst(full.subarray(0, cut), [
      "--json",
    ]);
    const viaStdin = await diffStdin(full.subarray(0, cut));
    const viaGzip = await diffAgainst(compress(full.subarray(0, cut), "gzip"));
    if (cut < end) {
      // Between members, members are missing; inside one, its body is cut.
      const reason = headers.includes(cut)
        ? /: not a docker save or OCI image archive \(no manifest\.json or index\.json; found [^)]+\)$/
        : new RegExp(`: entry "[^"]+": offset ${cut}: unexpected end of data$`);
      assertFails(outcome, { file: path, reason });
      assertFails(viaStdin, { file: "-", reason });
      assertFails(viaGzip.outcome, { file: viaGzip.path, reason });
    } else {
      // Like Go's archive/tar, an archive may end at a member boundary.
      assert.equal(outcome.code, 0, `cut ${cut}: ${outcome.stderr}`);
      assert.deepEqual(JSON.parse(outcome.stdout).changes, expected.changes);
      assert.equal(viaStdin.code, 0, `cut ${cut}: ${viaStdin.stderr}`);
    }
  }
});

Deno.test("layerdiff fails on an archive truncated in the middle of any header, from a file or stdin", async () => {
  for (const parts of [dockerSaveParts(layers), ociParts(layers)]) {
    const full = tarOf(parts.members);
    for (const header of memberOffsets(parts.members).headers) {
      for (const cut of [header + 1, header + 148, header + 511]) {
        const { path, outcome } = await diffAgainst(full.subarray(0, cut));
        assertFails(outcome, {
          file: path,
          reason: `offset ${cut}: unexpected end of data`,
        });
        assertFails(await diffStdin(full.subarray(0, cut)), {
          file: "-",
          reason: `offset ${cut}: unexpected end of data`,
        });
      }
    }
  }
});

Deno.test("layerdiff never gives a different answer for a truncated OCI archive on stdin", async () => {
  const full = tarOf(ociParts(layers).members);
  const expected = JSON.parse((await diffStdin(full, ["--json"])).stdout);
  for (let cut = 1; cut < full.length; cut += 97) {
    const outcome = await diffStdin(full.subarray(0, cut), ["--json"]);
    if (outcome.code === 0) {
      // Only members nothing needs (oci-layout, the end marker) were lost.
      assert.deepEqual(JSON.parse(outcome.stdout).changes, expected.changes);
    } else {
      assertFails(outcome, { file: "-", reason: /: [a-z][^:]*$/ });
    }
  }
});

Deno.test("layerdiff names the offset of an outer header with a bad checksum", async () => {
  const { members } = dockerSaveParts(layers);
  const tar = tarOf(members);
  const second = memberOffsets(members).headers[1];
  tar[second + 20] ^= 0x01;
  const { path, outcome } = await diffAgainst(tar);
  assertFails(outcome, {
    file: path,
    reason: `offset ${second}: header checksum mismatch`,
  });
});

Deno.test("layerdiff fails on a gzip-wrapped archive that is truncated or corrupt", async () => {
  const gz = compress(tarOf(dockerSaveParts(layers).members), "gzip");
  for (const cut of [2, 10, gz.length >> 1, gz.length - 8, gz.length - 1]) {
    const { path, outcome } = await diffAgainst(gz.subarray(0, cut));
    assertFails(outcome, {
      file: path,
      reason: /: corrupt gzip data: unexpected end of file$/,
    });
  }
  const corrupt = [
    [gz.length >> 1, "(invalid|incorrect data check)"],
    [gz.length - 6, "incorrect data check"],
    [gz.length - 2, "incorrect length check"],
  ] as const;
  for (const [at, reason] of corrupt) {
    const bytes = gz.slice();
    bytes[at] ^= 0xff;
    const { path, outcome } = await diffAgainst(bytes);
    assertFails(outcome, {
      file: path,
      reason: new RegExp(`: corrupt gzip data: ${reason}`),
    });
  }
});

Deno.test("layerdiff fails on a zstd-wrapped archive that is truncated or corrupt", async () => {
  const zst = compress(tarOf(dockerSaveParts(layers).members), "zstd");
  for (const cut of [5, zst.length >> 1, zst.length - 1]) {
    const { path, outcome } = await diffAgainst(zst.subarray(0, cut));
    assertFails(outcome, { file: path, reason: /: corrupt zstd data: / });
  }
  const bytes = zst.slice();
  bytes[4] ^= 0xff; // the frame header descriptor
  const { path, outcome } = await diffAgainst(bytes);
  assertFails(outcome, { file: path, reason: /: corrupt zstd data: / });
});

Deno.test("layerdiff fails on a directory that is not an OCI layout", async () => {
  const directory = await tempDir();
  const good = await writeGoodImage(directory);
  const empty = `${directory}/empty`;
  await Deno.mkdir(empty);
  assertFails(await layerdiff([good, empty]), {
    file: empty,
    reason:
      "not a docker save or OCI image archive (no manifest.json or index.json)",
  });
  const other = `${directory}/other`;
  await Deno.mkdir(`${other}/blobs`, { recursive: true });
  await Deno.writeTextFile(`${other}/oci-layout`, "{}");
  assertFails(await layerdiff([good, other]), {
    file: other,
    reason: /no manifest\.json or index\.json; found oci-layout\)$/,
  });
  const notJson = `${directory}/not-json`;
  await writeMembers(notJson, new Map([["index.json", encoder.encode("{")]]));
  assertFails(await layerdiff([good, notJson]), {
    file: notJson,
    entry: "index.json",
    reason: "not valid JSON",
  });
});

/** Replaces one member of a good archive. */
function withMember(
  members: Members,
  path: string,
  content: Uint8Array | undefined,
): Uint8Array {
  const changed = new Map(members);
  if (content) changed.set(path, content);
  else changed.delete(path);
  return tarOf(changed);
}

const badManifests: [string, unknown, string][] = [
  ["an object", { Config: "x" }, "manifest.json is not a JSON array"],
  ["an empty list", [], "manifest.json lists no images"],
  ["a list of strings", ["x"], "manifest.json entry is not a JSON object"],
  [
    "an entry without Config",
    [{ Layers: [] }],
    "manifest.json entry has no Config",
  ],
  [
    "Layers that are not a list",
    [{ Config: "c.json", Layers: "l" }],
    "manifest.json Layers is not a JSON array",
  ],
];
for (const [what, value, reason] of badManifests) {
  Deno.test(`layerdiff fails on a manifest.json that is ${what}`, async () => {
    const { members } = dockerSaveParts(layers);
    const { path, outcome } = await diffAgainst(
      withMember(members, "manifest.json", jsonBytes(value)),
    );
    assertFails(outcome, { file: path, entry: "manifest.json", reason });
  });
}

Deno.test("layerdiff fails on a manifest.json or index.json that is not JSON", async () => {
  const docker = dockerSaveParts(layers).members;
  const oci = ociParts(layers).members;
  for (
    const [members, name] of [[docker, "manifest.json"], [
      oci,
      "index.json",
    ]] as const
  ) {
    for (const text of ["{", "[1,]", "\u00ff\u00fe", "{}}"]) {
      const { path, outcome } = await diffAgainst(
        withMember(members, name, encoder.encode(text)),
      );
      assertFails(outcome, {
        file: path,
        entry: name,
        reason: "not valid JSON",
      });
    }
  }
});

const badIndexes: [string, unknown, string][] = [
  ["that is a list", [], "image index is not a JSON object"],
  ["without manifests", {}, "index manifests is not a JSON array"],
  [
    "with an empty manifests list",
    { manifests: [] },
    "index.json lists no image manifests",
  ],
  [
    "with a descriptor that is a string",
    { manifests: ["x"] },
    "descriptor is not a JSON object",
  ],
  [
    "with a descriptor without a size",
    {
      manifests: [{
        mediaType: MEDIA_TYPES.manifest,
        digest: sha256(new Uint8Array()),
      }],
    },
    "descriptor has an invalid size",
  ],
  [
    "with a digest that is a path",
    {
      manifests: [{
        mediaType: MEDIA_TYPES.manifest,
        digest: "sha256:../../etc/passwd",
        size: 1,
      }],
    },
    'invalid descriptor digest "sha256:../../etc/passwd"',
  ],
];
for (const [what, value, reason] of badIndexes) {
  Deno.test(`layerdiff fails on an index.json ${what}`, async () => {
    const { members } = ociParts(layers);
    const { path, outcome } = await diffAgainst(
      withMember(members, "index.json", jsonBytes(value)),
    );
    assertFails(outcome, { file: path, reason });
  });
}

Deno.test("layerdiff fails on a config without rootfs.diff_ids or with a layer count that does not match", async () => {
  const noRootfs = ociParts(layers, {
    config: (config) => delete config.rootfs,
  });
  const { path, outcome } = await diffAgainst(tarOf(noRootfs.members));
  assertFails(outcome, {
    file: path,
    entry: noRootfs.configPath,
    reason: "config rootfs is not a JSON object",
  });
  const extra = dockerSaveParts(layers, {
    config: (config) => config.rootfs.diff_ids.push(sha256(new Uint8Array())),
  });
  const second = await diffAgainst(tarOf(extra.members));
  assertFails(second.outcome, {
    file: second.path,
    entry: "manifest.json",
    reason: "manifest.json lists 2 layers but the config has 3 diff_ids",
  });
});

Deno.test("layerdiff fails on a manifest naming a missing layer blob", async () => {
  for (const parts of [dockerSaveParts(layers), ociParts(layers)]) {
    const missing = parts.layers[1];
    const { path, outcome } = await diffAgainst(
      withMember(parts.members, missing.path, undefined),
    );
    const shown = parts.manifestPath ? missing.digest : missing.diffId;
    assertFails(outcome, {
      file: path,
      layer: { index: 1, digest: shown },
      reason: `missing layer blob ${missing.path}`,
    });
  }
});

Deno.test("layerdiff fails on a manifest naming a missing config or manifest blob", async () => {
  for (const parts of [dockerSaveParts(layers), ociParts(layers)]) {
    const { path, outcome } = await diffAgainst(
      withMember(parts.members, parts.configPath, undefined),
    );
    assertFails(outcome, {
      file: path,
      reason: `missing member ${parts.configPath}`,
    });
  }
  const oci = ociParts(layers);
  const { path, outcome } = await diffAgainst(
    withMember(oci.members, oci.manifestPath!, undefined),
  );
  assertFails(outcome, {
    file: path,
    reason: `missing manifest blob sha256:${oci.manifestPath!.slice(13)}`,
  });
});

/** An OCI archive whose index.json reaches the manifest through `depth` nested indexes. */
function nestedIndexes(depth: number): Uint8Array {
  const { members } = ociParts(layers);
  let index: unknown = JSON.parse(
    new TextDecoder().decode(members.get("index.json")),
  );
  for (let i = 0; i < depth; i++) {
    const bytes = jsonBytes(index);
    members.set(blobPath(sha256(bytes)), bytes);
    index = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.index,
      manifests: [{
        mediaType: MEDIA_TYPES.index,
        digest: sha256(bytes),
        size: bytes.length,
      }],
    };
  }
  members.set("index.json", jsonBytes(index));
  return tarOf(members);
}

Deno.test("layerdiff reads nested indexes up to the limit and refuses deeper ones", async () => {
  assert.equal((await diffAgainst(nestedIndexes(8))).outcome.code, 0);
  for (const depth of [9, 1000]) {
    const { path, outcome } = await diffAgainst(nestedIndexes(depth));
    assertFails(outcome, {
      file: path,
      reason:
        /: entry "blobs\/sha256\/[0-9a-f]{64}": image index nested deeper than 8 levels$/,
    });
  }
});

Deno.test("layerdiff refuses an index that refers to itself, verified or not", async () => {
  const { members } = ociParts(layers);
  const one = sha256(encoder.encode("one"));
  const two = sha256(encoder.encode("two"));
  const refer = (digest: string) =>
    jsonBytes({
      schemaVersion: 2,
      manifests: [{ mediaType: MEDIA_TYPES.index, digest, size: 100 }],
    });
  members.set(blobPath(one), refer(two));
  members.set(blobPath(two), refer(one));
  members.set("index.json", refer(one));
  const { path, outcome } = await diffAgainst(tarOf(members));
  assertFails(outcome, {
    file: path,
    entry: blobPath(one),
    reason: new RegExp(
      `: blob does not match its digest ${one} \\(got sha256:`,
    ),
  });
  const unverified = await diffAgainst(tarOf(members), ["--no-verify"]);
  assertFails(unverified.outcome, {
    file: unverified.path,
    entry: blobPath(two),
    reason: "image index refers to itself in a loop",
  });
});

Deno.test("layerdiff fails on a layer blob whose sha256 does not match its digest", async () => {
  const parts = ociParts(layers);
  const layer = parts.layers[1];
  const blob = parts.members.get(layer.path)!.slice();
  blob[512 + 100] ^= 0x01; // a byte of the file's content
  const { path, outcome } = await diffAgainst(
    withMember(parts.members, layer.path, blob),
  );
  assertFails(outcome, {
    file: path,
    layer: { index: 1, digest: layer.digest },
    reason: new RegExp(
      `: blob does not match its digest ${layer.digest} \\(got sha256:[0-9a-f]{64}\\)$`,
    ),
  });
});

Deno.test("layerdiff fails on a config or manifest blob whose sha256 does not match its digest", async () => {
  const parts = ociParts(layers);
  for (const member of [parts.configPath, parts.manifestPath!]) {
    const json = new TextDecoder().decode(parts.members.get(member));
    const { path, outcome } = await diffAgainst(
      withMember(parts.members, member, encoder.encode(` ${json}`)),
    );
    assertFails(outcome, {
      file: path,
      entry: member,
      reason:
        /: blob does not match its digest sha256:[0-9a-f]{64} \(got sha256:[0-9a-f]{64}\)$/,
    });
  }
});

Deno.test("layerdiff fails on a layer whose uncompressed sha256 does not match its diff_id", async () => {
  const wrong = sha256(encoder.encode("something else"));
  const oci = ociParts(
    [layers[0], { entries: layers[1], compression: "gzip" }],
    {
      config: (config) => config.rootfs.diff_ids[1] = wrong,
    },
  );
  const { path, outcome } = await diffAgainst(tarOf(oci.members));
  assertFails(outcome, {
    file: path,
    layer: { index: 1, digest: oci.layers[1].digest },
    reason: `layer content does not match diff_id ${wrong} (got ${
      oci.layers[1].diffId
    })`,
  });
  // docker save: the layer.tar is the only copy, so its diff_id is its check.
  const docker = dockerSaveParts(layers);
  const layer = docker.layers[0];
  const tar = docker.members.get(layer.path)!.slice();
  tar[1024 + 3] ^= 0x01;
  const second = await diffAgainst(withMember(docker.members, layer.path, tar));
  assertFails(second.outcome, {
    file: second.path,
    layer: { index: 0, digest: layer.diffId },
    reason: new RegExp(
      `: layer content does not match diff_id ${layer.diffId}`,
    ),
  });
});

Deno.test("layerdiff fails on an outer member whose header declares an absurd size", async () => {
  const entries: TarSpec[] = [...dockerSaveParts(layers).members].map((
    [path, content],
  ) => ({ path, content }));
  entries[0].size = 10 * 2 ** 30; // 10 GiB for a config of a few hundred bytes
  entries.at(-1)!.size = Number.MAX_SAFE_INTEGER;
  const bytes = buildTar(entries);
  const { path, outcome } = await diffAgainst(bytes);
  assertFails(outcome, {
    file: path,
    entry: String(entries[0].path),
    reason: /: offset \d+: unexpected end of data$/,
  });
  const gzip = await diffAgainst(compress(bytes, "gzip"));
  for (
    const [file, failed] of [
      [gzip.path, gzip.outcome],
      ["-", await diffStdin(bytes)],
    ] as const
  ) {
    assertFails(failed, {
      file,
      entry: String(entries[0].path),
      reason: /: offset \d+: unexpected end of data$/,
    });
  }
});

Deno.test("layerdiff refuses a JSON document larger than 16 MiB, from a file or a stream", async () => {
  const big = new Uint8Array(17 << 20).fill(0x20);
  big.set(encoder.encode("[]"));
  const bytes = withMember(
    dockerSaveParts(layers).members,
    "manifest.json",
    big,
  );
  const { path, outcome } = await diffAgainst(bytes);
  assertFails(outcome, {
    file: path,
    entry: "manifest.json",
    reason: `document too large (${big.length} bytes)`,
  });
  assertFails(await diffStdin(bytes), {
    file: "-",
    entry: "manifest.json",
    reason: `document too large (${big.length} bytes)`,
  });
});

Deno.test("layerdiff refuses a descriptor whose declared size is absurd or does not match the blob", async () => {
  const cases: [(manifest: Json) => void, RegExp][] = [
    [(m) => m.layers[0].size = 1e300, /: descriptor has an invalid size$/],
    [(m) => m.layers[0].size = -1, /: descriptor has an invalid size$/],
    [
      (m) => m.layers[0].size = 2 ** 50,
      /: layer 0 \(sha256:[0-9a-f]{12}\): blob size \d+ does not match its descriptor size 1125899906842624$/,
    ],
    [
      (m) => m.config.size = 2 ** 50,
      /: blob size \d+ does not match its descriptor size 1125899906842624$/,
    ],
  ];
  for (const [edit, reason] of cases) {
    const parts = ociParts(layers, { manifest: edit });
    const { path, outcome } = await diffAgainst(tarOf(parts.members));
    assertFails(outcome, { file: path, reason });
  }
});

Deno.test("layerdiff names the document that holds an invalid digest", async () => {
  const cases: [Parts, string, string][] = [];
  const badDiffId = ociParts(layers, {
    config: (config) => config.rootfs.diff_ids[0] = "sha256:xyz",
  });
  cases.push([badDiffId, badDiffId.configPath, 'diff_id digest "sha256:xyz"']);
  const badLayer = ociParts(layers, {
    manifest: (manifest) => manifest.layers[1].digest = "md5:1",
  });
  cases.push([badLayer, badLayer.manifestPath!, 'descriptor digest "md5:1"']);
  const noDigest = ociParts(layers, {
    index: (index) => delete index.manifests[0].digest,
  });
  cases.push([noDigest, "index.json", "descriptor digest undefined"]);
  const docker = dockerSaveParts(layers, {
    config: (config) => config.rootfs.diff_ids[1] = 5,
  });
  cases.push([docker, docker.configPath, "diff_id digest 5"]);
  for (const [parts, entry, what] of cases) {
    const { path, outcome } = await diffAgainst(tarOf(parts.members));
    assertFails(outcome, { file: path, entry, reason: `invalid ${what}` });
  }
});
