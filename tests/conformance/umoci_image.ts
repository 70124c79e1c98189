/**
 * Builds real OCI images with umoci (and GNU tar for hand-made layers), and
 * converts them with skopeo, so layerdiff can be checked against tools that
 * share none of its code. Everything gets one fixed timestamp, so the same
 * spec gives the same bytes on every run.
 *
 * Needs root: layers set owners (chown) and make device nodes, and
 * `umoci unpack` only restores owners when run as root.
 */
import { dirname, join } from "node:path";
import { commandExists, runCommand } from "./run_command.ts";

/** The timestamp of every file, layer and history entry: 2023-11-14T22:13:20Z. */
export const FIXED_EPOCH = 1700000000;
const FIXED_DATE = "2023-11-14T22:13:20Z";

/** Permission bits and owner for a created path; unset fields keep defaults (0644/0755, root). */
export interface Ownership {
  mode?: number;
  uid?: number;
  gid?: number;
}

/**
 * One filesystem operation of a layer. Paths are absolute inside the image.
 * `remove` deletes a path with everything below it, `empty` deletes a
 * directory's children but keeps the directory; `whiteout` and `opaque`
 * write the OCI markers themselves and exist only in raw layers.
 */
export type LayerOp =
  | { op: "file"; path: string; content: string } & Ownership
  | { op: "dir"; path: string } & Ownership
  | { op: "symlink"; path: string; target: string; uid?: number; gid?: number }
  | { op: "hardlink"; path: string; target: string }
  | { op: "fifo"; path: string } & Ownership
  | { op: "char" | "block"; path: string; major: number; minor: number }
    & Ownership
  | { op: "chmod"; path: string; mode: number }
  | { op: "chown"; path: string; uid: number; gid: number }
  | { op: "remove"; path: string }
  | { op: "empty"; path: string }
  | { op: "whiteout"; path: string }
  | { op: "opaque"; path: string };

/**
 * One layer. `repack` (the default) applies the ops to the unpacked image and
 * lets `umoci repack` compute the layer, as a build would. `raw` stages the
 * ops in an empty directory, archives exactly those paths with GNU tar, in op
 * order, and appends the tar verbatim (`umoci raw add-layer`): the way to get
 * opaque markers, markers placed before or after their directory, parents
 * left out, and hard links to a file of a lower layer (the target is staged
 * as an empty 0644 root:root file, archived, then deleted from the tar, so
 * the link's header carries that metadata).
 */
export interface LayerSpec {
  ops: LayerOp[];
  createdBy?: string;
  via?: "repack" | "raw";
  /** Raw layers only: GNU tar's `--format` (long names as GNU or PAX records). */
  tarFormat?: "gnu" | "pax" | "ustar";
}

/** An image to build: its tag and its layers, bottom first. */
export interface ImageSpec {
  tag: string;
  layers: LayerSpec[];
}

/** A built image: the OCI layout directory umoci wrote and the tag in it. */
export interface BuiltImage {
  layout: string;
  tag: string;
}

/** The archive forms the conformance tests read. */
export type ImageForm =
  | "docker-archive"
  | "oci-archive"
  | "oci-archive-zstd"
  | "oci-layout";

/** Every form, for tests that loop over them. */
export const IMAGE_FORMS: readonly ImageForm[] = [
  "docker-archive",
  "oci-archive",
  "oci-archive-zstd",
  "oci-layout",
];

/**
 * Why the conformance tests cannot run here, or undefined when they can:
 * a missing tool, or not running as root.
 */
export async function conformanceSkipReason(): Promise<string | undefined> {
  for (const tool of ["umoci", "skopeo", "tar", "mknod", "mkfifo"]) {
    if (!(await commandExists(tool))) return `${tool} is not installed`;
  }
  if (Deno.uid() !== 0) {
    return "umoci must run as root to restore owners and device nodes";
  }
  return undefined;
}

/**
 * Builds `spec` into the OCI layout at `layout` (created when missing) and
 * returns where it is. Reruns with the same spec give byte-identical blobs.
 *
 * @example
 * const image = await buildImage("/tmp/x/oci", {
 *   tag: "v1",
 *   layers: [{ ops: [{ op: "file", path: "/etc/motd", content: "hi\n" }] }],
 * });
 */
