import assert from "@std/assert";
import {
  escapeForTerminal,
  formatBytes,
  formatDelta,
  formatMode,
  formatTime,
} from "../../mod/render/format.ts";

Deno.test("formatBytes() uses decimal units with one decimal below 100", () => {
  const cases: [number, string][] = [
    [0, "0 B"],
    [999, "999 B"],
    [1000, "1.0 kB"],
    [1049, "1.0 kB"],
    [1_234_567, "1.2 MB"],
    [99_949, "99.9 kB"],
    [99_950, "100 kB"],
    [999_499, "999 kB"],
    [999_500, "1.0 MB"],
    [5_000_000_000, "5.0 GB"],
    [-300, "-300 B"],
    [-2_500, "-2.5 kB"],
  ];
  assert.deepEqual(cases.map(([n]) => formatBytes(n)), cases.map(([, s]) => s));
});

Deno.test("formatDelta() signs growth and shrinkage", () => {
  assert.equal(formatDelta(1500), "+1.5 kB");
  assert.equal(formatDelta(-300), "-300 B");
  assert.equal(formatDelta(0), "0 B");
});

Deno.test("formatMode() gives four octal digits of the permission bits", () => {
  assert.equal(formatMode(0o755), "0755");
  assert.equal(formatMode(0o4755), "4755");
  assert.equal(formatMode(0o100644), "0644");
  assert.equal(formatMode(0), "0000");
});

Deno.test("formatTime() gives ISO-8601, with PAX fractions, and the epoch when out of range", () => {
  assert.equal(formatTime(1_700_000_000), "2023-11-14T22:13:20.000Z");
  assert.equal(formatTime(1_700_000_000.25), "2023-11-14T22:13:20.250Z");
  assert.equal(formatTime(-1), "1969-12-31T23:59:59.000Z");
  assert.equal(formatTime(1e300), "1970-01-01T00:00:00.000Z");
});

Deno.test("escapeForTerminal() escapes controls, non-UTF-8 bytes and bidi overrides", () => {
  assert.equal(escapeForTerminal("evil\x1b[2J\udcff"), "evil\\x1b[2J\\xff");
  assert.equal(
    escapeForTerminal("a\r\nb\tc\x7f\x9b"),
    "a\\x0d\\x0ab\\x09c\\x7f\\x9b",
  );
  assert.equal(escapeForTerminal("\u202egnp.exe"), "\\u202egnp.exe");
  assert.equal(
    escapeForTerminal("a\u2066b\u2069\u2028"),
    "a\\u2066b\\u2069\\u2028",
  );
  assert.equal(escapeForTerminal("lone \ud800"), "lone \\ud800");
});

Deno.test("escapeForTerminal() doubles backslashes so escapes stay unambiguous", () => {
  assert.equal(escapeForTerminal("a\\x1b"), "a\\\\x1b");
  assert.notEqual(escapeForTerminal("\\x1b"), escapeForTerminal("\x1b"));
});

Deno.test("escapeForTerminal() leaves printable text alone, emoji and accents included", () => {
  const text = "/usr/share/caf\u00e9/\u{1F600}/\u4e2d\u6587 name-1.0";
  assert.equal(escapeForTerminal(text), text);
});
