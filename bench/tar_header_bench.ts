/**
 * Tar header decoding alone: `decodeHeader()` on 10,000 distinct ustar
 * header blocks (files, directories, symlinks; names of 20 to 90 bytes),
 * the per-entry cost under every other stage.
 *
 * Run: deno bench --allow-all bench/tar_header_bench.ts
 */

import { BLOCK_SIZE, decodeHeader } from "../mod/tar/header.ts";
import {
  buildTar,
  dir,
  symlink,
  type TarSpec,
} from "../tests/fixtures/tar_builder.ts";

const COUNT = 10000;
const specs: TarSpec[] = [];
for (let i = 0; i < COUNT; i++) {
  const deep = i % 10 === 0 ? `${"nested-dir/".repeat(5)}` : "";
  if (i % 20 === 0) specs.push(dir(`usr/share/${deep}d${i}/`));
  else if (i % 20 === 1) specs.push(symlink(`usr/bin/l${i}`, "../lib/x"));
  // Empty files: every block of the archive is a header.
  else specs.push({ path: `usr/share/${deep}pkg/file-${i}.txt`, type: "file" });
}
const archive = buildTar(specs);
const blocks = Array.from(
  { length: COUNT },
  (_, i) => archive.subarray(i * BLOCK_SIZE, (i + 1) * BLOCK_SIZE),
);

Deno.bench({
  name: `decodeHeader() × ${COUNT}`,
  group: "header",
  n: 50,
  warmup: 5,
  fn() {
    let size = 0;
    for (const block of blocks) size += decodeHeader(block)!.mode;
    if (size === 0) throw new Error("no headers decoded");
  },
});
