import assert from "@std/assert";
import { InputError } from "../../mod/errors.ts";
import {
  mergePaxRecords,
  parsePaxRecords,
  paxFields,
} from "../../mod/tar/pax.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);

function assertMalformed(data: Uint8Array | string) {
  assert.throws(
    () => parsePaxRecords(typeof data === "string" ? utf8(data) : data),
    (error: unknown) =>
      error instanceof InputError && error.reason === "malformed PAX record",
    JSON.stringify(data),
  );
}

Deno.test("parsePaxRecords() reads length-prefixed records", () => {
  const records = parsePaxRecords(
    utf8("12 path=a/b\n" + "12 uid=1000\n" + "17 comment=x=y z\n"),
  );
  assert.deepEqual([...records], [["path", "a/b"], ["uid", "1000"], [
    "comment",
    "x=y z",
  ]]);
});

Deno.test("parsePaxRecords() keeps newlines inside values and the bytes of invalid UTF-8", () => {
  assert.deepEqual([...parsePaxRecords(utf8("12 path=a\nb\n"))], [[
    "path",
    "a\nb",
  ]]);
  const raw = new Uint8Array([...utf8("10 path="), 0xff, 0x0a]);
  assert.deepEqual([...parsePaxRecords(raw)], [["path", "\udcff"]]);
});

Deno.test("parsePaxRecords() rejects a record whose length does not match", () => {
  assertMalformed("11 path=a/b\n"); // too short: the record ends before "\n"
  assertMalformed("13 path=a/b\n"); // too long: runs past the data
  assertMalformed("12 path=a/b\n1"); // trailing garbage
  assertMalformed("0 path=a/b\n");
  assertMalformed("a path=a/b\n");
  assertMalformed("12path=a/b\n\n");
  assertMalformed("9 patha/\n"); // no "="
  assertMalformed("6 =ab\n"); // empty keyword
  assertMalformed("99999999999999999 a=b\n");
  assertMalformed(new Uint8Array(5));
});

Deno.test("mergePaxRecords() lets later records win and empty values delete", () => {
  const global = new Map([["uid", "1"], ["gid", "2"], ["comment", "c"]]);
  const local = new Map([["uid", "3"], ["gid", ""]]);
  assert.deepEqual([...mergePaxRecords(global, local)], [["uid", "3"], [
    "comment",
    "c",
  ]]);
  assert.equal(global.get("gid"), "2");
});

Deno.test("paxFields() reads path, linkpath, numbers, fractional mtime and xattrs", () => {
  const fields = paxFields(
    new Map([
      ["path", "a/b"],
      ["linkpath", "c"],
      ["size", "8589934592"],
      ["uid", "4294967296"],
      ["gid", "7"],
      ["mtime", "1700000000.123456789"],
      ["atime", "1"],
      ["SCHILY.xattr.user.k", "v"],
      ["SCHILY.xattr.security.capability", "\udc01\udc02"],
    ]),
  );
  assert.deepEqual(fields, {
    name: "a/b",
    linkname: "c",
    size: 8589934592,
    uid: 4294967296,
    gid: 7,
    mtime: 1700000000.123456789,
    xattrs: { "user.k": "v", "security.capability": "\udc01\udc02" },
  });
  assert.equal(paxFields(new Map([["mtime", "-12.5"]])).mtime, -12.5);
});

Deno.test("paxFields() rejects malformed numbers and sparse files", () => {
  for (
    const [key, value] of [["size", "-1"], ["uid", "1e3"], ["gid", ""], [
      "size",
      "99999999999999999",
    ], ["mtime", "1.2.3"]]
  ) {
    assert.throws(
      () => paxFields(new Map([[key, value]])),
      (error: unknown) =>
        error instanceof InputError &&
        error.reason === `invalid PAX ${key} value`,
    );
  }
  assert.throws(
    () => paxFields(new Map([["GNU.sparse.major", "1"]])),
    (error: unknown) =>
      error instanceof InputError && error.reason === "unsupported sparse file",
  );
});
