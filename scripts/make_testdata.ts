/**
 * Regenerates the README demo images with real tools (umoci builds, skopeo
 * converts):
 *
 * - testdata/app-v1.tar      docker-archive, "app:v1"
 * - testdata/app-v2.tar      docker-archive, "app:v2": same base layer as v1,
 *                            a new app layer, then a layer that deletes
 *                            (whiteouts), rewrites, chmods and links
 * - testdata/app-v2.oci.tar  the same v2 as an OCI archive
 *
 * Every file, layer and history entry carries one fixed timestamp, so reruns
 * give identical bytes. skopeo stamps oci-archive members with the current
 * time, so the OCI archive is skopeo's OCI layout packed by GNU tar with
 * sorted names and the fixed time instead.
 *
 * Needs root (umoci restores owners). Run from the repository root:
 *   deno run --allow-all scripts/make_testdata.ts
 */
import { join } from "node:path";
import { runCommand } from "../tests/conformance/run_command.ts";
import {
  buildImage,
  exportImage,
  FIXED_EPOCH,
  type ImageSpec,
  type LayerSpec,
} from "../tests/conformance/umoci_image.ts";

const BASE: LayerSpec = {
  createdBy: "/bin/sh -c #(nop) ADD rootfs.tar /",
  ops: [
    {
      op: "file",
      path: "/etc/os-release",
      content: 'NAME="Demo Linux"\nVERSION_ID=1\n',
    },
    {
      op: "file",
      path: "/etc/passwd",
      content:
        "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/srv/app:/bin/sh\n",
    },
    {
      op: "file",
      path: "/etc/app/legacy.conf",
      content: "# replaced by config.yaml\nport=8080\n",
    },
    { op: "dir", path: "/var/log/app", uid: 1000, gid: 1000 },
    { op: "dir", path: "/tmp", mode: 0o1777 },
  ],
};

const V1: ImageSpec = {
  tag: "v1",
  layers: [
    BASE,
    {
      createdBy: "COPY app /usr/local/bin/app # buildkit",
      ops: [
        {
          op: "file",
          path: "/usr/local/bin/app",
          content: "#!/bin/sh\necho app 1.0\n",
          mode: 0o755,
        },
        {
          op: "file",
          path: "/etc/app/config.yaml",
          content: "listen: :8080\nlog: info\n",
        },
        {
          op: "file",
          path: "/etc/app/tls.key",
          content: "not-a-real-key\n",
          mode: 0o644,
        },
        {
          op: "file",
          path: "/var/cache/app/index.db",
          content: "v1-index\n",
          uid: 1000,
          gid: 1000,
        },
      ],
    },
  ],
};

const V2: ImageSpec = {
  tag: "v2",
  layers: [
    BASE,
    {
      createdBy: "COPY app /usr/local/bin/app # buildkit",
      ops: [
        {
          op: "file",
          path: "/usr/local/bin/app",
          content: "#!/bin/sh\necho app 2.0\n",
          mode: 0o755,
        },
        {
          op: "file",
          path: "/usr/local/bin/app-migrate",
          content: "#!/bin/sh\necho migrate\n",
          mode: 0o755,
        },
        {
          op: "file",
          path: "/etc/app/config.yaml",
          content: "listen: :8080\nlog: debug\nmetrics: true\n",
        },
        {
          op: "file",
          path: "/etc/app/tls.key",
          content: "not-a-real-key\n",
          mode: 0o644,
        },
        {
          op: "file",
          path: "/var/cache/app/index.db",
          content: "v1-index\n",
          uid: 1000,
          gid: 1000,
        },
      ],
    },
    {
      createdBy:
        "RUN rm /etc/app/legacy.conf && rm -rf /var/cache/app && chmod 600 /etc/app/tls.key",
      ops: [
        { op: "remove", path: "/etc/app/legacy.conf" },
        { op: "remove", path: "/var/cache/app" },
        { op: "chmod", path: "/etc/app/tls.key", mode: 0o600 },
        { op: "symlink", path: "/usr/local/bin/app-latest", target: "app" },
        {
          op: "file",
          path: "/var/cache/app-v2/index.db",
          content: "v2-index\n",
          uid: 1000,
          gid: 1000,
        },
      ],
    },
  ],
};

const testdata = join(import.meta.dirname!, "..", "testdata");
const work = await Deno.makeTempDir({ prefix: "layerdiff-testdata-" });
try {
  const layout = join(work, "oci");
  const v1 = await buildImage(layout, V1);
  const v2 = await buildImage(layout, V2);
  for (const image of [v1, v2]) {
    const archive = await exportImage(image, "docker-archive", {
      dir: work,
      name: `app:${image.tag}`,
    });
    await Deno.copyFile(archive, join(testdata, `app-${image.tag}.tar`));
  }
  const ociDir = join(work, "v2-oci");
  await runCommand("skopeo", [
    "--insecure-policy",
    "copy",
    "--quiet",
    `oci:${layout}:v2`,
    `oci:${ociDir}:v2`,
  ]);
  await runCommand("tar", [
    "--create",
    `--file=${join(testdata, "app-v2.oci.tar")}`,
    `--directory=${ociDir}`,
    "--format=ustar",
    "--sort=name",
    `--mtime=@${FIXED_EPOCH}`,
    "--owner=0",
    "--group=0",
    "--numeric-owner",
    "--mode=u=rwX,go=rX",
    "oci-layout",
    "index.json",
    "blobs",
  ]);
} finally {
  await Deno.remove(work, { recursive: true });
}
