/**
 * The images the conformance tests build with umoci, one per concern. Each
 * spec uses its own tag; ops are absolute paths inside the image.
 */
import type { ImageSpec } from "./umoci_image.ts";

const LONG_NAME = "a-very-long-file-name-".repeat(7); // 154 bytes, one component
const DEEP_DIR = `/opt/${"segment-of-sixty-bytes-".repeat(3)}` +
  `/${"x".repeat(90)}/${"y".repeat(90)}`; // more than 255 bytes with the file name

/** Deleted files, a deleted subtree and an emptied directory (umoci writes whiteouts). */
export const DELETIONS: ImageSpec = {
  tag: "deletions",
  layers: [
    {
      createdBy: "COPY rootfs /",
      ops: [
        { op: "file", path: "/etc/app/config.yaml", content: "port: 80\n" },
        {
          op: "file",
          path: "/etc/app/secret",
          content: "hunter2\n",
          mode: 0o600,
        },
        { op: "file", path: "/var/cache/app/a/one", content: "1" },
        { op: "file", path: "/var/cache/app/a/b/two", content: "2" },
        { op: "file", path: "/var/cache/app/three", content: "3" },
        { op: "file", path: "/srv/www/index.html", content: "<h1>hi</h1>\n" },
        { op: "file", path: "/srv/www/old.html", content: "old\n" },
      ],
    },
    {
      createdBy: "RUN rm -rf /var/cache/app/a /etc/app/secret && clean www",
      ops: [
        { op: "remove", path: "/etc/app/secret" },
        { op: "remove", path: "/var/cache/app/a" },
        { op: "empty", path: "/srv/www" },
        { op: "file", path: "/srv/www/index.html", content: "<h1>new</h1>\n" },
      ],
    },
  ],
};

/**
 * Opaque directories from hand-made layers: a marker after a new child, a
 * marker before its directory's own entry (the order `umoci insert --opaque`
 * writes), a whiteout of a path no lower layer has.
 */
export const OPAQUE: ImageSpec = {
  tag: "opaque",
  layers: [
    {
      createdBy: "COPY base /",
      ops: [
        { op: "file", path: "/usr/share/doc/a", content: "a" },
        { op: "file", path: "/usr/share/doc/sub/b", content: "b" },
        { op: "file", path: "/opt/plugins/one.so", content: "one" },
        { op: "file", path: "/opt/plugins/two.so", content: "two" },
        { op: "file", path: "/opt/keep", content: "keep" },
      ],
    },
    {
      createdBy: "replace /usr/share/doc",
      via: "raw",
      ops: [
        { op: "file", path: "/usr/share/doc/new", content: "new" },
        { op: "opaque", path: "/usr/share/doc" },
        { op: "whiteout", path: "/opt/never-existed" },
      ],
    },
    {
      createdBy: "replace /opt/plugins",
      via: "raw",
      tarFormat: "pax",
      ops: [
        { op: "opaque", path: "/opt/plugins" },
        { op: "dir", path: "/opt/plugins", mode: 0o750 },
        { op: "file", path: "/opt/plugins/three.so", content: "three" },
      ],
    },
  ],
};

/** chmod and chown of files, directories and symlinks, special bits, large ids. */
export const PERMISSIONS: ImageSpec = {
  tag: "permissions",
  layers: [
    {
      createdBy: "COPY base /",
      ops: [
        {
          op: "file",
          path: "/usr/bin/tool",
          content: "#!/bin/sh\n",
          mode: 0o755,
        },
        { op: "file", path: "/usr/bin/passwd", content: "pw", mode: 0o4755 },
        {
          op: "file",
          path: "/usr/bin/wall",
          content: "wall",
          mode: 0o2755,
          gid: 5,
        },
        { op: "dir", path: "/tmp", mode: 0o1777 },
        {
          op: "file",
          path: "/home/user/.profile",
          content: "x",
          uid: 1000,
          gid: 1000,
        },
        {
          op: "file",
          path: "/data/big-ids",
          content: "ids",
          uid: 3000000,
          gid: 4000000,
        },
        {
          op: "symlink",
          path: "/home/user/link",
          target: ".profile",
          uid: 1000,
          gid: 1000,
        },
      ],
    },
    {
      createdBy: "RUN chmod/chown",
      ops: [
        { op: "chmod", path: "/usr/bin/tool", mode: 0o700 },
        { op: "chown", path: "/home/user", uid: 1000, gid: 1000 },
        { op: "chmod", path: "/home/user", mode: 0o700 },
        { op: "chown", path: "/home/user/link", uid: 0, gid: 0 },
        { op: "chown", path: "/data/big-ids", uid: 65534, gid: 65534 },
      ],
    },
  ],
};

