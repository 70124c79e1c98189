import assert from "@std/assert";
import type { LayerEntry } from "../../mod/layer/entry.ts";
import { takeTargetContent } from "../../mod/layer/link_content.ts";

Deno.test("takeTargetContent() gives a hard link its target's content and metadata", () => {
  const link: LayerEntry = {
    path: "/bin/sh",
    type: "hardlink",
    target: "/bin/bash",
    mode: 0o600,
    uid: 1,
    gid: 1,
    size: 0,
    mtime: 1,
  };
  const target: LayerEntry = {
    path: "/bin/bash",
    type: "file",
    mode: 0o755,
    uid: 0,
    gid: 0,
    size: 1234,
    mtime: 1700000000,
    digest: "sha256:" + "a".repeat(64),
  };
  takeTargetContent(link, target);
  assert.deepEqual(link, {
    ...target,
    path: "/bin/sh",
    type: "hardlink",
    target: "/bin/bash",
  });
});
