/**
 * One layer's index from an in-memory tar: `indexLayer(readTar())` on
 * 20,000 files of 2 KB in 200 directories (the shape of a base image), fed
 * in 1 MiB chunks as a file or the worker hands them over. The readTar row
 * walks the same entries and hashes nothing: the difference is hashing
 * and index building.
 *
 * Run: deno bench --allow-all bench/layer_index_bench.ts
 */

import { indexLayer } from "../mod/layer/index_layer.ts";
import { ByteReader, chunkSourceFromBytes } from "../mod/tar/byte_reader.ts";
import { readTar } from "../mod/tar/reader.ts";
import {
  buildTar,
  dir,
  file,
  hardlink,
  symlink,
  type TarSpec,
} from "../tests/fixtures/tar_builder.ts";

const CHUNK = 1 << 20;
const content = new Uint8Array(2048).map((_, i) => i & 0xff);
const specs: TarSpec[] = [];
for (let d = 0; d < 200; d++) {
  specs.push(dir(`usr/lib/pkg${d}/`));
  for (let f = 0; f < 100; f++) {
    specs.push(file(`usr/lib/pkg${d}/module-${f}.js`, content));
  }
  specs.push(symlink(`usr/lib/pkg${d}/index.js`, "module-0.js"));
  specs.push(
    hardlink(`usr/lib/pkg${d}/copy.js`, `usr/lib/pkg${d}/module-1.js`),
  );
}
const archive = buildTar(specs);
const reader = () =>
  new ByteReader(chunkSourceFromBytes(archive, { chunkSize: CHUNK }));
const options = { group: "index", n: 20, warmup: 3 };

Deno.bench({
  name: `indexLayer(readTar()) of ${specs.length} entries (${
    (archive.length / 2 ** 20).toFixed(0)
  } MiB)`,
  ...options,
  baseline: true,
  async fn() {
    const { entryCount } = await indexLayer(readTar(reader()));
    if (entryCount !== specs.length) throw new Error("entries lost");
  },
});

Deno.bench({
  name: "readTar() alone, bodies unread",
  ...options,
  async fn() {
    let count = 0;
    for await (const _ of readTar(reader())) count++;
    if (count !== specs.length) throw new Error("entries lost");
  },
});
