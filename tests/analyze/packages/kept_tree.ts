/**
 * A real directory tree seen as an image's merged filesystem: what a
 * package scan would keep of it for one reader.
 */
import type {
  KeptFiles,
  PackageReader,
} from "../../../mod/analyze/packages/package.ts";

/** A tree read for one reader; paths are image paths. */
export interface KeptTree {
  kept: KeptFiles;
  /** Every regular file of the tree, sorted. */
  files: string[];
}

/**
 * Walks `root` (symlinks not followed) and keeps the bytes of the regular
 * files `reader` wants; a file `root/a/b` is the image path `mountAt/a/b`.
 */
export async function keptTree(
  root: string,
  reader: PackageReader,
  options: { mountAt?: string } = {},
): Promise<KeptTree> {
  const mountAt = (options.mountAt ?? "/").replace(/\/$/, "");
  const files = new Map<string, Uint8Array>();
  const all: string[] = [];
  const present = new Set<string>([mountAt || "/"]);
  const walk = async (dir: string, image: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${image}/${entry.name}`;
      present.add(path);
      if (entry.isDirectory) await walk(`${dir}/${entry.name}`, path);
      else if (entry.isFile) {
        all.push(path);
        if (reader.wants(path)) {
          files.set(path, await Deno.readFile(`${dir}/${entry.name}`));
        }
      }
    }
  };
  await walk(root.replace(/\/$/, ""), mountAt);
  return {
    kept: { files, exists: (path) => present.has(path) },
    files: all.sort(),
  };
}

/** Runs a command; its stdout, or an error naming its stderr. */
export async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command(command, {
    args,
    cwd: options.cwd,
    env: options.env,
    clearEnv: options.env !== undefined,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  if (code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${code}: ${text.decode(stderr)}`,
    );
  }
  return text.decode(stdout);
}
