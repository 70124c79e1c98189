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

Deno.test("diffFs() compares hard links by content and target", () => {
  const link = (fields: Partial<MergedEntry>) =>
    entry("/l", { type: "hardlink", target: "/t", ...fields });
  assert.deepEqual(diffFs(fs(link({})), fs(link({}))), []);
  assert.deepEqual(
    diffFs(fs(link({})), fs(link({ digest: "sha256:b", size: 2 })))[0].fields,
    ["content"],
  );
  assert.deepEqual(
    diffFs(fs(link({})), fs(link({ target: "/u" })))[0].fields,
    ["target"],
  );
});

Deno.test("diffFs() reports a device whose minor number alone changed", () => {
  const disk = (devMinor: number) =>
    entry("/dev/sda", {
      type: "block",
      size: 0,
      digest: undefined,
      devMajor: 8,
      devMinor,
    });
  assert.deepEqual(diffFs(fs(disk(0)), fs(disk(16)))[0].fields, ["device"]);
});

Deno.test("diffFs() never reports content when a file becomes a directory", () => {
  const changes = diffFs(
    fs(entry("/x")),
    fs(entry("/x", { type: "dir", size: 0, digest: undefined })),
  );
  assert.deepEqual(changes[0].fields, ["type"]);
});

Deno.test("diffFs() lists added and removed directories and their children", () => {
  const dir = (path: string) =>
    entry(path, { type: "dir", size: 0, digest: undefined });
  const changes = diffFs(
    fs(dir("/old"), entry("/old/f")),
    fs(dir("/new"), dir("/new/sub"), entry("/new/sub/f")),
  );
  assert.deepEqual(changes.map((c) => `${c.change} ${c.path}`), [
    "added /new",
    "added /new/sub",
    "added /new/sub/f",
    "removed /old",
    "removed /old/f",
  ]);
  assert.equal(changes[0].a, null);
  assert.equal(changes[3].b, null);
});

Deno.test("diffFs() keeps each side's entry on a modified path", () => {
  const before = entry("/f", { layer: 0 });
  const after = entry("/f", { layer: 2, uid: 5 });
  const [change] = diffFs(fs(before), fs(after));
  assert.equal(change.a, before);
  assert.equal(change.b, after);
});

Deno.test("diffFs() handles 100k paths and sorts them", () => {
  const a: MergedFs = new Map();
  const b: MergedFs = new Map();
  for (let i = 0; i < 100_000; i++) {
    const path = `/d${i % 100}/f${i}`;
    if (i % 3 !== 0) a.set(path, entry(path));
    if (i % 5 !== 0) {
      b.set(path, entry(path, i % 7 === 0 ? { digest: "sha256:b" } : {}));
    }
  }
  const changes = diffFs(a, b);
  const count = (kind: string) =>
    changes.filter((c) => c.change === kind).length;
  let added = 0, removed = 0, modified = 0;
  for (let i = 0; i < 100_000; i++) {
    const inA = i % 3 !== 0, inB = i % 5 !== 0;
    if (!inA && inB) added++;
    if (inA && !inB) removed++;
    if (inA && inB && i % 7 === 0) modified++;
  }
  assert.deepEqual([count("added"), count("removed"), count("modified")], [
    added,
    removed,
    modified,
  ]);
  for (let i = 1; i < changes.length; i++) {
    assert.ok(changes[i - 1].path < changes[i].path, "sorted, ASCII names");
  }
});