/**
 * Symlinks and hard links: links within a layer, a hard link to a file of a
 * lower layer, and a hard link whose target is replaced later (the link keeps
 * the content it had).
 */
export const LINKS: ImageSpec = {
  tag: "links",
  layers: [
    {
      createdBy: "COPY base /",
      ops: [
        { op: "file", path: "/srv/data", content: "old data\n" },
        { op: "file", path: "/usr/lib/libx.so.1.2", content: "ELF" },
        { op: "symlink", path: "/usr/lib/libx.so.1", target: "libx.so.1.2" },
        {
          op: "symlink",
          path: "/usr/lib/libx.so",
          target: "/usr/lib/libx.so.1",
        },
        { op: "symlink", path: "/usr/lib/dangling", target: "../nowhere" },
        { op: "symlink", path: "/lib", target: "usr/lib" },
        { op: "file", path: "/usr/bin/python3.12", content: "py", mode: 0o755 },
        {
          op: "hardlink",
          path: "/usr/bin/python3",
          target: "/usr/bin/python3.12",
        },
      ],
    },
    {
      createdBy: "link to a lower file",
      via: "raw",
      ops: [{ op: "hardlink", path: "/srv/data-link", target: "/srv/data" }],
    },
    {
      createdBy: "replace the link target",
      via: "raw",
      ops: [{ op: "file", path: "/srv/data", content: "new data\n" }],
    },
    {
      createdBy: "RUN relink",
      ops: [
        { op: "remove", path: "/usr/lib/libx.so" },
        { op: "symlink", path: "/usr/lib/libx.so", target: "libx.so.1.2" },
        { op: "hardlink", path: "/usr/bin/py", target: "/usr/bin/python3.12" },
      ],
    },
  ],
};

/** Names longer than 100 bytes and paths longer than 255, via Go (umoci), GNU and PAX tar. */
export const LONG_NAMES: ImageSpec = {
  tag: "long-names",
  layers: [
    {
      createdBy: "COPY long /",
      ops: [
        { op: "file", path: `/data/${LONG_NAME}`, content: "long" },
        { op: "file", path: `${DEEP_DIR}/file`, content: "deep" },
        {
          op: "symlink",
          path: "/data/long-target",
          target: `${DEEP_DIR}/file`,
        },
        {
          op: "hardlink",
          path: `/data/${LONG_NAME}.link`,
          target: `/data/${LONG_NAME}`,
        },
      ],
    },
    {
      createdBy: "GNU long names",
      via: "raw",
      tarFormat: "gnu",
      ops: [
        { op: "file", path: `${DEEP_DIR}/gnu-${LONG_NAME}`, content: "gnu" },
        {
          op: "symlink",
          path: `/data/gnu-${LONG_NAME}`,
          target: `${DEEP_DIR}/file`,
        },
        { op: "whiteout", path: `/data/${LONG_NAME}` },
      ],
    },
    {
      createdBy: "PAX long names",
      via: "raw",
      tarFormat: "pax",
      ops: [
        { op: "file", path: `${DEEP_DIR}/pax-${LONG_NAME}`, content: "pax" },
        {
          op: "hardlink",
          path: `/data/pax-${LONG_NAME}`,
          target: `${DEEP_DIR}/pax-${LONG_NAME}`,
        },
      ],
    },
  ],
};

