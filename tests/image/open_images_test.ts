import assert from "@std/assert";
import { IntegrityError, SelectionError } from "../../mod/errors.ts";
import {
  openImage,
  openImages,
  type Progress,
} from "../../mod/image/open_images.ts";
import {
  type ArchiveFormat,
  buildArchive,
  type ImageSpec,
  writeArchive,
  writeImage,
} from "../fixtures/image_builder.ts";
import { createHash } from "node:crypto";
import { KeepBudget } from "../../mod/layer/keep_files.ts";
import { mergeLayers } from "../../mod/merge/merge_layers.ts";
import { conformanceSkipReason } from "../conformance/umoci_image.ts";
import { dockerSaveParts, tarOf } from "../fixtures/archive_parts.ts";
import {
  buildTar,
  dir,
  file,
  hardlink,
  whiteout,
} from "../fixtures/tar_builder.ts";

const base = [
  dir("etc"),
  file("etc/os-release", "ID=test\n"),
  dir("usr/bin"),
  file("usr/bin/sh", "#!sh"),
];
const app: ImageSpec = {
  tag: "app:v1",
  layers: [
    { entries: base, createdBy: "ADD rootfs.tar /" },
    {
      entries: [
        file("app/main.js", "console.log(1)"),
        whiteout("etc/os-release"),
      ],
      createdBy: "COPY . /app",
    },
  ],
};

async function tempPath(name: string): Promise<string> {
  return `${await Deno.makeTempDir()}/${name}`;
}

const formats: ArchiveFormat[] = [
  "docker-save",
  "docker-save-oci",
  "oci-archive",
  "oci-layout",
];
for (const format of formats) {
  Deno.test(`openImage() reads a ${format} archive with its layers, history and digests`, async () => {
    const path = await tempPath("image");
    const built = await writeImage(path, format, app);
    const image = await openImage(path);
    assert.equal(image.format, format);
    assert.equal(image.source, path);
    assert.equal(image.configDigest, built.configDigest);
    assert.equal(image.platform, "linux/amd64");
    assert.deepEqual(image.layers.map((l) => l.diffId), built.diffIds);
    assert.deepEqual(image.layers.map((l) => l.createdBy), [
      "ADD rootfs.tar /",
      "COPY . /app",
    ]);
    assert.deepEqual(image.layers.map((l) => l.entries), [4, 2]);
    assert.ok(image.indexes[1].entries.has("/app/main.js"));
    assert.ok(image.indexes[1].whiteouts.has("/etc/os-release"));
    if (format !== "docker-save") {
      assert.equal(image.manifestDigest, built.manifestDigest);
    }
  });
}

for (const compression of ["gzip", "zstd"] as const) {
  Deno.test(`openImage() decompresses ${compression} layers and checks both digests`, async () => {
    const path = await tempPath("image.tar");
    const built = await writeImage(path, "oci-archive", {
      layers: [{ entries: base, compression }],
    });
    const image = await openImage(path);
    assert.equal(image.layers[0].digest, built.layerDigests[0]);
    assert.equal(image.layers[0].diffId, built.diffIds[0]);
    assert.ok(image.layers[0].compressedSize < image.layers[0].size);
  });
}

Deno.test("openImage() reads a whole-archive gzip and a stream in one pass", async () => {
  const path = await tempPath("image.tar.gz");
  const built = await writeImage(path, "docker-save-oci", app, { gzip: true });
  assert.equal((await openImage(path)).configDigest, built.configDigest);
  const { bytes } = buildArchive({ format: "docker-save-oci", images: [app] });
  const stream = { name: "-", stream: chunks(bytes, 1000) };
  const image = await openImage(stream);
  assert.equal(image.source, "-");
  assert.deepEqual(image.layers.map((l) => l.diffId), built.diffIds);
});

Deno.test("openImage() follows legacy layer.tar symlinks to a repeated layer", async () => {
  const path = await tempPath("image.tar");
  const layer = [file("a", "same")];
  await writeArchive(path, {
    format: "docker-save",
    linkRepeatedLayers: true,
    images: [{ layers: [layer, [file("b")], layer] }],
  });
  const image = await openImage(path);
  assert.equal(image.layers[0].diffId, image.layers[2].diffId);
  const streamed = await openImage({
    name: "-",
    stream: chunks(await Deno.readFile(path), 4096),
  });
  assert.equal(streamed.layers[2].entries, 1);
});

