/**
 * Regenerates the README demo images with real tools (umoci builds, skopeo
 * converts):
 *
 * - testdata/app-v1.tar      docker-archive, "app:v1"
 * - testdata/app-v2.tar      docker-archive, "app:v2": same base layer as v1
 *                            (with a dpkg database), a layer that installs
 *                            curl and upgrades zlib1g, a new app layer, then
 *                            a layer that deletes
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

/** A dpkg package of the demo: its status stanza and the files it owns. */
interface DemoPackage {
  name: string;
  version: string;
  arch: string;
  /** Installed-Size in KiB, as dpkg records it. */
  installedKiB: number;
  source?: string;
  /** Owned files: path → content. */
  files: Record<string, string>;
}

/** Deterministic filler standing in for a binary of `kib` KiB. */
function filler(label: string, kib: number): string {
  return `${label}\n`.padEnd(1024, "#").repeat(kib);
}

const LIBC: DemoPackage = {
  name: "libc6",
  version: "2.36-9+deb12u9",
  arch: "amd64",
  installedKiB: 24,
  source: "glibc",
  files: { "/usr/lib/x86_64-linux-gnu/libc.so.6": filler("libc", 20) },
};
const ZLIB_OLD: DemoPackage = {
  name: "zlib1g",
  version: "1:1.2.13.dfsg-1",
  arch: "amd64",
  installedKiB: 8,
  source: "zlib",
  files: { "/usr/lib/x86_64-linux-gnu/libz.so.1": filler("zlib 1.2.13", 6) },
};
const ZLIB_NEW: DemoPackage = {
  ...ZLIB_OLD,
  version: "1:1.3.dfsg-3",
  installedKiB: 9,
  files: {
    "/usr/lib/x86_64-linux-gnu/libz.so.1": filler("zlib 1.3", 7),
    "/usr/share/doc/zlib1g/changelog.Debian": "zlib (1:1.3.dfsg-3) unstable\n",
  },
};
const LIBCURL: DemoPackage = {
  name: "libcurl4",
  version: "7.88.1-10+deb12u8",
  arch: "amd64",
  installedKiB: 40,
  source: "curl",
  files: {
    "/usr/lib/x86_64-linux-gnu/libcurl.so.4": filler("libcurl", 36),
  },
};
const CURL: DemoPackage = {
  name: "curl",
  version: "7.88.1-10+deb12u8",
  arch: "amd64",
  installedKiB: 16,
  files: { "/usr/bin/curl": filler("curl", 12) },
};

/** dpkg's status file for these packages, in dpkg's field order. */
function dpkgStatus(packages: DemoPackage[]): string {
  return packages.map((pkg) =>
    [
      `Package: ${pkg.name}`,
      "Status: install ok installed",
      "Priority: optional",
      `Installed-Size: ${pkg.installedKiB}`,
      `Architecture: ${pkg.arch}`,
      ...(pkg.source ? [`Source: ${pkg.source}`] : []),
      `Version: ${pkg.version}`,
      `Description: ${pkg.name} (layerdiff demo)`,
    ].join("\n") + "\n"
  ).join("\n");
}

/** The ops that install packages: their files, .list files and the new status. */
function installOps(installed: DemoPackage[], changed: DemoPackage[]) {
  return [
    {
      op: "file" as const,
      path: "/var/lib/dpkg/status",
      content: dpkgStatus(installed),
    },
    ...changed.flatMap((pkg) => [
      ...Object.entries(pkg.files).map(([path, content]) => ({
        op: "file" as const,
        path,
        content,
        mode: path.includes("/bin/") ? 0o755 : 0o644,
      })),
      {
        op: "file" as const,
        path: `/var/lib/dpkg/info/${pkg.name}:${pkg.arch}.list`,
        content: ["/.", ...Object.keys(pkg.files)].join("\n") + "\n",
      },
    ]),
  ];
}

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
    ...installOps([LIBC, ZLIB_OLD], [LIBC, ZLIB_OLD]),
  ],
};

const APT: LayerSpec = {
  createdBy:
    "RUN apt-get update && apt-get install -y --no-install-recommends curl zlib1g && rm -rf /var/lib/apt/lists/*",
  ops: installOps([CURL, LIBC, LIBCURL, ZLIB_NEW], [
    CURL,
    LIBCURL,
    ZLIB_NEW,
  ]),
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
    APT,
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
