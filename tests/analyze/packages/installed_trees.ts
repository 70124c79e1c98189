/**
 * Real package data for the scan and diff tests, as tar entries: the
 * committed dpkg and apk excerpts (testdata/packages), and trees that npm
 * and pip themselves install offline (as npm_test.ts and python_test.ts
 * make them), walked into layers.
 */
import { join } from "node:path";
import {
  dir,
  file,
  symlink,
  type TarSpec,
} from "../../fixtures/tar_builder.ts";
import { run } from "./kept_tree.ts";

const testdata = new URL("../../../testdata/packages/", import.meta.url)
  .pathname;

/** A committed excerpt's file, e.g. `dpkg/var/lib/dpkg/status`. */
export function excerpt(path: string): Promise<Uint8Array> {
  return Deno.readFile(join(testdata, path));
}

/** The dpkg excerpt's status and every info/ file, at /var/lib/dpkg. */
export async function dpkgDatabase(): Promise<TarSpec[]> {
  const root = join(testdata, "dpkg/var/lib/dpkg");
  const names = [...Deno.readDirSync(join(root, "info"))]
    .map((entry) => `info/${entry.name}`).sort();
  const specs = [dir("var/lib/dpkg/"), dir("var/lib/dpkg/info/")];
  for (const name of ["status", ...names]) {
    specs.push(
      file(`var/lib/dpkg/${name}`, await Deno.readFile(join(root, name))),
    );
  }
  return specs;
}

/** The paths each .list of the dpkg excerpt names, by .list file name. */
export async function dpkgLists(): Promise<Map<string, string[]>> {
  const info = join(testdata, "dpkg/var/lib/dpkg/info");
  const lists = new Map<string, string[]>();
  for (
    const entry of [...Deno.readDirSync(info)].sort((x, y) =>
      x.name < y.name ? -1 : 1
    )
  ) {
    if (!entry.name.endsWith(".list")) continue;
    const text = await Deno.readTextFile(join(info, entry.name));
    lists.set(
      entry.name,
      text.split("\n").filter((line) => line !== "" && line !== "/."),
    );
  }
  return lists;
}

/** Stand-in content of a package file: its path, repeated 1–40 times. */
export function standIn(path: string): string {
  let hash = 0;
  for (const c of path) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return `${path}\n`.repeat(1 + hash % 40);
}

/**
 * The files of every package the dpkg excerpt lists, each with its
 * stand-in content, and the directories among the listed paths (those
 * something is listed below, or the database is); the paths in `symlinks` are symlinks to
 * their value instead, as in the real packages. `files` maps each regular
 * file to its size.
 */
export async function dpkgFiles(
  options: { symlinks?: Record<string, string> } = {},
): Promise<{ specs: TarSpec[]; files: Map<string, number> }> {
  const paths = new Set([...(await dpkgLists()).values()].flat());
  const dirs = new Set<string>();
  // The database lies below /var/lib/dpkg, which base-files lists.
  for (const path of [...paths, "/var/lib/dpkg/info/x"]) {
    for (let i = path.indexOf("/", 1); i > 0; i = path.indexOf("/", i + 1)) {
      dirs.add(path.slice(0, i));
    }
  }
  const specs: TarSpec[] = [...dirs].sort().map((path) => dir(`${path}/`));
  const files = new Map<string, number>();
  for (const path of [...paths].sort()) {
    if (dirs.has(path)) continue;
    const target = options.symlinks?.[path];
    if (target !== undefined) {
      specs.push(symlink(path.slice(1), target));
      continue;
    }
    const content = standIn(path);
    files.set(path, content.length);
    specs.push(file(path.slice(1), content));
  }
  return { specs, files };
}

/** A host file as the image has it: its image path and size. */
export interface TreeFile {
  path: string;
  size: number;
}

/**
 * Walks a host directory (symlinks not followed) into tar entries that
 * put `root/a/b` at `mountAt/a/b`; also returns its regular files.
 */
export async function treeLayer(
  root: string,
  options: { mountAt?: string } = {},
): Promise<{ specs: TarSpec[]; files: TreeFile[] }> {
  const mountAt = (options.mountAt ?? "").replace(/^\/|\/$/g, "");
  const specs: TarSpec[] = [];
  const files: TreeFile[] = [];
  const walk = async (host: string, image: string) => {
    const entries = [];
    for await (const entry of Deno.readDir(host)) entries.push(entry);
    entries.sort((x, y) => x.name < y.name ? -1 : 1);
    for (const entry of entries) {
      const from = join(host, entry.name);
      const to = image === "" ? entry.name : `${image}/${entry.name}`;
      if (entry.isSymlink) specs.push(symlink(to, await Deno.readLink(from)));
      else if (entry.isDirectory) {
        specs.push(dir(`${to}/`));
        await walk(from, to);
      } else if (entry.isFile) {
        const content = await Deno.readFile(from);
        specs.push(file(to, content));
        files.push({ path: `/${to}`, size: content.length });
      }
    }
  };
  for (
    let at = mountAt.indexOf("/");
    at > 0;
    at = mountAt.indexOf("/", at + 1)
  ) {
    specs.push(dir(`${mountAt.slice(0, at)}/`));
  }
  if (mountAt !== "") specs.push(dir(`${mountAt}/`));
  await walk(root, mountAt);
  return { specs, files };
}

/** A scratch directory removed when the test process ends. */
export async function scratchDir(prefix: string): Promise<string> {
  const path = await Deno.makeTempDir({ prefix });
  globalThis.addEventListener("unload", () => {
    Deno.removeSync(path, { recursive: true });
  });
  return path;
}

/** No user configuration; a cache of our own; no network wanted. */
export function npmEnv(work: string): Record<string, string> {
  return {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: `${work}/home`,
    npm_config_userconfig: "/dev/null",
    npm_config_cache: `${work}/cache`,
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  };
}