Deno.test("openImage() picks an image by --image and lists the choices when ambiguous", async () => {
  const path = await tempPath("two.tar");
  const v2: ImageSpec = { tag: "app:v2", layers: [[file("v2")]] };
  await writeArchive(path, { format: "docker-save", images: [app, v2] });
  assert.equal(
    (await openImage(path, { image: "app:v2" })).reference,
    "app:v2",
  );
  await assert.rejects(
    () => openImage(path),
    (error: Error) =>
      error instanceof SelectionError && error.message.includes(path) &&
      error.message.includes("app:v1") && error.message.includes("app:v2"),
  );
});

Deno.test("openImage() picks a platform from a nested index", async () => {
  const path = await tempPath("multi.tar");
  const amd = { ...app, platform: { os: "linux", architecture: "amd64" } };
  const arm = {
    ...app,
    layers: [[file("arm")]],
    platform: { os: "linux", architecture: "arm64", variant: "v8" },
  };
  await writeArchive(path, {
    format: "oci-archive",
    nestedIndex: true,
    images: [amd, arm],
  });
  const image = await openImage(path, { platform: "linux/arm64" });
  assert.equal(image.platform, "linux/arm64/v8");
  await assert.rejects(() => openImage(path), /--platform/);
});

for (const format of ["docker-save", "oci-archive"] as const) {
  Deno.test(`openImage() checks --platform against the config of a ${format} image that states none elsewhere`, async () => {
    const path = await tempPath("one.tar");
    const arm = {
      ...app,
      platform: { os: "linux", architecture: "arm64", variant: "v8" },
    };
    await writeArchive(path, { format, images: [arm] });
    for (const platform of ["linux/arm64", "linux/arm64/v8"]) {
      assert.equal(
        (await openImage(path, { platform })).platform,
        "linux/arm64/v8",
      );
    }
    for (const platform of ["windows/arm64", "linux/arm64/v7"]) {
      await assert.rejects(
        () => openImage(path, { platform }),
        (error: Error) =>
          error instanceof SelectionError &&
          error.message ===
            `${path}: no image for platform ${platform} (the image is linux/arm64/v8)`,
      );
    }
  });
}

Deno.test("openImage() refuses a layer whose content does not match its diff_id", async () => {
  const path = await tempPath("bad.tar");
  const { bytes } = buildArchive({
    format: "docker-save",
    images: [{ layers: [[file("a", "hello")]] }],
  });
  const at = indexOf(bytes, new TextEncoder().encode("hello"));
  bytes[at] = "j".charCodeAt(0);
  await Deno.writeFile(path, bytes);
  await assert.rejects(
    () => openImage(path),
    (error: Error) =>
      error instanceof IntegrityError &&
      /layer 0 .*diff_id/.test(error.message),
  );
  const image = await openImage(path, { verify: false });
  assert.ok(image.indexes[0].entries.has("/a"));
});

Deno.test("openImages() reads a layer both images share once, and never reads unused blobs", async () => {
  const pathA = await tempPath("a.tar");
  const pathB = await tempPath("b.tar");
  const other: ImageSpec = {
    tag: "other:1",
    layers: [[file("unused", "x".repeat(5000))]],
  };
  await writeArchive(pathA, { format: "oci-archive", images: [app, other] });
  await writeImage(pathB, "oci-archive", {
    tag: "app:v2",
    layers: [app.layers[0], [file("v2")]],
  });
  const progress: Progress[] = [];
  const [a, b] = await openImages(pathA, pathB, {
    image: ["app:v1", "app:v2"],
    onProgress: (p) => progress.push(p),
  });
  assert.equal(a.layers[0].diffId, b.layers[0].diffId);
  assert.equal(a.indexes[0], b.indexes[0]);
  const reads = progress.filter((p) => p.done).map((p) =>
    `${p.image}${p.layer}`
  );
  assert.deepEqual(reads.sort(), ["a0", "a1", "b1"]);
});

Deno.test("openImage() names the file when it is not an image archive", async () => {
  const path = await tempPath("notes.txt");
  await Deno.writeTextFile(path, "hello ".repeat(200));
  await assert.rejects(
    () => openImage(path),
    (error: Error) => error.message.startsWith(path),
  );
  await assert.rejects(() => openImage(`${path}.missing`), /no such file/);
});

async function* chunks(
  bytes: Uint8Array,
  size: number,
): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}

Deno.test("openImages() shares a layer between a docker-save and a gzip OCI archive, keeping each blob's digest", async () => {
  const pathA = await tempPath("a.tar");
  const pathB = await tempPath("b.tar");
  const builtA = await writeImage(pathA, "docker-save", app);
  const builtB = await writeImage(pathB, "oci-archive", {
    layers: [
      { ...app.layers[0] as object, entries: base, compression: "gzip" },
      [file("b")],
    ],
  });
  assert.equal(builtA.diffIds[0], builtB.diffIds[0]);
  for (
    const [first, second, built] of [[pathA, pathB, builtB], [
      pathB,
      pathA,
      builtA,
    ]] as const
  ) {
    const progress: Progress[] = [];
    const [, other] = await openImages(first, second, {
      onProgress: (p) => progress.push(p),
    });
    assert.equal(other.layers[0].digest, built.layerDigests[0]);
    assert.equal(
      other.layers[0].compressedSize,
      (await openImage(second)).layers[0].compressedSize,
    );
    assert.equal(
      progress.filter((p) => p.done).length,
      3,
      "the shared layer is read once",
    );
  }
});