export async function buildImage(
  layout: string,
  spec: ImageSpec,
): Promise<BuiltImage> {
  const image = { layout, tag: spec.tag };
  if (!(await exists(join(layout, "index.json")))) {
    await runCommand("umoci", ["init", "--layout", layout]);
  }
  await runCommand("umoci", ["new", "--image", imageRef(image)]);
  for (const layer of spec.layers) {
    if (layer.via === "raw") await addRawLayer(image, layer);
    else await repackLayer(image, layer);
  }
  await runCommand("umoci", [
    "config",
    "--image",
    imageRef(image),
    "--no-history",
    "--created",
    FIXED_DATE,
    "--architecture",
    "amd64",
    "--os",
    "linux",
  ]);
  await runCommand("umoci", ["gc", "--layout", layout]);
  return image;
}

/**
 * Writes `image` in `form` with skopeo into `options.dir` and returns the
 * path to hand to layerdiff. `oci-layout` returns umoci's layout itself
 * (which holds every tag built into it).
 */
export async function exportImage(
  image: BuiltImage,
  form: ImageForm,
  options: { dir: string; name?: string },
): Promise<string> {
  if (form === "oci-layout") return image.layout;
  const out = join(options.dir, `${image.tag}.${form}.tar`);
  await Deno.remove(out).catch(() => {});
  const source = `oci:${imageRef(image)}`;
  const name = options.name ?? `layerdiff.test/conformance:${image.tag}`;
  const copy = ["--insecure-policy", "copy", "--quiet"];
  if (form === "docker-archive") {
    await runCommand("skopeo", [
      ...copy,
      source,
      `docker-archive:${out}:${name}`,
    ]);
  } else if (form === "oci-archive") {
    await runCommand("skopeo", [
      ...copy,
      source,
      `oci-archive:${out}:${image.tag}`,
    ]);
  } else {
    await runCommand("skopeo", [
      ...copy,
      "--dest-compress-format",
      "zstd",
      source,
      `oci-archive:${out}:${image.tag}`,
    ]);
  }
  return out;
}

/** Unpacks `image` with `umoci unpack` into `bundle` and returns its rootfs. */
export async function unpackRootfs(
  image: BuiltImage,
  bundle: string,
): Promise<string> {
  await runCommand("umoci", ["unpack", "--image", imageRef(image), bundle]);
  return join(bundle, "rootfs");
}

function imageRef(image: BuiltImage): string {
  return `${image.layout}:${image.tag}`;
}

