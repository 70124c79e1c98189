/**
 * decodeRpmHeader() on headers rpm wrote (see rpm_fixture.ts), each hostile
 * case one edit of a real header.
 */
import assert from "@std/assert";
import { InputError } from "../../../mod/errors.ts";
import { decodeRpmHeader } from "../../../mod/analyze/packages/rpm_header.ts";
import { headerBlobs, rpmFixture, rpmSkipReason } from "./rpm_fixture.ts";

const skipReason = await rpmSkipReason();
if (skipReason) console.log(`SKIPPING rpm header tests: ${skipReason}`);
const ignore = skipReason !== undefined;

const NAME = 1000;
const EPOCH = 1003;
const DIRINDEXES = 1116;
const BASENAMES = 1117;
const DIRNAMES = 1118;
const LONGSIZE = 5009;

async function realHeader(name: string): Promise<Uint8Array> {
  return headerBlobs((await rpmFixture()).db).get(name)!.blob;
}

/** The parts of a header blob, read independently of the decoder. */
function layout(blob: Uint8Array) {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const il = view.getUint32(0);
  const dl = view.getUint32(4);
  const dataStart = 8 + 16 * il;
  /** Byte position of the index entry for `tag`. */
  const entry = (tag: number) => {
    for (let at = 8; at < dataStart; at += 16) {
      if (view.getUint32(at) === tag) return at;
    }
    throw new Error(`no tag ${tag}`);
  };
  return { view, il, dl, dataStart, entry };
}

/** A copy of `blob` after `fn` edited it. */
function edited(
  blob: Uint8Array,
  fn: (parts: ReturnType<typeof layout>, bytes: Uint8Array) => void,
): Uint8Array {
  const copy = blob.slice();
  fn(layout(copy), copy);
  return copy;
}

/** `blob` with one more index entry (after the others) and its data. */
function appended(
  blob: Uint8Array,
  entry: { tag: number; type: number; count: number; data: Uint8Array },
): Uint8Array {
  const { il, dl, dataStart } = layout(blob);
  const offset = Math.ceil(dl / 8) * 8;
  const out = new Uint8Array(
    blob.length + 16 + (offset - dl) + entry.data.length,
  );
  const view = new DataView(out.buffer);
  out.set(blob.subarray(0, dataStart));
  view.setUint32(0, il + 1);
  view.setUint32(4, offset + entry.data.length);
  view.setUint32(dataStart, entry.tag);
  view.setUint32(dataStart + 4, entry.type);
  view.setUint32(dataStart + 8, offset);
  view.setUint32(dataStart + 12, entry.count);
  out.set(blob.subarray(dataStart), dataStart + 16);
  out.set(entry.data, dataStart + 16 + offset);
  return out;
}

function assertRefused(blob: Uint8Array, reason: string): void {
  assert.throws(() => decodeRpmHeader(blob), (error: unknown) => {
    assert.ok(error instanceof InputError);
    assert.equal((error as InputError).reason, reason);
    return true;
  });
}

Deno.test({
  name:
    "decodeRpmHeader() reads name, EVR, arch, size, source and files of a header rpm wrote",
  ignore,
  fn: async () => {
    const facts = (await rpmFixture()).packages.find((p) => p.name === "beta")!;
    const header = decodeRpmHeader(await realHeader("beta"));
    assert.deepEqual(header, {
      name: "beta",
      version: "0.9~rc1",
      release: "1.fc40",
      epoch: null,
      arch: facts.arch,
      size: facts.installedSize,
      sourceRpm: facts.source,
      files: facts.files,
    });
    assert.equal(`${header.version}-${header.release}`, facts.version);
    assert.equal(decodeRpmHeader(await realHeader("gamma")).epoch, 0);
    assert.equal(decodeRpmHeader(await realHeader("alpha")).epoch, 2);
  },
});

Deno.test({
  name: "decodeRpmHeader() prefers LONGSIZE to SIZE",
  ignore,
  fn: async () => {
    const data = new Uint8Array(8);
    new DataView(data.buffer).setBigUint64(0, 5_000_000_000n);
    const blob = appended(await realHeader("alpha"), {
      tag: LONGSIZE,
      type: 5,
      count: 1,
      data,
    });
    assert.equal(decodeRpmHeader(blob).size, 5_000_000_000);
  },
});

Deno.test({
  name:
    "decodeRpmHeader() takes a tag repeated after the immutable region over the region's copy",
  ignore,
  fn: async () => {
    const blob = appended(await realHeader("alpha"), {
      tag: NAME,
      type: 6,
      count: 1,
      data: new TextEncoder().encode("alpha-renamed\0"),
    });
    assert.equal(decodeRpmHeader(blob).name, "alpha-renamed");
  },
});

Deno.test({
  name: "decodeRpmHeader() refuses a blob shorter than its preamble",
  ignore,
  fn: async () => {
    assertRefused(
      (await realHeader("alpha")).subarray(0, 5),
      "header is 5 bytes, shorter than its 8-byte preamble",
    );
  },
});