Deno.test("openImage() reads a containerd-store docker save: compressed blobs, nested index, manifest.json", async () => {
  const path = await tempPath("containerd.tar");
  const [built] = await writeArchive(path, {
    format: "docker-save-oci",
    nestedIndex: true,
    images: [{
      ...app,
      layers: [{ entries: base, compression: "gzip" }, {
        entries: [file("x")],
        compression: "zstd",
      }],
    }],
  });
  const image = await openImage(path);
  assert.equal(image.format, "docker-save-oci");
  assert.equal(image.manifestDigest, built.manifestDigest);
  assert.deepEqual(image.layers.map((l) => l.digest), built.layerDigests);
  assert.deepEqual(image.layers.map((l) => l.mediaType), [
    "application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.oci.image.layer.v1.tar+zstd",
  ]);
});

Deno.test("openImage() accepts one blob referenced twice in a manifest (the BuildKit empty layer)", async () => {
  const path = await tempPath("empty-layer.tar");
  const empty = { entries: [], compression: "gzip" as const };
  await writeImage(path, "oci-archive", {
    layers: [empty, [file("a")], empty],
  });
  const image = await openImage(path);
  assert.equal(image.layers[0].digest, image.layers[2].digest);
  assert.deepEqual(image.layers.map((l) => l.entries), [0, 1, 0]);
});

Deno.test("openImages() gives the same result on worker threads as in-process", async () => {
  const big = new Uint8Array(40 << 20).map((_, i) => i % 251);
  const pathA = await tempPath("big-a.tar");
  const pathB = await tempPath("big-b.tar");
  await writeImage(pathA, "docker-save", {
    layers: [base, [file("big", big), file("x", "1")]],
  });
  await writeImage(pathB, "oci-archive", {
    layers: [base, {
      entries: [file("big", big.reverse())],
      compression: "gzip",
    }],
  });
  const serial = await openImages(pathA, pathB, { concurrency: 1 });
  const parallel = await openImages(pathA, pathB, { concurrency: 2 });
  assert.deepEqual(parallel, serial);
  await assert.rejects(
    async () => {
      const bytes = await Deno.readFile(pathA);
      bytes[bytes.length - 4096 - 100] ^= 1;
      await Deno.writeFile(pathA, bytes);
      await openImages(pathA, pathB, { concurrency: 2 });
    },
    (error: Error) =>
      error instanceof IntegrityError && error.message.includes(pathA),
  );
});

Deno.test("openImages() keeps the files asked for on worker threads as in-process, uncompressed and gzip", async () => {
  const big = new Uint8Array(40 << 20).map((_, i) => i % 251);
  const status = "Package: curl\nVersion: 7.88.1-10\n".repeat(2000);
  const pathA = await tempPath("keep-a.tar");
  const pathB = await tempPath("keep-b.tar");
  const layer = [file("big", big), file("var/lib/dpkg/status", status)];
  await writeImage(pathA, "docker-save", { layers: [layer] });
  await writeImage(pathB, "oci-archive", {
    layers: [{ entries: [...layer, file("b")], compression: "gzip" }],
  });
  const keep = () => ({
    limit: (path: string) => path === "/var/lib/dpkg/status" ? 1 << 20 : 0,
    budget: new KeepBudget(1 << 20),
  });
  const serial = await openImages(pathA, pathB, {
    concurrency: 1,
    keep: keep(),
  });
  const parallel = await openImages(pathA, pathB, {
    concurrency: 2,
    keep: keep(),
  });
  assert.deepEqual(parallel, serial);
  for (const image of parallel) {
    const kept = image.indexes[0].kept!.get("/var/lib/dpkg/status")!;
    assert.equal(new TextDecoder().decode(kept), status);
    assert.deepEqual([...image.indexes[0].kept!.keys()], [
      "/var/lib/dpkg/status",
    ]);
  }
});

