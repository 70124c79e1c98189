/**
 * Peak memory of layerdiff on inputs sized to hurt (issue 6, "memory stays
 * bounded"): a layer of a million tiny files, and a gzip layer of a few
 * megabytes holding one 10 GB file of zeros (a decompression bomb). The
 * archives are generated into bench/out/memory/ by streaming to disk (never
 * whole in memory) and reused; layerdiff runs as a subprocess under
 * `/usr/bin/time -f %M` (apt-get install time), its stdout counted and
 * dropped. It ends with a summary table (Markdown) to quote: peak RSS of
 * each case, the same over the baseline (Deno and layerdiff's code), the
 * output's size, time and exit code.
 *
 * Run: deno run --allow-all bench/memory.ts [--files 1000000] [--zeros-gb 10]
 *        [--force]
 *
 * Expected: the bomb costs no more than the baseline (bytes stream through);
 * the million files cost memory in proportion to the entries, not the bytes,
 * and the JSON of a million added paths (hundreds of MB) streams out.
 *
 * @module
 */
import { createHash, type Hash } from "node:crypto";
import { parseArgs } from "node:util";
import { ociParts } from "../tests/fixtures/archive_parts.ts";
import { writeImage } from "../tests/fixtures/image_builder.ts";
import {
  buildTar,
  dir,
  file,
  type TarSpec,
  whiteout,
} from "../tests/fixtures/tar_builder.ts";
import { gzipChunks, zeroFileTar } from "../tests/fixtures/zero_tar.ts";
import { V8_FLAGS } from "./measure/v8_flags.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    files: { type: "string", default: "1000000" },
    "zeros-gb": { type: "string", default: "10" },
    force: { type: "boolean", default: false },
  },
});
const FILES = Number(values.files);
const ZERO_BYTES = Number(values["zeros-gb"]) * 1e9;
const FILES_PER_DIR = 1000;
const out = new URL("./out/memory/", import.meta.url).pathname;
const main = new URL("../main.ts", import.meta.url).pathname;

/** A gzip layer blob written to a file, with its digests. */
interface Blob {
  path: string;
  digest: string;
  diffId: string;
  size: number;
}

/** The tar of `FILES` tiny files in directories of a thousand. */
async function* millionFiles(): AsyncGenerator<Uint8Array> {
  for (let d = 0; d * FILES_PER_DIR < FILES; d++) {
    const specs: TarSpec[] = [dir(`data/d${d}/`)];
    const count = Math.min(FILES_PER_DIR, FILES - d * FILES_PER_DIR);
    for (let f = 0; f < count; f++) {
      specs.push(file(`data/d${d}/f${f}`, `${d}/${f}\n`));
    }
    yield buildTar(specs, { end: false });
    await Promise.resolve();
  }
  yield new Uint8Array(1024);
}

/** Gzips a tar stream to `path`, hashing the tar and the blob on the way. */
async function writeBlob(
  tar: AsyncIterable<Uint8Array>,
  path: string,
  level: number,
): Promise<Blob> {
  const tarHash = createHash("sha256");
  const blobHash = createHash("sha256");
  let size = 0;
  const blob = await Deno.open(path, {
    write: true,
    create: true,
    truncate: true,
  });
  const writer = blob.writable.getWriter();
  for await (const chunk of gzipChunks(tapped(tar, tarHash), { level })) {
    blobHash.update(chunk);
    size += chunk.length;
    await writer.write(chunk);
  }
  await writer.close();
  return {
    path,
    digest: `sha256:${blobHash.digest("hex")}`,
    diffId: `sha256:${tarHash.digest("hex")}`,
    size,
  };
}

async function* tapped(
  chunks: AsyncIterable<Uint8Array>,
  hash: Hash,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
}

/**
 * Writes an OCI archive whose first layer is a big blob on disk (streamed
 * into the archive) and whose other layers are small tars in memory.
 */
async function writeOciArchive(
  path: string,
  big: Blob,
  small: TarSpec[][],
): Promise<void> {
  // Build the archive's members around a stand-in for the big blob, then
  // swap its descriptor and bytes for the real ones.
  const stand = new Uint8Array([big.size % 251]);
  const parts = ociParts([{ blob: stand, diffId: big.diffId }, ...small], {
    manifest: (manifest) => {
      manifest.layers[0].digest = big.digest;
      manifest.layers[0].size = big.size;
      manifest.layers[0].mediaType =
        "application/vnd.oci.image.layer.v1.tar+gzip";
    },
  });
  const archive = await Deno.open(path, {
    write: true,
    create: true,
    truncate: true,
  });
  const writer = archive.writable.getWriter();
  for (const [name, content] of parts.members) {
    if (name === parts.layers[0].path) {
      const member = `blobs/sha256/${big.digest.slice(7)}`;
      await writer.write(header(member, big.size));
      const blob = await Deno.open(big.path);
      for await (const chunk of blob.readable) await writer.write(chunk);
      await writer.write(new Uint8Array((512 - big.size % 512) % 512));
    } else {
      await writer.write(buildTar([{ path: name, content }], { end: false }));
    }
  }
  await writer.write(new Uint8Array(1024));
  await writer.close();
}