async function repackLayer(image: BuiltImage, layer: LayerSpec): Promise<void> {
  const work = await Deno.makeTempDir({ prefix: "layerdiff-bundle-" });
  const bundle = join(work, "bundle");
  try {
    const rootfs = await unpackRootfs(image, bundle);
    for (const op of layer.ops) await applyOp(rootfs, op);
    await runCommand("find", [
      rootfs,
      "-exec",
      "touch",
      "-h",
      "-d",
      `@${FIXED_EPOCH}`,
      "{}",
      "+",
    ]);
    await runCommand("umoci", [
      "repack",
      "--image",
      imageRef(image),
      ...historyFlags(layer),
      bundle,
    ]);
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}

async function addRawLayer(image: BuiltImage, layer: LayerSpec): Promise<void> {
  const staging = await Deno.makeTempDir({ prefix: "layerdiff-raw-" });
  try {
    const root = join(staging, "root");
    await Deno.mkdir(root);
    const members: string[] = [];
    const placeholders: string[] = [];
    for (const op of layer.ops) {
      const member = rawMember(op);
      if (op.op === "hardlink" && !members.includes(relative(op.target))) {
        await applyOp(root, { op: "file", path: op.target, content: "" });
        members.push(relative(op.target));
        placeholders.push(relative(op.target));
      }
      await applyOp(root, op);
      if (member !== undefined && !members.includes(member)) {
        members.push(member);
      }
    }
    const tar = join(staging, "layer.tar");
    await runCommand("tar", [
      "--create",
      `--file=${tar}`,
      `--directory=${root}`,
      `--format=${layer.tarFormat ?? "gnu"}`,
      "--no-recursion",
      "--numeric-owner",
      `--mtime=@${FIXED_EPOCH}`,
      "--",
      ...members,
    ]);
    if (placeholders.length > 0) {
      await runCommand("tar", [
        "--delete",
        `--file=${tar}`,
        "--",
        ...placeholders,
      ]);
    }
    await runCommand("umoci", [
      "raw",
      "add-layer",
      "--image",
      imageRef(image),
      ...historyFlags(layer),
      tar,
    ]);
  } finally {
    await Deno.remove(staging, { recursive: true });
  }
}

/** The tar member a raw-layer op stages, relative to the root. */
function rawMember(op: LayerOp): string | undefined {
  switch (op.op) {
    case "whiteout":
      return join(relative(dirname(op.path)), `.wh.${basename(op.path)}`);
    case "opaque":
      return join(relative(op.path), ".wh..wh..opq");
    case "chmod":
    case "chown":
      return undefined;
    case "remove":
    case "empty":
      throw new Error(`raw layers cannot ${op.op}; use a whiteout`);
    default:
      return relative(op.path);
  }
}

function historyFlags(layer: LayerSpec): string[] {
  return [
    "--history.created",
    FIXED_DATE,
    "--history.created_by",
    layer.createdBy ?? "umoci repack",
  ];
}

async function applyOp(root: string, op: LayerOp): Promise<void> {
  const path = join(root, relative(op.path));
  if (
    op.op !== "chmod" && op.op !== "chown" && op.op !== "remove" &&
    op.op !== "empty"
  ) {
    await Deno.mkdir(dirname(path), { recursive: true });
  }
  switch (op.op) {
    case "file":
      await Deno.writeTextFile(path, op.content);
      return await setOwnership(path, op, 0o644);
    case "dir":
      await Deno.mkdir(path, { recursive: true });
      return await setOwnership(path, op, 0o755);
    case "symlink":
      await Deno.symlink(op.target, path);
      return await setOwnership(path, { uid: op.uid, gid: op.gid });
    case "hardlink":
      return await Deno.link(join(root, relative(op.target)), path);
    case "fifo":
      await runCommand("mkfifo", [path]);
      return await setOwnership(path, op, 0o644);
    case "char":
    case "block":
      await runCommand("mknod", [
        path,
        op.op === "char" ? "c" : "b",
        `${op.major}`,
        `${op.minor}`,
      ]);
      return await setOwnership(path, op, 0o644);
    case "chmod":
      return await Deno.chmod(path, op.mode);
    case "chown":
      return await setOwnership(path, op);
    case "remove":
      return await Deno.remove(path, { recursive: true });
    case "empty":
      for await (const child of Deno.readDir(path)) {
        await Deno.remove(join(path, child.name), { recursive: true });
      }
      return;
    case "whiteout":
      return await Deno.writeTextFile(
        join(dirname(path), `.wh.${basename(path)}`),
        "",
      );
    case "opaque":
      await Deno.mkdir(path, { recursive: true });
      return await Deno.writeTextFile(join(path, ".wh..wh..opq"), "");
  }
}

/**
 * Sets owner (without following symlinks), then mode: explicit, so the umask
 * never leaks in, and after chown, which clears setuid bits.
 */
async function setOwnership(
  path: string,
  ownership: Ownership,
  defaultMode?: number,
): Promise<void> {
  if (ownership.uid !== undefined || ownership.gid !== undefined) {
    await runCommand("chown", [
      "-h",
      `${ownership.uid ?? 0}:${ownership.gid ?? 0}`,
      path,
    ]);
  }
  const mode = ownership.mode ?? defaultMode;
  if (mode !== undefined) await Deno.chmod(path, mode);
}

function relative(path: string): string {
  if (!path.startsWith("/") || path.split("/").includes("..")) {
    throw new Error(`layer op paths must be absolute without "..": ${path}`);
  }
  return path.replace(/^\/+/, "");
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
