import assert from "@std/assert";
import { InputError } from "../../mod/errors.ts";
import { decodeHeader, isZeroBlock } from "../../mod/tar/header.ts";
import {
  buildTar,
  dir,
  file,
  patchHeader,
  type TarSpec,
} from "../fixtures/tar_builder.ts";

/** The first header block of a one-member archive. */
const headerOf = (spec: TarSpec) => buildTar([spec]).slice(0, 512);
const patched = (spec: TarSpec, fields: Parameters<typeof patchHeader>[2]) =>
  patchHeader(headerOf(spec), 0, fields);

function assertHeaderError(block: Uint8Array, reason: string, entry?: string) {
  assert.throws(() => decodeHeader(block, 1536), (error: unknown) => {
    if (!(error instanceof InputError)) throw error;
    assert.equal(error.reason, reason);
    assert.equal(error.context.offset, 1536);
    assert.equal(error.context.entry, entry);
    return true;
  });
}

Deno.test("decodeHeader() decodes the fields of a ustar header", () => {
  const header = decodeHeader(headerOf(file("etc/passwd", "root\n", {
    mode: 0o600,
    uid: 1000,
    gid: 100,
    mtime: 1234567890,
  })));
  assert.deepEqual(header, {
    kind: "file",
    name: "etc/passwd",
    linkname: "",
    mode: 0o600,
    uid: 1000,
    gid: 100,
    size: 5,
    mtime: 1234567890,
    devMajor: 0,
    devMinor: 0,
  });
});

Deno.test("decodeHeader() returns null for the zero block", () => {
  assert.equal(decodeHeader(new Uint8Array(512)), null);
  assert.ok(isZeroBlock(new Uint8Array(512)));
  assert.ok(!isZeroBlock(headerOf(file("a"))));
});

Deno.test("decodeHeader() joins the ustar prefix and name", () => {
  const name = `${"p".repeat(150)}/${"n".repeat(100)}`;
  assert.equal(
    decodeHeader(headerOf(file(name, "", { longName: "ustar" })))?.name,
    name,
  );
});

Deno.test("decodeHeader() ignores the prefix area of GNU and v7 headers", () => {
  const gnu = patched(file("a"), {
    magic: "ustar ",
    version: " \0",
    prefix: "junk",
  });
  assert.equal(decodeHeader(gnu)?.name, "a");
  const v7 = patched(file("b", "", { devMajor: 9 }), {
    magic: "",
    version: "",
    prefix: "junk",
  });
  assert.equal(decodeHeader(v7)?.name, "b");
  assert.equal(decodeHeader(v7)?.devMajor, 0);
});

Deno.test("decodeHeader() tolerates spaces and NULs around octal digits", () => {
  const header = decodeHeader(patched(file("a"), {
    mode: " 755 \0",
    uid: "\0\0\0\0\0\0\0\0",
    size: "        12 ",
    mtime: "0",
  }));
  assert.equal(header?.mode, 0o755);
  assert.equal(header?.uid, 0);
  assert.equal(header?.size, 0o12);
  assert.equal(header?.mtime, 0);
});

Deno.test("decodeHeader() rejects a non-octal numeric field", () => {
  assertHeaderError(
    patched(file("a"), { size: "0000012a" }),
    "invalid number in size field",
    "a",
  );
  assertHeaderError(
    patched(file("a"), { mode: "0007 55" }),
    "invalid number in mode field",
    "a",
  );
  assertHeaderError(
    patched(file("a"), { uid: "00000009" }),
    "invalid number in uid field",
    "a",
  );
});

Deno.test("decodeHeader() reads GNU base-256 numbers", () => {
  const header = decodeHeader(headerOf(file("big", "", {
    uid: 2 ** 24,
    gid: 2 ** 40,
    size: 2 ** 36,
    mtime: -1000,
  })));
  assert.equal(header?.uid, 2 ** 24);
  assert.equal(header?.gid, 2 ** 40);
  assert.equal(header?.size, 2 ** 36);
  assert.equal(header?.mtime, -1000);
  const forced = decodeHeader(
    headerOf(file("f", "xy", { base256: true, mode: 0o640 })),
  );
  assert.equal(forced?.size, 2);
  assert.equal(forced?.mode, 0o640);
});