/** The header of a member of `size` bytes. */
function header(path: string, size: number): Uint8Array {
  return buildTar([{ path, content: "", size }], { end: false });
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Generates the archives (or reuses them); returns their paths. */
async function generate(): Promise<Record<string, string>> {
  await Deno.mkdir(out, { recursive: true });
  const paths = {
    small: `${out}small.tar`,
    million: `${out}million-${FILES}.tar`,
    millionV2: `${out}million-${FILES}-v2.tar`,
    zeros: `${out}zeros-${ZERO_BYTES}.tar`,
  };
  await writeImage(paths.small, "docker-save", {
    layers: [[dir("etc"), file("etc/os-release", "ID=small\n")]],
  });
  if (values.force || !(await exists(paths.millionV2))) {
    console.log(`generating a layer of ${FILES} files…`);
    const blob = await writeBlob(millionFiles(), `${out}million.blob`, 1);
    await writeOciArchive(paths.million, blob, []);
    await writeOciArchive(paths.millionV2, blob, [[
      file("data/d0/f0", "changed\n"),
      file("data/d1/new", "added\n"),
      whiteout("data/d2/f2"),
    ]]);
    await Deno.remove(blob.path);
  }
  if (values.force || !(await exists(paths.zeros))) {
    console.log(`generating a gzip layer of ${ZERO_BYTES / 1e9} GB of zeros…`);
    const blob = await writeBlob(
      zeroFileTar("zeros", ZERO_BYTES),
      `${out}zeros.blob`,
      9,
    );
    console.log(`  ${(blob.size / 1e6).toFixed(1)} MB compressed`);
    await writeOciArchive(paths.zeros, blob, []);
    await Deno.remove(blob.path);
  }
  return paths;
}

/** What one run of layerdiff cost. */
interface Measured {
  rssMb: number;
  seconds: number;
  code: number;
  /** Bytes layerdiff wrote to stdout. */
  outputBytes: number;
  error: string;
}

/** Runs layerdiff under /usr/bin/time, counting (not keeping) its stdout. */
async function measure(args: string[]): Promise<Measured> {
  const started = performance.now();
  const child = new Deno.Command("/usr/bin/time", {
    args: [
      "-f",
      "%M",
      Deno.execPath(),
      "run",
      "--allow-read",
      V8_FLAGS,
      main,
      ...args,
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const [outputBytes, stderr, status] = await Promise.all([
    countBytes(child.stdout),
    new Response(child.stderr).text(),
    child.status,
  ]);
  const seconds = (performance.now() - started) / 1000;
  const lines = stderr.trim().split("\n");
  const kilobytes = Number(lines.pop());
  return {
    rssMb: kilobytes / 1024,
    seconds,
    code: status.code,
    outputBytes,
    error: lines.join("\n"),
  };
}

async function countBytes(stream: ReadableStream<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += chunk.length;
  return bytes;
}

/** "1.2 MB" for an output size. */
function size(bytes: number): string {
  return bytes >= 1e6
    ? `${(bytes / 1e6).toFixed(1)} MB`
    : `${(bytes / 1e3).toFixed(1)} kB`;
}

if (!(await exists("/usr/bin/time"))) {
  console.error("needs /usr/bin/time (GNU time): apt-get install time");
  Deno.exit(2);
}
const paths = await generate();
const cases: [string, string[]][] = [
  ["baseline: two tiny images", [paths.small, paths.small]],
  [
    `${FILES} files, shared by A and B (B adds a layer)`,
    [paths.million, paths.millionV2, "--json"],
  ],
  [
    `${FILES} files added (every one in the report)`,
    [paths.small, paths.million, "--json"],
  ],
  [
    `${FILES} files added, table view`,
    [paths.small, paths.million],
  ],
  [
    `${ZERO_BYTES / 1e9} GB file of zeros in a gzip layer`,
    [paths.small, paths.zeros, "--json"],
  ],
];
const results: [string, Measured][] = [];
for (const [name, args] of cases) {
  console.log(`running: ${name}…`);
  const result = await measure(args);
  if (result.error) console.log(`  stderr: ${result.error}`);
  results.push([name, result]);
}
const baseline = results[0][1].rssMb;
console.log(
  `\nlayerdiff peak memory: Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores, ${
    new Date().toISOString().slice(0, 16)
  }Z\n`,
);
console.log("| case | peak RSS | over baseline | output | time | exit |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const [name, result] of results) {
  const over = result === results[0][1]
    ? "–"
    : `${(result.rssMb - baseline).toFixed(0)} MB`;
  console.log(
    `| ${name} | ${result.rssMb.toFixed(0)} MB | ${over} | ${
      size(result.outputBytes)
    } | ${result.seconds.toFixed(1)} s | ${result.code} |`,
  );
}