/** A package source for `npm pack`: its manifest and other files. */
interface NpmSource {
  manifest: Record<string, unknown>;
  files: Record<string, string>;
}

/** One `npm pack` of several package directories; the tarball paths. */
async function npmPack(work: string, sources: NpmSource[]): Promise<string[]> {
  const dirs: string[] = [];
  for (const { manifest, files } of sources) {
    const dir = `${work}/src/${manifest.name}@${manifest.version}`;
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(`${dir}/package.json`, JSON.stringify(manifest));
    for (const [path, content] of Object.entries(files)) {
      await Deno.mkdir(join(dir, path, ".."), { recursive: true });
      await Deno.writeTextFile(join(dir, path), content);
    }
    dirs.push(dir);
  }
  const out = await run(
    "npm",
    ["pack", "--json", "--pack-destination", work, ...dirs],
    { cwd: work, env: npmEnv(work) },
  );
  return JSON.parse(out).map((packed: { filename: string }) =>
    `${work}/${packed.filename}`
  );
}

/**
 * An app npm installs offline from `npm pack` tarballs: it depends on
 * `a@1.0.0` and `@scope/b@2.0.0`; `a` depends on `@scope/b@1.0.0`, which
 * npm nests under `a`; `a` has a bin (node_modules/.bin) and a lib/ with a
 * decoy `lib/package.json` that is no package's record.
 * Returns the app directory (its node_modules is the tree).
 */
export async function installNpmApp(work: string): Promise<string> {
  const index = { "index.js": "module.exports = 1;\n" };
  const b = (version: string, copies: number): NpmSource => ({
    manifest: { name: "@scope/b", version, main: "index.js" },
    files: { ...index, "README.md": `# b ${version}\n`.repeat(copies) },
  });
  // npm names a scoped tarball scope-name-version.tgz; a needs b1's first.
  const b1 = `${work}/scope-b-1.0.0.tgz`;
  const [packedB1, b2, a] = await npmPack(work, [b("1.0.0", 3), b("2.0.0", 7), {
    manifest: {
      name: "a",
      version: "1.0.0",
      bin: { "a-tool": "index.js" },
      dependencies: { "@scope/b": `file:${b1}` },
    },
    files: {
      ...index,
      "lib/util.js": "exports.x = 2;\n".repeat(20),
      "lib/package.json": '{"type":"commonjs"}',
    },
  }]);
  if (packedB1 !== b1) throw new Error(`npm packed ${packedB1}, not ${b1}`);
  const app = `${work}/app`;
  await Deno.mkdir(app);
  await Deno.writeTextFile(
    `${app}/package.json`,
    JSON.stringify({
      name: "app",
      version: "0.0.0",
      dependencies: { a: `file:${a}`, "@scope/b": `file:${b2}` },
    }),
  );
  await run("npm", ["install", "--offline"], { cwd: app, env: npmEnv(work) });
  return app;
}

/** Why npm cannot make trees here, if it cannot. */
export function npmSkipReason(work: string): Promise<string | undefined> {
  return run("npm", ["--version"], { env: npmEnv(work) }).then(
    () => undefined,
    (error) => `npm cannot run here (${(error as Error).message})`,
  );
}

/** No user configuration, index or cache: pip works offline, alone. */
function pipEnv(work: string): Record<string, string> {
  return {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: `${work}/home`,
    PIP_CONFIG_FILE: "/dev/null",
    PIP_DISABLE_PIP_VERSION_CHECK: "1",
    PIP_NO_INPUT: "1",
    PIP_NO_CACHE_DIR: "1",
    PIP_ROOT_USER_ACTION: "ignore",
    PIP_NO_WARN_SCRIPT_LOCATION: "1",
  };
}

const CAN_BUILD = `
import importlib.util as u
def has(name):
    try:
        return u.find_spec(name) is not None
    except Exception:
        return False
assert has("pip") and has("setuptools")
assert has("wheel") or has("setuptools.command.bdist_wheel")`;

/**
 * A Python of this machine (Debian's, else `python3`) whose pip can build
 * and install a local setuptools project offline; undefined if none can.
 */
export async function pipPython(work: string): Promise<string | undefined> {
  for (const exe of ["/usr/bin/python3", "python3"]) {
    try {
      await run(exe, ["-c", CAN_BUILD], { env: pipEnv(work) });
      return exe;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/**
 * pip installs a setuptools project `Zope.Demo_Pkg` of `version` (a
 * module and a console script) offline, without build isolation, under a
 * new root as `prefix` (default /usr). Returns the root.
 */
export async function pipInstall(
  work: string,
  version: string,
  options: { python: string; prefix?: string },
): Promise<string> {
  const prefix = options.prefix ?? "/usr";
  const tag = `${version}${prefix.replaceAll("/", "_")}`;
  const project = `${work}/project-${tag}`;
  await Deno.mkdir(`${project}/src/zope_demo`, { recursive: true });
  await Deno.writeTextFile(
    `${project}/pyproject.toml`,
    `[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"

[project]
name = "Zope.Demo_Pkg"
version = "${version}"

[project.scripts]
zope-demo = "zope_demo:main"
`,
  );
  await Deno.writeTextFile(
    `${project}/src/zope_demo/__init__.py`,
    `def main():\n    print("${version}")\n`.repeat(version.length),
  );
  const root = `${work}/root-${tag}`;
  await run(options.python, [
    "-m",
    "pip",
    "install",
    "--quiet",
    "--no-user",
    "--no-deps",
    "--no-index",
    "--no-build-isolation",
    "--root",
    root,
    "--prefix",
    prefix,
    project,
  ], { env: pipEnv(work) });
  return root;
}
