/**
 * Tar decoding throughput: our readTar against tar-stream and modern-tar on
 * the same in-memory archive (20,000 files of 2 KB and three of 10 MB, fed
 * in 64 KiB chunks), each consuming every body byte. The sha256 rows show
 * the floor layerdiff aims for: hashing the bytes at all.
 *
 * Run: deno bench --allow-all bench/tar_codec_bench.ts
 */

import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { createTarDecoder } from "modern-tar";
import tarStream from "tar-stream";
import { ByteReader, chunkSourceFromBytes } from "../mod/tar/byte_reader.ts";
import { readTar } from "../mod/tar/reader.ts";
import {
  buildTar,
  dir,
  file,
  type TarSpec,
} from "../tests/fixtures/tar_builder.ts";

const CHUNK = 64 * 1024;
const small = new Uint8Array(2048).fill(0x61);
const large = new Uint8Array(10 * 1024 * 1024).fill(0x62);
const specs: TarSpec[] = [];
for (let d = 0; d < 200; d++) {
  specs.push(dir(`usr/share/pkg${d}/`));
  for (let f = 0; f < 100; f++) {
    specs.push(file(`usr/share/pkg${d}/file-${f}.txt`, small));
  }
}
for (let i = 0; i < 3; i++) specs.push(file(`opt/blob${i}.bin`, large));
const archive = buildTar(specs);
const expected = 20000 * small.length + 3 * large.length;

function* chunks(): Generator<Uint8Array> {
  for (let at = 0; at < archive.length; at += CHUNK) {
    yield archive.subarray(at, at + CHUNK);
  }
}

function check(total: number): void {
  if (total !== expected) {
    throw new Error(`read ${total} bytes, expected ${expected}`);
  }
}

const options = { group: "decode", n: 10, warmup: 2 };

Deno.bench({
  name: `layerdiff readTar (${(archive.length / 2 ** 20).toFixed(0)} MiB)`,
  ...options,
  baseline: true,
  async fn() {
    let total = 0;
    const reader = new ByteReader(
      chunkSourceFromBytes(archive, { chunkSize: CHUNK }),
    );
    for await (const entry of readTar(reader)) {
      for await (const chunk of entry.body) total += chunk.length;
    }
    check(total);
  },
});

Deno.bench({
  name: "tar-stream extract()",
  ...options,
  async fn() {
    let total = 0;
    const extract = tarStream.extract();
    Readable.from(chunks()).pipe(extract);
    for await (const entry of extract) {
      for await (const chunk of entry) total += (chunk as Uint8Array).length;
    }
    check(total);
  },
});

Deno.bench({
  name: "modern-tar createTarDecoder()",
  ...options,
  async fn() {
    let total = 0;
    const entries = ReadableStream.from(chunks()).pipeThrough(
      createTarDecoder(),
    );
    for await (const entry of entries) {
      for await (const chunk of entry.body) total += chunk.length;
    }
    check(total);
  },
});

Deno.bench({
  name: "layerdiff readTar + sha256 of every body",
  ...options,
  async fn() {
    let total = 0;
    const reader = new ByteReader(
      chunkSourceFromBytes(archive, { chunkSize: CHUNK }),
    );
    for await (const entry of readTar(reader)) {
      const hash = createHash("sha256");
      for await (const chunk of entry.body) {
        hash.update(chunk);
        total += chunk.length;
      }
      hash.digest("hex");
    }
    check(total);
  },
});

Deno.bench({
  name: "sha256 of the whole archive (floor, like tar | openssl sha256)",
  ...options,
  fn() {
    const hash = createHash("sha256");
    for (const chunk of chunks()) hash.update(chunk);
    hash.digest("hex");
  },
});