Deno.test("decodeHeader() rejects a negative size and numbers beyond 2^53", () => {
  assertHeaderError(
    headerOf(file("neg", "", { size: -1 })),
    "negative number in size field",
    "neg",
  );
  const huge = new Uint8Array(12).fill(0xff);
  huge[0] = 0x80;
  assertHeaderError(
    patched(file("huge"), { size: huge }),
    "invalid number in size field",
    "huge",
  );
});

Deno.test("decodeHeader() rejects a checksum mismatch", () => {
  const block = headerOf(file("a", "x"));
  block[0] ^= 1;
  assertHeaderError(block, "header checksum mismatch");
  assertHeaderError(
    patched(file("a"), {}).fill(0x41, 148, 156),
    "header checksum mismatch",
  );
});

Deno.test("decodeHeader() accepts a checksum summed over signed bytes", () => {
  const block = headerOf(file(new Uint8Array([0xe9, 0xff])));
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i];
    signed += b >= 0x80 ? b - 256 : b;
  }
  block.set(
    new TextEncoder().encode(signed.toString(8).padStart(6, "0") + "\0 "),
    148,
  );
  assert.equal(decodeHeader(block)?.name, "\udce9\udcff");
});

Deno.test("decodeHeader() maps every typeflag to its kind", () => {
  const kinds = {
    "0": "file",
    "\0": "file",
    "7": "file",
    "1": "hardlink",
    "2": "symlink",
    "3": "char",
    "4": "block",
    "5": "dir",
    "6": "fifo",
    "x": "pax",
    "g": "globalPax",
    "L": "gnuLongName",
    "K": "gnuLongLink",
  };
  for (const [flag, kind] of Object.entries(kinds)) {
    assert.equal(
      decodeHeader(headerOf(file("a", "", { typeflag: flag })))?.kind,
      kind,
      flag,
    );
  }
});

Deno.test("decodeHeader() reads an old-style file with a trailing slash as a directory", () => {
  assert.equal(
    decodeHeader(headerOf(file("d/", "", { typeflag: "\0" })))?.kind,
    "dir",
  );
  assert.equal(
    decodeHeader(headerOf(file("d/", "", { typeflag: "0" })))?.kind,
    "file",
  );
});

Deno.test("decodeHeader() rejects an unsupported typeflag", () => {
  assertHeaderError(
    headerOf(file("s", "", { typeflag: "S" })),
    "unsupported entry type 'S'",
    "s",
  );
  assertHeaderError(
    headerOf(file("v", "", { typeflag: "\x01" })),
    "unsupported entry type '\\x01'",
    "v",
  );
});

Deno.test("decodeHeader() reads device numbers and link names", () => {
  const header = decodeHeader(
    headerOf({ path: "dev/null", type: "char", devMajor: 1, devMinor: 3 }),
  );
  assert.equal(header?.kind, "char");
  assert.equal(header?.devMajor, 1);
  assert.equal(header?.devMinor, 3);
  assert.equal(decodeHeader(headerOf(dir("d/")))?.mode, 0o755);
  const link = decodeHeader(
    headerOf({ path: "l", type: "symlink", target: "x".repeat(100) }),
  );
  assert.equal(link?.linkname, "x".repeat(100));
});

Deno.test("decodeHeader() reads a block at any byte offset of its buffer", () => {
  const block = headerOf(file("odd", "12345"));
  for (const shift of [1, 2, 3]) {
    const buffer = new Uint8Array(512 + shift);
    buffer.set(block, shift);
    assert.equal(decodeHeader(buffer.subarray(shift))?.size, 5);
    buffer[shift + 200] = 1;
    assertHeaderError(buffer.subarray(shift), "header checksum mismatch");
  }
});