Deno.test("openImages() gives the same result on worker threads for many small files and a zstd layer", async () => {
  const many = Array.from(
    { length: 3000 },
    (_, i) => file(`usr/lib/m${i % 30}/f${i}`, `content ${i}`.repeat(i % 300)),
  );
  const noise = new Uint8Array(36 << 20).map((_, i) => (i * 7919) >> 3);
  const pathA = await tempPath("many-a.tar");
  const pathB = await tempPath("many-b.tar");
  await writeImage(pathA, "docker-save", {
    layers: [[...many, file("n", noise)]],
  });
  await writeImage(pathB, "oci-archive", {
    layers: [{
      entries: [...many.slice(100), file("n", noise)],
      compression: "zstd",
    }],
  });
  const serial = await openImages(pathA, pathB, { concurrency: 1 });
  const parallel = await openImages(pathA, pathB, { concurrency: 2 });
  assert.deepEqual(parallel, serial);
  assert.equal(parallel[1].indexes[0].entries.size, 2901);
});

Deno.test({
  name:
    "openImage() and mergeLayers() give hard links to rewritten targets the content umoci unpack gives them",
  ignore: (await conformanceSkipReason()) !== undefined,
  fn: async () => {
    const work = await Deno.makeTempDir();
    try {
      await writeImage(`${work}/layout`, "oci-layout", {
        tag: "links:v1",
        layers: [
          [file("lower", "lower")],
          [
            file("t", "first"),
            hardlink("same-layer", "t"),
            file("t", "second"),
            hardlink("below", "lower"),
            file("lower", "rewritten"),
          ],
        ],
      });
      const unpack = await new Deno.Command("umoci", {
        args: ["unpack", "--image", `${work}/layout:v1`, `${work}/bundle`],
      }).output();
      assert.equal(unpack.code, 0, new TextDecoder().decode(unpack.stderr));
      const fs = mergeLayers((await openImage(`${work}/layout`)).indexes);
      for (const name of ["t", "same-layer", "lower", "below"]) {
        const bytes = await Deno.readFile(`${work}/bundle/rootfs/${name}`);
        const digest = createHash("sha256").update(bytes).digest("hex");
        assert.equal(fs.get(`/${name}`)!.digest, `sha256:${digest}`, name);
      }
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});

Deno.test("openImages() reports a broken layer read by a worker thread as it does in-process", async () => {
  const noise = new Uint8Array(36 << 20).map((_, i) => (i * 7919) >> 3);
  const layer = buildTar([
    file("a/small", "small"),
    whiteout("a/gone"),
    file("a/big", noise.subarray(0, 3 << 20)),
    file("a/broken", "header checksum damaged below"),
    file("a/after", "never reached"),
  ]);
  // The header of "a/broken" follows a/small, the whiteout and a/big.
  const broken = 3 * 512 + 512 + (3 << 20);
  const damaged = layer.slice();
  damaged[broken + 148] ^= 1;
  const truncated = layer.subarray(0, broken - 1000);
  const good = await tempPath("good.tar");
  await writeImage(good, "docker-save", { layers: [[file("n", noise)]] });
  for (
    const [name, tar, verify] of [
      ["checksum", damaged, true],
      ["truncation", truncated, false],
    ] as const
  ) {
    const path = await tempPath(`${name}.tar`);
    const { members } = dockerSaveParts([[file("n", noise)], { tar }]);
    await Deno.writeFile(path, tarOf(members));
    const failure = async (concurrency: number) => {
      try {
        await openImages(good, path, { concurrency, verify });
      } catch (error) {
        return error as Error;
      }
      throw new Error(`${name}: opened`);
    };
    const serial = await failure(1);
    const parallel = await failure(2);
    assert.equal(parallel.message, serial.message, name);
    assert.equal(parallel.constructor, serial.constructor, name);
    assert.match(
      serial.message,
      name === "checksum"
        ? new RegExp(`layer 1 .*offset ${broken}: header checksum mismatch$`)
        : /layer 1 .*entry "a\/big".*unexpected end of data$/,
    );
  }
});

Deno.test("openImages() without verification reads blobs unhashed, files hashed, and reports the digests the archives state", async () => {
  const noise = new Uint8Array(34 << 20).map((_, i) => (i * 31) >> 2);
  const pathA = await tempPath("nv-a.tar");
  const pathB = await tempPath("nv-b.tar");
  await writeImage(pathA, "docker-save", {
    layers: [[file("n", noise)], [file("x", "1")]],
  });
  await writeImage(pathB, "oci-archive", {
    layers: [[file("n", noise)], {
      entries: [file("x", "2")],
      compression: "gzip",
    }],
  });
  const verified = await openImages(pathA, pathB);
  for (const concurrency of [1, 2]) {
    const unverified = await openImages(pathA, pathB, {
      concurrency,
      verify: false,
    });
    assert.deepEqual(unverified, verified, `concurrency ${concurrency}`);
  }
});
