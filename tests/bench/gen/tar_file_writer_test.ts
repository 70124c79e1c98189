import assert from "@std/assert";
import { createHash } from "node:crypto";
import { TarFileWriter } from "../../../bench/gen/tar_file_writer.ts";
import {
  buildTar,
  dir,
  file,
  symlink,
  type TarSpec,
} from "../../fixtures/tar_builder.ts";

const specs: TarSpec[] = [
  dir("usr/"),
  file("usr/a.txt", "hello\n"),
  file(`usr/${"long-name/".repeat(12)}b.bin`, new Uint8Array(5000).fill(7)),
  symlink("usr/c", "a.txt"),
];

Deno.test("TarFileWriter writes the bytes buildTar builds, body streamed in chunks", async () => {
  const path = await Deno.makeTempFile();
  try {
    const writer = await TarFileWriter.create(path);
    for (const spec of specs) {
      const content = typeof spec.content === "string"
        ? new TextEncoder().encode(spec.content)
        : spec.content ?? new Uint8Array(0);
      const chunks = [content.subarray(0, 1000), content.subarray(1000)];
      await writer.add(
        { ...spec, content: undefined, size: content.length },
        chunks,
      );
    }
    const written = await writer.finish();
    const expected = buildTar(specs);
    const actual = await Deno.readFile(path);
    assert.deepEqual(actual, expected);
    assert.equal(written.size, expected.length);
    assert.equal(
      written.digest,
      `sha256:${createHash("sha256").update(expected).digest("hex")}`,
    );
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("TarFileWriter rejects a body shorter than the declared size", async () => {
  const path = await Deno.makeTempFile();
  try {
    const writer = await TarFileWriter.create(path);
    await assert.rejects(
      writer.add({ path: "a", size: 10 }, [new Uint8Array(4)]),
      /body is 4, header 10/,
    );
    await writer.finish();
  } finally {
    await Deno.remove(path);
  }
});
