import assert from "@std/assert";
import fc from "fast-check";
import {
  pageBytes,
  pageDelta,
  visibleName,
} from "../../../../mod/render/html/client/page_format.ts";
import {
  escapeForTerminal,
  formatBytes,
  formatDelta,
} from "../../../../mod/render/format.ts";
import { decodeName } from "../../../../mod/tar/name.ts";

Deno.test("visibleName() shows a name exactly as the terminal view does, for any bytes", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      const name = decodeName(bytes);
      assert.equal(visibleName(name), escapeForTerminal(name));
    }),
  );
  fc.assert(
    fc.property(fc.string({ unit: "binary" }), (text) => {
      assert.equal(visibleName(text), escapeForTerminal(text));
    }),
  );
  assert.equal(
    visibleName("a\u202eb\x1b[2J\udcff\\"),
    "a\\u202eb\\x1b[2J\\xff\\\\",
  );
});

Deno.test("pageBytes() and pageDelta() word sizes exactly as formatBytes() and formatDelta()", () => {
  const sizes = fc.oneof(
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    fc.constantFrom(0, 999, 1000, 99_950, 999_950, 999_999, 1e15, 1e18),
  );
  fc.assert(
    fc.property(sizes, (bytes) => {
      assert.equal(pageBytes(bytes), formatBytes(bytes));
      assert.equal(pageDelta(bytes), formatDelta(bytes));
    }),
  );
});
