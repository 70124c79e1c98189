/**
 * Checks the conformance harness on its own, without layerdiff: images built
 * with umoci unpack to the tree their ops describe, builds are byte-stable,
 * and what umoci writes for deletions is pinned down.
 */
import assert from "@std/assert";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { DELETIONS, LINKS, OPAQUE } from "./cases.ts";
import { type FsNode, sortedView } from "./fs_view.ts";
import { runCommand } from "./run_command.ts";
import { withTempDir } from "./temp_dir.ts";
import {
  buildImage,
  type BuiltImage,
  conformanceSkipReason,
  exportImage,
  unpackRootfs,
} from "./umoci_image.ts";
import { walkTree } from "./walk_tree.ts";

const skipReason = await conformanceSkipReason();
if (skipReason) console.log(`SKIPPING umoci harness tests: ${skipReason}`);
const ignore = skipReason !== undefined;

Deno.test({
  name: "buildImage() layers unpack with umoci to the tree their ops describe",
  ignore,
  fn: async () => {
    await withTempDir(async (dir) => {
      const image = await buildImage(join(dir, "oci"), {
        tag: "tree",
        layers: [
          {
            ops: [
              {
                op: "file",
                path: "/etc/motd",
                content: "hello\n",
                uid: 7,
                gid: 8,
              },
              { op: "hardlink", path: "/etc/motd.bak", target: "/etc/motd" },
              { op: "symlink", path: "/etc/issue", target: "motd" },
              {
                op: "char",
                path: "/dev/zero",
                major: 1,
                minor: 5,
                mode: 0o666,
              },
              { op: "fifo", path: "/run/pipe" },
              { op: "file", path: "/gone/soon", content: "x" },
            ],
          },
          {
            ops: [
              { op: "remove", path: "/gone" },
              { op: "chmod", path: "/etc/motd", mode: 0o4750 },
            ],
          },
        ],
      });
      const rootfs = await unpackRootfs(image, join(dir, "bundle"));
      const motd = {
        type: "file",
        mode: 0o4750,
        uid: 7,
        gid: 8,
        digest: sha256("hello\n"),
      };
      const dir755 = { type: "dir", mode: 0o755, uid: 0, gid: 0 };
      const expected: Record<string, FsNode> = {
        "/dev": dir755,
        "/dev/zero": {
          type: "char",
          mode: 0o666,
          uid: 0,
          gid: 0,
          devMajor: 1,
          devMinor: 5,
        },
        "/etc": dir755,
        "/etc/issue": {
          type: "symlink",
          mode: 0o777,
          uid: 0,
          gid: 0,
          target: "motd",
        },
        "/etc/motd": motd as FsNode,
        "/etc/motd.bak": motd as FsNode,
        "/run": dir755,
        "/run/pipe": { type: "fifo", mode: 0o644, uid: 0, gid: 0 },
      } as Record<string, FsNode>;
      assert.deepEqual(sortedView(await walkTree(rootfs)), expected);
    });
  },
});

Deno.test({
  name: "buildImage() writes the same blobs on every run",
  ignore,
  fn: async () => {
    await withTempDir(async (dir) => {
      const first = await buildImage(join(dir, "one"), LINKS);
      const second = await buildImage(join(dir, "two"), LINKS);
      assert.deepEqual(await blobNames(first), await blobNames(second));
    });
  },
});

Deno.test({
  name:
    "umoci repack writes deletions as one whiteout per path, never an opaque marker",
  ignore,
  fn: async () => {
    await withTempDir(async (dir) => {
      const image = await buildImage(join(dir, "oci"), DELETIONS);
      // Unchanged parents are left out: mtimes are fixed, and a directory
      // only differs when its link count does (a subdirectory went away).
      assert.deepEqual(await layerMembers(image, 1), [
        "etc/app/.wh.secret",
        "srv/www/index.html",
        "srv/www/.wh.old.html",
        "var/cache/app/",
        "var/cache/app/.wh.a",
      ]);
    });
  },
});

Deno.test({
  name: "raw layers keep opaque markers where the ops put them",
  ignore,
  fn: async () => {
    await withTempDir(async (dir) => {
      const image = await buildImage(join(dir, "oci"), OPAQUE);
      assert.deepEqual(await layerMembers(image, 1), [
        "usr/share/doc/new",
        "usr/share/doc/.wh..wh..opq",
        "opt/.wh.never-existed",
      ]);
      assert.deepEqual(await layerMembers(image, 2), [
        "opt/plugins/.wh..wh..opq",
        "opt/plugins/",
        "opt/plugins/three.so",
      ]);
    });
  },
});

Deno.test({
  name:
    "exportImage() writes docker-archive, gzip and zstd OCI archives with skopeo",
  ignore,
  fn: async () => {
    await withTempDir(async (dir) => {
      const image = await buildImage(join(dir, "oci"), OPAQUE);
      const docker = await exportImage(image, "docker-archive", { dir });
      assert.ok((await members(docker)).includes("manifest.json"));
      for (const form of ["oci-archive", "oci-archive-zstd"] as const) {
        const archive = await exportImage(image, form, { dir });
        const layers = await archiveLayerMediaTypes(archive);
        const compression = form === "oci-archive" ? "gzip" : "zstd";
        assert.deepEqual(
          layers,
          Array(3).fill(
            `application/vnd.oci.image.layer.v1.tar+${compression}`,
          ),
        );
      }
      assert.equal(
        await exportImage(image, "oci-layout", { dir }),
        image.layout,
      );
    });
  },
});

function sha256(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

async function blobNames(image: BuiltImage): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of Deno.readDir(join(image.layout, "blobs/sha256"))) {
    names.push(blob.name);
  }
  return names.sort();
}

/** Member names of layer `index` of the image's manifest, in tar order. */
async function layerMembers(
  image: BuiltImage,
  index: number,
): Promise<string[]> {
  const blob = (digest: string) =>
    join(image.layout, "blobs", digest.replace(":", "/"));
  const imageIndex = JSON.parse(
    await Deno.readTextFile(join(image.layout, "index.json")),
  );
  const manifest = JSON.parse(
    await Deno.readTextFile(blob(imageIndex.manifests[0].digest)),
  );
  return members(blob(manifest.layers[index].digest));
}

async function members(tar: string): Promise<string[]> {
  return (await runCommand("tar", ["--list", "--file", tar])).split("\n")
    .filter(Boolean);
}

async function archiveLayerMediaTypes(archive: string): Promise<string[]> {
  const read = (member: string) =>
    runCommand("tar", ["--extract", "--to-stdout", "--file", archive, member]);
  const index = JSON.parse(await read("index.json"));
  const manifest = JSON.parse(
    await read(`blobs/${index.manifests[0].digest.replace(":", "/")}`),
  );
  return manifest.layers.map((layer: { mediaType: string }) => layer.mediaType);
}
