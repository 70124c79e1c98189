import assert from "@std/assert";
import fc from "fast-check";
import { compareNames, decodeName, encodeName } from "../../mod/tar/name.ts";

const bytes = (...values: number[]) => new Uint8Array(values);
const utf8 = (text: string) => new TextEncoder().encode(text);

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

Deno.test("decodeName() decodes ASCII and valid UTF-8 as text", () => {
  assert.equal(decodeName(utf8("etc/passwd")), "etc/passwd");
  assert.equal(
    decodeName(utf8("caf\u00e9/\u65e5\u672c/\u{1f600}")),
    "caf\u00e9/\u65e5\u672c/\u{1f600}",
  );
  assert.equal(decodeName(new Uint8Array(0)), "");
  assert.equal(decodeName(utf8("a".repeat(5000))), "a".repeat(5000));
});

Deno.test("decodeName() escapes each invalid byte as a lone surrogate", () => {
  assert.equal(decodeName(bytes(0x61, 0xff)), "a\udcff");
  assert.equal(decodeName(bytes(0xe9, 0x2f)), "\udce9/"); // Latin-1 é
  assert.equal(decodeName(bytes(0xc3)), "\udcc3"); // truncated sequence
  assert.equal(decodeName(bytes(0xc0, 0xaf)), "\udcc0\udcaf"); // overlong "/"
  assert.equal(decodeName(bytes(0xed, 0xa0, 0x80)), "\udced\udca0\udc80"); // encoded surrogate
  assert.equal(
    decodeName(bytes(0xf4, 0x90, 0x80, 0x80)),
    "\udcf4\udc90\udc80\udc80",
  ); // > U+10FFFF
  assert.equal(decodeName(bytes(0xc3, 0xa9, 0x80)), "\u00e9\udc80"); // valid then stray
});

Deno.test("decodeName() keeps a real U+FFFD and a leading BOM", () => {
  assert.equal(decodeName(utf8("\ufeffa\ufffd")), "\ufeffa\ufffd");
  assert.equal(decodeName(bytes(0xef, 0xbf, 0xbd, 0xff)), "\ufffd\udcff");
});

Deno.test("decodeName() keeps two different invalid names distinct", () => {
  const a = decodeName(bytes(0x66, 0xe9));
  const b = decodeName(bytes(0x66, 0xe8));
  assert.notEqual(a, b);
  assert.notEqual(a, decodeName(utf8("f\u00e9")));
});

Deno.test("encodeName() is the inverse of decodeName() for any bytes", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (raw) => {
      assert.deepEqual(encodeName(decodeName(raw)), raw);
    }),
    { numRuns: 2000 },
  );
  const long = new Uint8Array(10000).map((_, i) => (i * 7) & 0xff);
  assert.deepEqual(encodeName(decodeName(long)), long);
});

Deno.test("encodeName() encodes well-formed strings as UTF-8", () => {
  fc.assert(
    fc.property(fc.string({ unit: "grapheme" }), (text) => {
      assert.deepEqual(encodeName(text), utf8(text));
      assert.equal(decodeName(encodeName(text)), text);
    }),
  );
});

Deno.test("encodeName() writes other lone surrogates as WTF-8", () => {
  assert.deepEqual(encodeName("\ud800"), bytes(0xed, 0xa0, 0x80));
  assert.deepEqual(encodeName("\udc00x"), bytes(0xed, 0xb0, 0x80, 0x78));
});

/** Bytes mixing valid UTF-8 (all lengths) with stray bytes. */
const mixedBytes = fc.array(
  fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 2 }),
    fc.string({ unit: "binary", maxLength: 2 }).map(utf8),
  ),
  { maxLength: 6 },
).map((parts) => {
  const out: number[] = [];
  for (const part of parts) out.push(...part);
  return new Uint8Array(out);
});

Deno.test("compareNames() orders names by their encoded bytes", () => {
  fc.assert(
    fc.property(mixedBytes, mixedBytes, (x, y) => {
      assert.deepEqual(encodeName(decodeName(x)), x);
      const expected = Math.sign(compareBytes(x, y));
      assert.equal(
        Math.sign(compareNames(decodeName(x), decodeName(y))),
        expected,
      );
    }),
    { numRuns: 5000 },
  );
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 12 }),
      fc.uint8Array({ maxLength: 12 }),
      (x, y) => {
        const expected = Math.sign(compareBytes(x, y));
        assert.equal(
          Math.sign(compareNames(decodeName(x), decodeName(y))),
          expected,
        );
      },
    ),
    { numRuns: 5000 },
  );
  fc.assert(
    fc.property(
      fc.string({ unit: "binary" }),
      fc.string({ unit: "binary" }),
      (x, y) => {
        const expected = Math.sign(compareBytes(encodeName(x), encodeName(y)));
        assert.equal(Math.sign(compareNames(x, y)), expected);
      },
    ),
    { numRuns: 5000 },
  );
});

Deno.test("compareNames() puts astral characters after U+FFFF and escapes by byte", () => {
  assert.ok(compareNames("\u{10000}", "\uffff") > 0); // F0.. > EF..
  assert.ok(compareNames("a\udcff", "a\u00e9") > 0); // FF > C3
  assert.ok(compareNames("a\udcc3", "a\u00e9") < 0); // C3 < C3 A9
  assert.ok(compareNames("a\udcc3\udcaa", "a\u00e9") > 0); // C3 AA > C3 A9
  assert.ok(compareNames("a", "a/") < 0);
  assert.equal(compareNames("same", "same"), 0);
  assert.deepEqual(["b", "a\udcff", "a\u00e9", "a"].sort(compareNames), [
    "a",
    "a\u00e9",
    "a\udcff",
    "b",
  ]);
});
