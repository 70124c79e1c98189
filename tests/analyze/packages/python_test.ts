/**
 * pythonReader on trees the real tools write: pip installing a local
 * setuptools project (wheel and, where an old pip is found, the legacy
 * `setup.py install`), distutils, and this machine's Debian dist-packages.
 * Python's own importlib.metadata is the oracle.
 */
import assert from "@std/assert";
import fc from "fast-check";
import type { KeptFiles } from "../../../mod/analyze/packages/package.ts";
import { pythonReader } from "../../../mod/analyze/packages/python.ts";
import { keptTree, run } from "./kept_tree.ts";

/** A Python interpreter of this machine and what it can build here. */
interface Python {
  exe: string;
  /** pip, setuptools and a bdist_wheel to build without isolation. */
  buildsWheels: boolean;
  /** pip < 23.1 without `wheel`: `setup.py install`, installed-files.txt. */
  legacyInstall: boolean;
  /** The standard library's distutils (Python < 3.12). */
  distutils: boolean;
}

const work = await Deno.makeTempDir({ prefix: "layerdiff-python-" });
globalThis.addEventListener("unload", () => {
  Deno.removeSync(work, { recursive: true });
});

/** No user configuration, index or cache: the tools work offline, alone. */
const env = {
  PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
  HOME: `${work}/home`,
  PIP_CONFIG_FILE: "/dev/null",
  PIP_DISABLE_PIP_VERSION_CHECK: "1",
  PIP_NO_INPUT: "1",
  PIP_NO_CACHE_DIR: "1",
  PIP_ROOT_USER_ACTION: "ignore",
  PIP_NO_WARN_SCRIPT_LOCATION: "1",
};
/** distutils itself, not the copy setuptools would put in its place. */
const distutilsEnv = { ...env, SETUPTOOLS_USE_DISTUTILS: "stdlib" };

const PROBE = `
import json, sys, importlib.util as u
def has(name):
    try:
        return u.find_spec(name) is not None
    except Exception:
        return False
try:
    import pip
    pip_version = tuple(int(p) for p in pip.__version__.split(".")[:2])
except Exception:
    pip_version = None
tools = pip_version is not None and has("setuptools")
wheel = has("wheel")
try:
    import distutils.core
    distutils = "setuptools" not in distutils.core.__file__
except Exception:
    distutils = False
print(json.dumps({
    "buildsWheels": tools and (wheel or has("setuptools.command.bdist_wheel")),
    "legacyInstall": tools and pip_version < (23, 1) and not wheel,
    "distutils": distutils,
}))`;

/** `python3`, Debian's, and pyenv's interpreters, each probed. */
async function probePythons(): Promise<Python[]> {
  const candidates = ["python3", "/usr/bin/python3"];
  const pyenv = Deno.env.get("PYENV_ROOT") ??
    `${Deno.env.get("HOME")}/.pyenv`;
  try {
    for await (const version of Deno.readDir(`${pyenv}/versions`)) {
      candidates.push(`${pyenv}/versions/${version.name}/bin/python3`);
    }
  } catch {
    // no pyenv
  }
  const probed = await Promise.all(candidates.map(async (exe) => {
    try {
      const probe = await run(exe, ["-c", PROBE], { env: distutilsEnv });
      return { exe, ...JSON.parse(probe) };
    } catch {
      return undefined;
    }
  }));
  return probed.filter((python): python is Python => python !== undefined);
}

const pythons = await probePythons();
const builder = pythons.find((python) => python.buildsWheels);
const legacy = pythons.find((python) => python.legacyInstall);
const distutils = pythons.find((python) => python.distutils);
const skipWheels = builder
  ? undefined
  : "no Python here has pip, setuptools and wheel";
const skipLegacy = legacy
  ? undefined
  : "no Python here has a pip < 23.1 without wheel (legacy setup.py install)";
const skipDistutils = distutils
  ? undefined
  : "no Python here has the standard library's distutils";
for (const reason of [skipWheels, skipLegacy, skipDistutils]) {
  if (reason) console.log(`SKIPPING Python install tests: ${reason}`);
}

