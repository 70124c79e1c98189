import assert from "@std/assert";
import { InputError } from "../../mod/errors.ts";
import {
  classifyWhiteout,
  META_PREFIX,
  OPAQUE_MARKER,
  WHITEOUT_PREFIX,
} from "../../mod/layer/whiteout.ts";

Deno.test("whiteout constants are the names of the OCI image spec", () => {
  assert.equal(WHITEOUT_PREFIX, ".wh.");
  assert.equal(OPAQUE_MARKER, ".wh..wh..opq");
  assert.equal(META_PREFIX, ".wh..wh.");
});

Deno.test("classifyWhiteout() returns null for ordinary paths", () => {
  for (const path of ["/", "/etc/passwd", "/.wh", "/a.wh.b", "/.wh.x/child"]) {
    assert.equal(classifyWhiteout(path), null, path);
  }
});

Deno.test("classifyWhiteout() names the path a whiteout hides", () => {
  assert.deepEqual(classifyWhiteout("/etc/.wh.passwd"), {
    kind: "whiteout",
    hidden: "/etc/passwd",
  });
  assert.deepEqual(classifyWhiteout("/.wh.top"), {
    kind: "whiteout",
    hidden: "/top",
  });
  assert.deepEqual(classifyWhiteout("/a/.wh...."), {
    kind: "whiteout",
    hidden: "/a/...",
  });
  assert.deepEqual(classifyWhiteout("/a/.wh..wh"), {
    kind: "whiteout",
    hidden: "/a/.wh",
  });
});

Deno.test("classifyWhiteout() finds the directory of an opaque marker, the root included", () => {
  assert.deepEqual(classifyWhiteout("/var/cache/.wh..wh..opq"), {
    kind: "opaque",
    dir: "/var/cache",
  });
  assert.deepEqual(classifyWhiteout("/.wh..wh..opq"), {
    kind: "opaque",
    dir: "/",
  });
});

Deno.test("classifyWhiteout() marks other .wh..wh. names as meta entries to skip", () => {
  for (const path of ["/.wh..wh.plnk", "/a/.wh..wh.aufs", "/.wh..wh."]) {
    assert.deepEqual(classifyWhiteout(path), { kind: "meta" }, path);
  }
});

for (const path of ["/a/.wh.", "/a/.wh..", "/a/.wh...", "/.wh.."]) {
  Deno.test(`classifyWhiteout() refuses ${path}, which names no child`, () => {
    assert.throws(
      () => classifyWhiteout(path),
      (error: Error) =>
        error instanceof InputError && error.reason === "malformed whiteout",
    );
  });
}
