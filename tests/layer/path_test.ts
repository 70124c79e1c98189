import assert from "@std/assert";
import { InputError } from "../../mod/errors.ts";
import { baseName, normalizePath, parentPath } from "../../mod/layer/path.ts";

const NORMALISED: [string, string][] = [
  ["./a/b/", "/a/b"],
  ["a/b", "/a/b"],
  ["/a/b", "/a/b"],
  ["a//b", "/a/b"],
  ["a/./b", "/a/b"],
  ["a/.", "/a"],
  ["/.", "/"],
  [".", "/"],
  ["./", "/"],
  ["/", "/"],
  ["", "/"],
  [".profile", "/.profile"],
  ["..data/x", "/..data/x"],
  ["a..b/...", "/a..b/..."],
  ["a/\udcff/", "/a/\udcff"],
];

for (const [stored, expected] of NORMALISED) {
  Deno.test(`normalizePath() turns ${JSON.stringify(stored)} into ${expected}`, () => {
    assert.equal(normalizePath(stored), expected);
  });
}

for (
  const stored of ["..", "../../etc/passwd", "a/../../b", "a/../b", "a/.."]
) {
  Deno.test(`normalizePath() refuses ${stored} because a ".." segment escapes the root`, () => {
    assert.throws(
      () => normalizePath(stored),
      (error: Error) =>
        error instanceof InputError &&
        error.reason === "path escapes the root",
    );
  });
}

Deno.test("parentPath() gives the directory above, and / for top-level paths", () => {
  assert.equal(parentPath("/a/b/c"), "/a/b");
  assert.equal(parentPath("/a"), "/");
  assert.equal(parentPath("/"), "/");
});

Deno.test("baseName() gives the last segment", () => {
  assert.equal(baseName("/a/b/c"), "c");
  assert.equal(baseName("/a"), "a");
  assert.equal(baseName("/"), "");
});