Deno.test({
  name:
    "decodeRpmHeader() refuses an index count that the blob cannot hold, without reading it",
  ignore,
  fn: async () => {
    const blob = await realHeader("alpha");
    const { dl } = layout(blob);
    assertRefused(
      edited(blob, ({ view }) => view.setUint32(0, 0xffffffff)),
      `header of 4294967295 index entries and ${dl} data bytes needs ${
        8 + 16 * 0xffffffff + dl
      } bytes, the blob has ${blob.length}`,
    );
  },
});

Deno.test({
  name: "decodeRpmHeader() refuses an offset outside the data store",
  ignore,
  fn: async () => {
    const blob = await realHeader("alpha");
    const { dl } = layout(blob);
    for (const offset of [dl, 0x7fffffff, -1]) {
      assertRefused(
        edited(
          blob,
          ({ view, entry }) => view.setInt32(entry(NAME) + 8, offset),
        ),
        `tag 1000 starts at offset ${offset}, outside the ${dl} data bytes`,
      );
    }
  },
});

Deno.test({
  name: "decodeRpmHeader() refuses a huge string count before looping over it",
  ignore,
  fn: async () => {
    const blob = await realHeader("beta");
    const { view, entry, dl } = layout(blob);
    const offset = view.getInt32(entry(BASENAMES) + 8);
    assertRefused(
      edited(
        blob,
        ({ view, entry }) => view.setUint32(entry(BASENAMES) + 12, 0xffffffff),
      ),
      `tag 1117 holds 4294967295 strings, more than the ${
        dl - offset
      } bytes after offset ${offset}`,
    );
  },
});

Deno.test({
  name:
    "decodeRpmHeader() refuses a number array that runs past the data store",
  ignore,
  fn: async () => {
    const blob = await realHeader("beta");
    const { view, entry, dl } = layout(blob);
    const offset = view.getInt32(entry(DIRINDEXES) + 8);
    assertRefused(
      edited(
        blob,
        ({ view, entry }) => view.setUint32(entry(DIRINDEXES) + 12, 0x40000000),
      ),
      `tag 1116 needs ${
        4 * 0x40000000
      } bytes at offset ${offset}, past the ${dl} data bytes`,
    );
  },
});

Deno.test({
  name: "decodeRpmHeader() refuses a string with no terminating NUL",
  ignore,
  fn: async () => {
    const blob = await realHeader("alpha");
    const { view, entry } = layout(blob);
    const offset = view.getInt32(entry(NAME) + 8);
    assertRefused(
      edited(
        blob,
        ({ dataStart }, bytes) => bytes.fill(0x41, dataStart + offset),
      ),
      `tag 1000 string 0 at offset ${offset} has no terminating NUL`,
    );
  },
});

Deno.test({
  name: "decodeRpmHeader() refuses a tag of the wrong type",
  ignore,
  fn: async () => {
    const blob = await realHeader("alpha");
    assertRefused(
      edited(blob, ({ view, entry }) => view.setUint32(entry(NAME) + 4, 4)),
      "tag 1000 has type int32, expected string",
    );
    assertRefused(
      edited(blob, ({ view, entry }) => view.setUint32(entry(EPOCH) + 12, 2)),
      "tag 1003 holds 2 numbers, not 1",
    );
  },
});

Deno.test({
  name: "decodeRpmHeader() refuses a header without a name",
  ignore,
  fn: async () => {
    assertRefused(
      edited(
        await realHeader("alpha"),
        ({ view, entry }) => view.setUint32(entry(NAME), 999),
      ),
      "header has no name, version or release",
    );
  },
});

Deno.test({
  name: "decodeRpmHeader() refuses file lists whose parts do not agree",
  ignore,
  fn: async () => {
    const blob = await realHeader("beta");
    const files = decodeRpmHeader(blob).files.length;
    const dirs = layout(blob).view.getUint32(layout(blob).entry(DIRNAMES) + 12);
    assertRefused(
      edited(
        blob,
        ({ view, entry }) => view.setUint32(entry(DIRINDEXES) + 12, files - 1),
      ),
      `header has ${files} base names but ${files - 1} directory indexes`,
    );
    assertRefused(
      edited(
        blob,
        ({ view, entry, dataStart }) =>
          view.setUint32(dataStart + view.getInt32(entry(DIRINDEXES) + 8), 99),
      ),
      `file 0 points to directory 99 of ${dirs}`,
    );
  },
});

Deno.test({
  name: "decodeRpmHeader() refuses a file path that escapes the root",
  ignore,
  fn: async () => {
    const blob = await realHeader("beta");
    const { view, entry, dataStart } = layout(blob);
    const at = dataStart + view.getInt32(entry(DIRNAMES) + 8);
    const first = new TextDecoder().decode(
      blob.subarray(at, blob.indexOf(0, at)),
    );
    assert.equal(first, "/usr/bin/");
    const hostile = edited(
      blob,
      (_, bytes) => bytes.set(new TextEncoder().encode("/../../b/"), at),
    );
    assertRefused(hostile, 'file "/../../b/beta": path escapes the root');
  },
});
