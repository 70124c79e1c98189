import assert from "@std/assert";
import { isDeepStrictEqual } from "node:util";
import type { FileDigests } from "../../mod/layer/file_digest.ts";
import { hashFiles } from "../../mod/layer/hash_files.ts";
import { indexLayer } from "../../mod/layer/index_layer.ts";
import {
  ByteReader,
  type ChunkSource,
  chunkSourceFromBytes,
} from "../../mod/tar/byte_reader.ts";
import { readTar } from "../../mod/tar/reader.ts";
import {
  buildTar,
  dir,
  file,
  hardlink,
  opaque,
  symlink,
  whiteout,
} from "../fixtures/tar_builder.ts";

const pattern = (length: number, seed: number) =>
  new Uint8Array(length).map((_, i) => (i * seed) >> 2);

/** Files of every size class around chunk boundaries, and non-files between. */
const layer = buildTar([
  dir("usr"),
  file("usr/empty"),
  file("usr/small", "small"),
  file("usr/block", pattern(512, 3)),
  file("usr/big", pattern(70_000, 5)),
  whiteout("usr/gone"),
  hardlink("usr/link", "usr/big"),
  file("usr/odd", pattern(1_001, 7)),
  opaque("usr/share"),
  symlink("usr/sym", "big"),
  file("usr/huge", pattern(300_000, 11)),
  file("usr/last", "last"),
]);

interface Handed {
  chunk: Uint8Array;
  digests: string[];
}

async function handOn(tar: ChunkSource) {
  const handed: Handed[] = [];
  const left = await hashFiles(tar, (chunk, digests) => {
    // Copied now, as postMessage copies them.
    handed.push({ chunk: chunk.slice(), digests: [...digests] });
    return Promise.resolve();
  });
  return { handed, left };
}

/**
 * Replays handed-on chunks to a reader; each chunk's digests become
 * available only when that chunk is read, and asking for one before is a
 * failure: the strictest order a receiver can see them in.
 */
function receiver(handed: Handed[]): {
  tar: ChunkSource;
  digests: FileDigests;
} {
  const available: string[] = [];
  let next = 0;
  let read = 0;
  return {
    tar: {
      read() {
        const piece = handed[read++];
        if (!piece) return Promise.resolve(null);
        available.push(...piece.digests);
        return Promise.resolve(piece.chunk);
      },
    },
    digests: {
      given: true,
      next() {
        if (next >= available.length) {
          throw new Error(`digest ${next} asked for before it was handed on`);
        }
        return available[next++];
      },
    },
  };
}

for (const chunkSize of [512, 700, 4096, 65_536, 1 << 20]) {
  Deno.test(`hashFiles() hands on ${chunkSize}-byte chunks in order, each file's digest by the chunk the walk passes it in`, async () => {
    const { handed, left } = await handOn(
      chunkSourceFromBytes(layer, { chunkSize }),
    );
    assert.deepEqual(left, []);
    const bytes = new Uint8Array(layer.length);
    let at = 0;
    for (const { chunk } of handed) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    assert.equal(at, layer.length);
    assert.deepEqual(bytes, layer);

    const expected = await indexLayer(
      readTar(new ByteReader(chunkSourceFromBytes(layer))),
    );
    const { tar, digests } = receiver(handed);
    const given = await indexLayer(readTar(new ByteReader(tar)), {
      fileDigests: digests,
    });
    assert.ok(isDeepStrictEqual(given, expected));
    // Nine files, the whiteout and the opaque marker included.
    assert.equal(handed.flatMap((piece) => piece.digests).length, 9);
  });
}

Deno.test("hashFiles() hands on a tar it cannot parse whole, unhashed from the bad header on", async () => {
  const broken = layer.slice();
  // Corrupt the checksum of the header of "usr/odd".
  const name = new TextEncoder().encode("usr/odd");
  let header = 0;
  while (!isDeepStrictEqual(broken.subarray(header, header + 7), name)) {
    header += 512;
  }
  broken[header + 148] ^= 1;
  const { handed } = await handOn(
    chunkSourceFromBytes(broken, { chunkSize: 4096 }),
  );
  assert.equal(
    handed.reduce((sum, { chunk }) => sum + chunk.length, 0),
    broken.length,
  );
  // The files before it: empty, small, block, big and the whiteout.
  assert.equal(handed.flatMap((piece) => piece.digests).length, 5);
});

Deno.test("hashFiles() fails when reading the tar fails", async () => {
  const source = chunkSourceFromBytes(layer, { chunkSize: 4096 });
  let reads = 0;
  const failing: ChunkSource = {
    read() {
      if (++reads === 5) return Promise.reject(new Error("disk gone"));
      return source.read();
    },
  };
  await assert.rejects(
    () => hashFiles(failing, () => Promise.resolve()),
    /disk gone/,
  );
});
