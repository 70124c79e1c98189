/**
 * Walks an unpacked root filesystem (`umoci unpack`'s `rootfs/`) into an
 * FsView, the reference the merged filesystem is checked against.
 */
import { createHash } from "node:crypto";
import type { FsNode, FsView } from "./fs_view.ts";

/**
 * Every path under `root`, as "/a/b" (the root itself excluded), with type,
 * permission bits, owner, symlink target, device numbers and content digest.
 * Symlinks are not followed. Hard-linked files each appear as a file.
 */
export async function walkTree(root: string): Promise<FsView> {
  const view: FsView = new Map();
  await walkInto(root, "", view);
  return view;
}

async function walkInto(
  dir: string,
  prefix: string,
  view: FsView,
): Promise<void> {
  for await (const child of Deno.readDir(dir)) {
    const onDisk = `${dir}/${child.name}`;
    const path = `${prefix}/${child.name}`;
    const node = await describe(onDisk);
    view.set(path, node);
    if (node.type === "dir") await walkInto(onDisk, path, view);
  }
}

async function describe(onDisk: string): Promise<FsNode> {
  const info = await Deno.lstat(onDisk);
  const owner = {
    mode: (info.mode ?? 0) & 0o7777,
    uid: info.uid ?? -1,
    gid: info.gid ?? -1,
  };
  if (info.isSymlink) {
    return { type: "symlink", ...owner, target: await Deno.readLink(onDisk) };
  }
  if (info.isDirectory) return { type: "dir", ...owner };
  if (info.isFile) {
    return { type: "file", ...owner, digest: await fileDigest(onDisk) };
  }
  if (info.isFifo) return { type: "fifo", ...owner };
  if (info.isCharDevice || info.isBlockDevice) {
    const rdev = info.rdev ?? 0;
    return {
      type: info.isCharDevice ? "char" : "block",
      ...owner,
      devMajor: deviceMajor(rdev),
      devMinor: deviceMinor(rdev),
    };
  }
  throw new Error(`unexpected file type (a socket?) at ${onDisk}`);
}

async function fileDigest(onDisk: string): Promise<string> {
  const hash = createHash("sha256").update(await Deno.readFile(onDisk));
  return `sha256:${hash.digest("hex")}`;
}

/** Linux's `major()` of a dev_t (glibc's encoding). */
function deviceMajor(rdev: number): number {
  const dev = BigInt(rdev);
  return Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
}

/** Linux's `minor()` of a dev_t. */
function deviceMinor(rdev: number): number {
  const dev = BigInt(rdev);
  return Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
}
