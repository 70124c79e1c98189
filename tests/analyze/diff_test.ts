import assert from "@std/assert";
import { diffFs } from "../../mod/analyze/diff.ts";
import type { MergedEntry, MergedFs } from "../../mod/merge/merged_entry.ts";

function entry(path: string, fields: Partial<MergedEntry> = {}): MergedEntry {
  return {
    path,
    type: "file",
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: 1,
    mtime: 100,
    digest: "sha256:a",
    layer: 0,
    ...fields,
  };
}

function fs(...entries: MergedEntry[]): MergedFs {
  return new Map(entries.map((e) => [e.path, e]));
}

Deno.test("diffFs() reports added, removed and modified paths sorted by path", () => {
  const changes = diffFs(
    fs(entry("/b"), entry("/gone"), entry("/same")),
    fs(entry("/b", { digest: "sha256:b" }), entry("/a"), entry("/same")),
  );
  assert.deepEqual(changes.map((c) => `${c.change} ${c.path} ${c.fields}`), [
    "added /a ",
    "modified /b content",
    "removed /gone ",
  ]);
});

Deno.test("diffFs() lists every changed field in a fixed order", () => {
  const a = entry("/x", {
    type: "char",
    digest: undefined,
    size: 0,
    devMajor: 1,
    devMinor: 3,
  });
  const b = entry("/x", {
    type: "block",
    digest: undefined,
    size: 0,
    devMajor: 8,
    devMinor: 0,
    mode: 0o600,
    uid: 1,
    gid: 2,
  });
  assert.deepEqual(diffFs(fs(a), fs(b))[0].fields, [
    "type",
    "mode",
    "uid",
    "gid",
    "device",
  ]);
  const link = diffFs(
    fs(entry("/l", { type: "symlink", target: "a" })),
    fs(entry("/l", { type: "symlink", target: "b" })),
  );
  assert.deepEqual(link[0].fields, ["target"]);
});

Deno.test("diffFs() changes a directory only by its own metadata", () => {
  const a = entry("/d", { type: "dir", size: 0, digest: undefined, mtime: 1 });
  assert.deepEqual(diffFs(fs(a), fs({ ...a, mtime: 2, layer: 3 })), []);
  assert.deepEqual(diffFs(fs(a), fs({ ...a, mode: 0o700 }))[0].fields, [
    "mode",
  ]);
});

Deno.test("diffFs() ignores mtime-only changes unless asked", () => {
  const a = fs(entry("/f", { mtime: 1 }));
  const b = fs(entry("/f", { mtime: 2 }));
  assert.deepEqual(diffFs(a, b), []);
  assert.deepEqual(diffFs(a, b, { mtime: true })[0].fields, ["mtime"]);
});

Deno.test("diffFs() sorts by byte order, also for non-BMP and non-UTF-8 names", () => {
  const names = ["/\u{1F600}", "/\uFFFD", "/a\udcff", "/a\u00e9", "/a", "/B"];
  const changes = diffFs(fs(), fs(...names.map((n) => entry(n))));
  // UTF-8 bytes: "/B" 2f42 < "/a" 2f61 < "/a\u00e9" 2f61c3a9 < "/a\xff" 2f61ff < "/\uFFFD" 2fefbfbd < "/\u{1F600}" 2ff09f98
  assert.deepEqual(changes.map((c) => c.path), [
    "/B",
    "/a",
    "/a\u00e9",
    "/a\udcff",
    "/\uFFFD",
    "/\u{1F600}",
  ]);
});