/** A path changing kind between layers: file ↔ directory, symlink ↔ file, directory → symlink. */
export const REPLACEMENTS: ImageSpec = {
  tag: "replacements",
  layers: [
    {
      createdBy: "COPY base /",
      ops: [
        { op: "file", path: "/r/file-to-dir", content: "file" },
        { op: "file", path: "/r/dir-to-file/child", content: "child" },
        { op: "file", path: "/r/dir-to-file/sub/grandchild", content: "gc" },
        { op: "symlink", path: "/r/link-to-file", target: "file-to-dir" },
        { op: "file", path: "/r/file-to-link", content: "was a file" },
        { op: "file", path: "/r/dir-to-link/child", content: "child" },
        { op: "fifo", path: "/r/fifo-to-file" },
      ],
    },
    {
      createdBy: "RUN swap kinds",
      ops: [
        { op: "remove", path: "/r/file-to-dir" },
        { op: "file", path: "/r/file-to-dir/inside", content: "inside" },
        { op: "remove", path: "/r/dir-to-file" },
        { op: "file", path: "/r/dir-to-file", content: "now a file" },
        { op: "remove", path: "/r/link-to-file" },
        { op: "file", path: "/r/link-to-file", content: "now a file" },
        { op: "remove", path: "/r/file-to-link" },
        { op: "symlink", path: "/r/file-to-link", target: "dir-to-file" },
        { op: "remove", path: "/r/dir-to-link" },
        { op: "symlink", path: "/r/dir-to-link", target: "/usr" },
        { op: "remove", path: "/r/fifo-to-file" },
        { op: "file", path: "/r/fifo-to-file", content: "now a file" },
      ],
    },
  ],
};

/** Devices and fifos. */
export const SPECIAL_FILES: ImageSpec = {
  tag: "special-files",
  layers: [
    {
      createdBy: "mknod",
      ops: [
        { op: "char", path: "/dev/null", major: 1, minor: 3, mode: 0o666 },
        {
          op: "char",
          path: "/dev/tty9",
          major: 4,
          minor: 9,
          mode: 0o620,
          gid: 5,
        },
        {
          op: "block",
          path: "/dev/loop7",
          major: 7,
          minor: 7,
          mode: 0o660,
          gid: 6,
        },
        { op: "block", path: "/dev/big", major: 259, minor: 300 },
        { op: "fifo", path: "/run/app.fifo", mode: 0o600 },
      ],
    },
    {
      createdBy: "RUN rm /dev/tty9",
      ops: [{ op: "remove", path: "/dev/tty9" }, {
        op: "chmod",
        path: "/run/app.fifo",
        mode: 0o640,
      }],
    },
  ],
};

/**
 * A hand-made layer that stores files without their parent directories:
 * umoci creates the parents 0755 root:root, the rule layerdiff follows.
 */
export const IMPLIED_PARENTS: ImageSpec = {
  tag: "implied-parents",
  layers: [
    {
      createdBy: "parents left out",
      via: "raw",
      ops: [
        { op: "file", path: "/implied/deeper/file", content: "x", uid: 5 },
        {
          op: "hardlink",
          path: "/elsewhere/link",
          target: "/implied/deeper/file",
        },
      ],
    },
  ],
};

/** Every single-image case, for tests that loop over them. */
export const CASES: readonly ImageSpec[] = [
  DELETIONS,
  OPAQUE,
  PERMISSIONS,
  LINKS,
  LONG_NAMES,
  REPLACEMENTS,
  SPECIAL_FILES,
  IMPLIED_PARENTS,
];

/**
 * Two releases of one app for the diff check. v2 repeats v1's layers (builds
 * are byte-stable, so they are the same blobs) and adds one.
 */
export const DIFF_PAIR: readonly [ImageSpec, ImageSpec] = [
  DELETIONS,
  {
    tag: "deletions-v2",
    layers: [
      ...DELETIONS.layers,
      {
        createdBy: "RUN update",
        ops: [
          { op: "file", path: "/etc/app/config.yaml", content: "port: 8080\n" },
          { op: "chmod", path: "/srv/www/index.html", mode: 0o600 },
          { op: "remove", path: "/var/cache/app" },
          { op: "symlink", path: "/srv/current", target: "www" },
          {
            op: "file",
            path: "/usr/local/bin/app",
            content: "#!/bin/sh\n",
            mode: 0o755,
          },
        ],
      },
    ],
  },
];