/** A setuptools project `Zope.Demo_Pkg` with a console script. */
async function writeProject(version: string): Promise<string> {
  const dir = `${work}/project-${version}`;
  await Deno.mkdir(`${dir}/src/zope_demo`, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/pyproject.toml`,
    `[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"

[project]
name = "Zope.Demo_Pkg"
version = "${version}"

[project.scripts]
zope-demo = "zope_demo:main"

[tool.setuptools.package-data]
zope_demo = ["*.txt"]
`,
  );
  await Deno.writeTextFile(
    `${dir}/src/zope_demo/__init__.py`,
    `def main():\n    print("${version}")\n`,
  );
  if (version !== "1.0") {
    // RECORD quotes these names: a comma, a quote; and UTF-8.
    for (const name of ["we ird,name.txt", 'quo"te.txt', "naïve.txt"]) {
      await Deno.writeTextFile(`${dir}/src/zope_demo/${name}`, name);
    }
  }
  return dir;
}

/** pip builds the project's wheel and installs it under `root` as /usr. */
async function pipInstall(python: Python, project: string, root: string) {
  await run(python.exe, [
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
    "/usr",
    project,
  ], { env });
}

/** What importlib.metadata finds in these directories: the oracle. */
interface Distribution {
  /** PEP 503's own regex, lower-cased. */
  name: string;
  version: string;
  location: string;
  /** From RECORD only; null otherwise. */
  files: string[] | null;
  size: number | null;
}

const ORACLE = `
import importlib.metadata as m, json, os, re, sys
out = []
for d in m.distributions(path=sys.argv[1:]):
    record = d.read_text("RECORD") is not None
    files = [os.path.normpath(d.locate_file(f)) for f in d.files] if record else None
    out.append({
        "name": re.sub(r"[-_.]+", "-", d.metadata["Name"]).lower(),
        "version": d.version,
        "location": str(d._path),
        "files": sorted(set(files)) if record else None,
        "size": sum(f.size or 0 for f in d.files) if record else None,
    })
print(json.dumps(out))`;

/** Any Python 3.8+ reads metadata the same; the one on PATH does. */
async function importlibView(dirs: string[]): Promise<Distribution[]> {
  const found: Distribution[] = JSON.parse(
    await run("python3", ["-c", ORACLE, ...dirs], { env }),
  );
  return found.sort((x, y) => x.location < y.location ? -1 : 1);
}

/** site-packages / dist-packages directories in a tree's file list. */
function siteDirs(files: string[]): string[] {
  const dirs = files.map((path) =>
    path.match(/^(.*\/(?:site|dist)-packages)\/[^/]+\.(?:dist|egg)-info\b/)
      ?.[1]
  );
  return [...new Set(dirs.filter((dir) => dir !== undefined))];
}

/** Image path of a host path under `root`. */
const imagePath = (root: string, host: string) => host.slice(root.length);

const roots = new Map<string, string>();
if (builder) {
  await Promise.all(["1.0", "2.0"].map(async (version) => {
    const root = `${work}/root-${version}`;
    await pipInstall(builder, await writeProject(version), root);
    roots.set(version, root);
  }));
}

for (const version of ["1.0", "2.0"]) {
  Deno.test({
    name:
      `pythonReader reads the dist-info pip writes for ${version}: name, version and every file pip installed`,
    ignore: skipWheels !== undefined,
    fn: async () => {
      const root = roots.get(version)!;
      const tree = await keptTree(root, pythonReader);
      const { packages, errors } = pythonReader.read(tree.kept);
      assert.deepEqual(errors, []);
      assert.equal(packages.length, 1);
      const [pkg] = packages;
      const [oracle] = await importlibView(
        siteDirs(tree.files).map((dir) => `${root}${dir}`),
      );
      assert.equal(pkg.name, "zope-demo-pkg");
      assert.equal(pkg.name, oracle.name);
      assert.equal(pkg.version, version);
      assert.equal(pkg.location, imagePath(root, oracle.location));
      assert.match(pkg.location, /-packages\/Zope\.Demo_Pkg-\d\.0\.dist-info$/);
      // RECORD lists every file pip wrote, the script in bin/ included.
      assert.deepEqual(pkg.files, tree.files);
      assert.deepEqual(
        pkg.files,
        oracle.files!.map((file) => imagePath(root, file)),
      );
      assert.ok(
        pkg.files.some((file) =>
          /^\/usr(\/local)?\/bin\/zope-demo$/.test(file)
        ),
      );
      assert.equal(pkg.installedSize, oracle.size);
      assert.ok(pkg.installedSize! > 0);
      assert.deepEqual(
        [pkg.arch, pkg.source, pkg.ecosystem],
        [null, null, "python"],
      );
      // wants() keeps METADATA and RECORD, nothing else pip wrote.
      assert.deepEqual(
        [...tree.kept.files.keys()].sort(),
        [`${pkg.location}/METADATA`, `${pkg.location}/RECORD`],
      );
    },
  });
}

Deno.test({
  name: "pythonReader orders the two installed versions as PEP 440 does",
  ignore: skipWheels !== undefined,
  fn: async () => {
    const [one, two] = await Promise.all(["1.0", "2.0"].map(async (v) => {
      const tree = await keptTree(roots.get(v)!, pythonReader);
      return pythonReader.read(tree.kept).packages[0].version;
    }));
    assert.ok(pythonReader.compareVersions(one, two) < 0);
    assert.ok(pythonReader.compareVersions(two, one) > 0);
  },
});

Deno.test({
  name:
    "pythonReader reads the egg-info directory and installed-files.txt of a legacy pip install",
  ignore: skipLegacy !== undefined,
  fn: async () => {
    const project = `${work}/legacy`;
    await Deno.mkdir(`${project}/legpkg`, { recursive: true });
    await Deno.writeTextFile(
      `${project}/setup.py`,
      `from setuptools import setup
setup(name="Leg_Pkg", version="3.1rc1", packages=["legpkg"],
      entry_points={"console_scripts": ["leg=legpkg:main"]})
`,
    );
    await Deno.writeTextFile(
      `${project}/legpkg/__init__.py`,
      "def main(): pass\n",
    );
    const root = `${work}/root-legacy`;
    await pipInstall(legacy!, project, root);
    const tree = await keptTree(root, pythonReader);
    const { packages, errors } = pythonReader.read(tree.kept);
    assert.deepEqual(errors, []);
    assert.equal(packages.length, 1);
    const [pkg] = packages;
    assert.equal(pkg.name, "leg-pkg");
    assert.equal(pkg.version, "3.1rc1");
    assert.match(
      pkg.location,
      /-packages\/Leg_Pkg-3\.1rc1-py3\.\d+\.egg-info$/,
    );
    // installed-files.txt (relative to the egg-info, `../../../../bin/leg`).
    assert.deepEqual(pkg.files, tree.files);
    assert.equal(pkg.installedSize, null);
    const [oracle] = await importlibView(
      siteDirs(tree.files).map((dir) => `${root}${dir}`),
    );
    assert.deepEqual(
      [oracle.name, oracle.version, imagePath(root, oracle.location)],
      [pkg.name, pkg.version, pkg.location],
    );
  },
});

Deno.test({
  name: "pythonReader reads the regular-file .egg-info distutils installs",
  ignore: skipDistutils !== undefined,
  fn: async () => {
    const project = `${work}/distutils`;
    await Deno.mkdir(`${project}/oldpkg`, { recursive: true });
    await Deno.writeTextFile(
      `${project}/setup.py`,
      `from distutils.core import setup
setup(name="Old_Style.Pkg", version="0.9b1", packages=["oldpkg"])
`,
    );
    await Deno.writeTextFile(`${project}/oldpkg/__init__.py`, "");
    const root = `${work}/root-distutils`;
    await run(
      distutils!.exe,
      ["setup.py", "-q", "install", "--root", root, "--prefix", "/usr"],
      { cwd: project, env: distutilsEnv },
    );
    const tree = await keptTree(root, pythonReader);
    const eggInfo = tree.files.filter((path) => path.endsWith(".egg-info"));
    assert.equal(eggInfo.length, 1, "distutils wrote one egg-info file");
    const { packages, errors } = pythonReader.read(tree.kept);
    assert.deepEqual(errors, []);
    assert.deepEqual(packages, [{
      ecosystem: "python",
      name: "old-style-pkg",
      version: "0.9b1",
      arch: null,
      installedSize: null,
      source: null,
      files: [],
      location: eggInfo[0],
    }]);
    const [oracle] = await importlibView(
      siteDirs(tree.files).map((dir) => `${root}${dir}`),
    );
    assert.deepEqual(
      [oracle.name, oracle.version, imagePath(root, oracle.location)],
      [packages[0].name, packages[0].version, packages[0].location],
    );
  },
});

const DEBIAN = "/usr/lib/python3/dist-packages";
const debianSkip = await (async () => {
  try {
    await Deno.stat(`${DEBIAN}`);
    await run("python3", ["-c", "import importlib.metadata"], { env });
    return undefined;
  } catch (error) {
    return `no ${DEBIAN} or python3 here (${(error as Error).message})`;
  }
})();
if (debianSkip) {
  console.log(`SKIPPING Debian dist-packages test: ${debianSkip}`);
}

Deno.test({
  name:
    "pythonReader finds in Debian's dist-packages what importlib.metadata finds",
  ignore: debianSkip !== undefined,
  fn: async () => {
    const tree = await keptTree(DEBIAN, pythonReader, { mountAt: DEBIAN });
    const { packages, errors } = pythonReader.read(tree.kept);
    assert.deepEqual(errors, []);
    const oracle = await importlibView([DEBIAN]);
    assert.ok(oracle.length > 0);
    const view = (p: { name: string; version: string; location: string }) =>
      `${p.location} ${p.name} ${p.version}`;
    assert.deepEqual(packages.map(view).sort(), oracle.map(view).sort());
    const byLocation = new Map(packages.map((p) => [p.location, p]));
    for (const dist of oracle) {
      if (dist.files === null) continue;
      const found = byLocation.get(dist.location)!;
      assert.deepEqual(found.files, dist.files, dist.location);
      assert.equal(found.installedSize, dist.size, dist.location);
    }
  },
});

const packagingSkip = await (async () => {
  try {
    await run("dpkg", ["-s", "python3-packaging"], { env });
    return undefined;
  } catch {
    return "python3-packaging (Debian) is not installed";
  }
})();
if (packagingSkip) {
  console.log(`SKIPPING python3-packaging test: ${packagingSkip}`);
}

Deno.test({
  name:
    "pythonReader gives python3-packaging the files dpkg says it installed in dist-packages",
  ignore: packagingSkip !== undefined || debianSkip !== undefined,
  fn: async () => {
    const tree = await keptTree(DEBIAN, pythonReader, { mountAt: DEBIAN });
    const found = pythonReader.read(tree.kept).packages.filter((p) =>
      p.name === "packaging" && p.location.endsWith(".dist-info")
    );
    assert.equal(found.length, 1);
    const listed = (await run("dpkg", ["-L", "python3-packaging"], { env }))
      .split("\n").filter((path) => path.startsWith(`${DEBIAN}/`));
    const regular: string[] = [];
    for (const path of listed) {
      if ((await Deno.lstat(path)).isFile) regular.push(path);
    }
    assert.deepEqual(found[0].files, regular.sort());
    assert.match(
      found[0].location,
      /^\/usr\/lib\/python3\/dist-packages\/packaging-[\d.]+\.dist-info$/,
    );
  },
});

/** Kept files built in code, for the hostile cases. */
function keptOf(files: Record<string, string | Uint8Array>): KeptFiles {
  const map = new Map(
    Object.entries(files).map(([path, content]) => [
      path,
      typeof content === "string" ? new TextEncoder().encode(content) : content,
    ]),
  );
  return { files: map, exists: (path) => map.has(path) };
}

const SITE = "/usr/lib/python3.12/site-packages";

Deno.test("pythonReader.wants() keeps only metadata, RECORD and egg-info files", () => {
  const cases: [string, boolean][] = [
    [`${SITE}/a-1.dist-info/METADATA`, true],
    [`${SITE}/a-1.dist-info/RECORD`, true],
    ["/usr/lib/python3/dist-packages/a-1.dist-info/METADATA", true],
    [`${SITE}/a-1.dist-info/WHEEL`, false],
    [`${SITE}/a-1.dist-info/entry_points.txt`, false],
    ["/app/vendor/a-1.dist-info/METADATA", false],
    [`${SITE}/a/METADATA`, false],
    ["/src/app.egg-info/PKG-INFO", true],
    ["/src/app.egg-info/installed-files.txt", true],
    ["/src/app.egg-info/SOURCES.txt", false],
    [`${SITE}/six-1.16.0.egg-info`, true],
    ["/.egg-info", false],
    ["/.egg-info/PKG-INFO", false],
    [`${SITE}/a/PKG-INFO`, false],
  ];
  for (const [path, wanted] of cases) {
    assert.equal(pythonReader.wants(path), wanted, path);
  }
});

Deno.test("pythonReader skips metadata without Name or Version, naming the file", () => {
  const { packages, errors } = pythonReader.read(keptOf({
    [`${SITE}/a-1.dist-info/METADATA`]: "Metadata-Version: 2.1\nName: a\n",
    [`${SITE}/b-1.dist-info/METADATA`]: "Version: 1\n",
    // The headers end at the first empty line; what follows is description.
    [`${SITE}/c-1.dist-info/METADATA`]:
      "Metadata-Version: 2.1\n\nName: c\nVersion: 1\n",
    [`${SITE}/d-1.egg-info`]: "Name: d\nVersion:   \n",
    [`${SITE}/e-1.dist-info/METADATA`]: "Name: E_e\r\nVersion: 1.0\r\n\r\n",
  }));
  assert.deepEqual(packages.map((p) => [p.name, p.version]), [["e-e", "1.0"]]);
  assert.deepEqual(errors, [
    {
      path: `${SITE}/a-1.dist-info/METADATA`,
      message: "no Version header; skipped",
    },
    {
      path: `${SITE}/b-1.dist-info/METADATA`,
      message: "no Name header; skipped",
    },
    {
      path: `${SITE}/c-1.dist-info/METADATA`,
      message: "no Name header; skipped",
    },
    { path: `${SITE}/d-1.egg-info`, message: "no Version header; skipped" },
  ]);
});

Deno.test("pythonReader refuses RECORD paths that climb above the root and keeps the rest", () => {
  const { packages, errors } = pythonReader.read(keptOf({
    [`${SITE}/a-1.dist-info/METADATA`]: "Name: a\nVersion: 1\n",
    [`${SITE}/a-1.dist-info/RECORD`]: [
      "a/__init__.py,sha256=x,10",
      "../../../../etc/passwd,,",
      "../../../../../../../root/.ssh/id,,",
      "/opt/absolute/file,sha256=y,5",
      "./a/./../a/b.py,sha256=z,not-a-size",
      "",
    ].join("\n"),
  }));
  assert.deepEqual(packages[0].files, [
    "/etc/passwd",
    "/opt/absolute/file",
    `${SITE}/a/__init__.py`,
    `${SITE}/a/b.py`,
  ]);
  assert.equal(packages[0].installedSize, 15);
  assert.deepEqual(errors, [{
    path: `${SITE}/a-1.dist-info/RECORD`,
    message: "1 path(s) escape the root; skipped",
  }]);
});

Deno.test("pythonReader names a RECORD or installed-files.txt with no metadata beside it", () => {
  const { packages, errors } = pythonReader.read(keptOf({
    [`${SITE}/a-1.dist-info/RECORD`]: "a.py,,\n",
    ["/src/b.egg-info/installed-files.txt"]: "../b.py\n",
  }));
  assert.deepEqual(packages, []);
  assert.deepEqual(errors, [
    {
      path: `${SITE}/a-1.dist-info/RECORD`,
      message: "no METADATA beside it; skipped",
    },
    {
      path: "/src/b.egg-info/installed-files.txt",
      message: "no PKG-INFO beside it; skipped",
    },
  ]);
});

Deno.test("pythonReader.read() never throws on arbitrary metadata and RECORD bytes", () => {
  fc.assert(
    fc.property(fc.uint8Array(), fc.string(), (metadata, record) => {
      const inventory = pythonReader.read(keptOf({
        [`${SITE}/a-1.dist-info/METADATA`]: metadata,
        [`${SITE}/a-1.dist-info/RECORD`]: record,
        [`${SITE}/b.egg-info`]: metadata,
      }));
      assert.equal(
        inventory.packages.length + inventory.errors.length >= 2,
        true,
      );
    }),
  );
});
