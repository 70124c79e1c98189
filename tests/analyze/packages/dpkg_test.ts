/**
 * The dpkg reader on a real database: an excerpt of a debootstrap'd Debian
 * 12 minbase tree (testdata/packages/dpkg, see its README.txt), checked
 * against `dpkg-query --admindir` on the same files; then distroless-style
 * `status.d/` stanzas made from it, and hostile input.
 */
import assert from "@std/assert";
import { join, relative } from "node:path";
import { dpkgReader } from "../../../mod/analyze/packages/dpkg.ts";
import type {
  InstalledPackage,
  KeptFiles,
} from "../../../mod/analyze/packages/package.ts";

const tree = new URL("../../../testdata/packages/dpkg/", import.meta.url)
  .pathname;
const admindir = join(tree, "var/lib/dpkg");
const STATUS = "/var/lib/dpkg/status";
const encode = (text: string) => new TextEncoder().encode(text);

async function dpkgQuery(args: string[]): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command("dpkg-query", {
    args: [`--admindir=${admindir}`, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  if (code !== 0) throw new Error(`dpkg-query: ${text.decode(stderr)}`);
  return text.decode(stdout);
}

async function dpkgQuerySkipReason(): Promise<string | undefined> {
  try {
    await dpkgQuery(["-W"]);
    return undefined;
  } catch (error) {
    return `dpkg-query cannot read the excerpt (${(error as Error).message})`;
  }
}

const skipReason = await dpkgQuerySkipReason();
if (skipReason) console.log(`SKIPPING dpkg oracle tests: ${skipReason}`);

/** What a package scan would keep of the tree: the files the reader wants. */
function keptFrom(root: string): KeptFiles {
  const files = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) walk(path);
      const inImage = `/${relative(root, path)}`;
      if (entry.isFile && dpkgReader.wants(inImage)) {
        files.set(inImage, Deno.readFileSync(path));
      }
    }
  };
  walk(root);
  return { files, exists: (path) => files.has(path) };
}

function kept(files: Record<string, string | Uint8Array>): KeptFiles {
  const map = new Map<string, Uint8Array>();
  for (const [path, content] of Object.entries(files)) {
    map.set(path, typeof content === "string" ? encode(content) : content);
  }
  return { files: map, exists: (path) => map.has(path) };
}

/** dpkg-query's view of the installed packages, one line per package. */
async function oracleLines(): Promise<string[]> {
  const out = await dpkgQuery([
    "-W",
    "-f",
    "${db:Status-Status} ${Package} ${Version} ${Architecture} ${Installed-Size} ${source:Package}\n",
  ]);
  return out.split("\n").filter((line) => line.startsWith("installed "))
    .map((line) => line.slice("installed ".length)).sort();
}

const summary = (pkg: InstalledPackage) =>
  `${pkg.name} ${pkg.version} ${pkg.arch} ${pkg.installedSize! / 1024} ${
    pkg.source ?? pkg.name
  }`;

const statusText = Deno.readTextFileSync(join(admindir, "status"));

Deno.test("dpkgReader.wants() keeps status, status.d stanzas and info lists only", () => {
  const wanted = [
    "/var/lib/dpkg/status",
    "/var/lib/dpkg/status.d/base-files",
    "/var/lib/dpkg/status.d/libbz2-1.0",
    "/var/lib/dpkg/info/dash.list",
    "/var/lib/dpkg/info/zlib1g:amd64.list",
  ];
  const unwanted = [
    "/var/lib/dpkg/status-old",
    "/var/lib/dpkg/available",
    "/var/lib/dpkg/status.d/libsqlite3-0.md5sums",
    "/var/lib/dpkg/status.d/libsqlite3-0.preinst",
    "/var/lib/dpkg/status.d/",
    "/var/lib/dpkg/status.d/sub/dash",
    "/var/lib/dpkg/info/dash.md5sums",
    "/var/lib/dpkg/info/format",
    "/var/lib/dpkg/info/sub/dash.list",
    "/usr/var/lib/dpkg/status",
  ];
  assert.deepEqual(wanted.filter((path) => !dpkgReader.wants(path)), []);
  assert.deepEqual(unwanted.filter((path) => dpkgReader.wants(path)), []);
});

Deno.test({
  name:
    "dpkgReader.read() finds what dpkg-query finds in a real bookworm database",
  ignore: skipReason !== undefined,
  fn: async () => {
    const files = keptFrom(tree);
    assert.equal(files.files.size, 11, [...files.files.keys()].join(", "));
    const { packages, errors } = dpkgReader.read(files);
    assert.deepEqual(errors, []);
    assert.deepEqual(packages.map(summary).sort(), await oracleLines());
    for (const pkg of packages) {
      assert.equal(pkg.ecosystem, "dpkg");
      assert.equal(pkg.location, STATUS);
      const listed = (await dpkgQuery(["-L", pkg.name])).split("\n")
        .filter((path) => path !== "" && path !== "/.");
      assert.ok(listed.length > 0, pkg.name);
      assert.deepEqual([...pkg.files].sort(), listed.sort(), pkg.name);
    }
  },
});

Deno.test("dpkgReader.read() finds Multi-Arch: same files in <pkg>:<arch>.list", () => {
  const { packages } = dpkgReader.read(keptFrom(tree));
  const zlib = packages.find((pkg) => pkg.name === "zlib1g")!;
  assert.equal(zlib.version, "1:1.2.13.dfsg-1");
  assert.equal(zlib.source, "zlib");
  assert.ok(zlib.files.includes("/lib/x86_64-linux-gnu/libz.so.1.2.13"));
  assert.ok(zlib.files.includes("/lib/x86_64-linux-gnu"), "directories too");
  assert.ok(!zlib.files.includes("/") && !zlib.files.includes("/."));
  const libgcc = packages.find((pkg) => pkg.name === "libgcc-s1")!;
  assert.equal(libgcc.source, "gcc-12", "Source: gcc-12 (12.2.0-14)");
  assert.equal(libgcc.installedSize, 140 * 1024);
});

Deno.test("dpkgReader.read() leaves out a package removed to its config files", () => {
  assert.match(
    statusText,
    /Package: e2fsprogs\nStatus: deinstall ok config-files\n/,
  );
  const { packages } = dpkgReader.read(keptFrom(tree));
  assert.equal(packages.some((pkg) => pkg.name === "e2fsprogs"), false);
  assert.ok(packages.some((pkg) => pkg.name === "logsave"));
});

/** The excerpt's stanzas, one file each, as distroless images ship them. */
function distrolessFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const stanza of statusText.split("\n\n")) {
    const name = /^Package: (.*)$/m.exec(stanza)![1];
    const installed = /^Status: install ok installed\n/m;
    files[`/var/lib/dpkg/status.d/${name}`] = `${
      stanza.replace(installed, "")
    }\n`;
    files[`/var/lib/dpkg/status.d/${name}.md5sums`] =
      `0123456789abcdef0123456789abcdef  usr/share/doc/${name}/copyright\n`;
  }
  return files;
}

Deno.test({
  name:
    "dpkgReader.read() reads distroless status.d stanza files without Status",
  ignore: skipReason !== undefined,
  fn: async () => {
    const files = distrolessFiles();
    assert.ok(!files["/var/lib/dpkg/status.d/dash"].includes("Status:"));
    const wanted = Object.fromEntries(
      Object.entries(files).filter(([path]) => dpkgReader.wants(path)),
    );
    assert.equal(Object.keys(wanted).length, 10, "no .md5sums");
    const { packages, errors } = dpkgReader.read(kept(wanted));
    assert.deepEqual(errors, []);
    assert.deepEqual(packages.map(summary).sort(), await oracleLines());
    for (const pkg of packages) {
      assert.equal(pkg.location, `/var/lib/dpkg/status.d/${pkg.name}`);
      assert.deepEqual(pkg.files, []);
    }
  },
});

Deno.test("dpkgReader.read() reports a stanza without Version and reads the rest", () => {
  const broken = "Package: half-written\nStatus: install ok installed\n" +
    "Architecture: amd64\n";
  const text = statusText.replace(
    /\n\nPackage: hostname\n/,
    (m) => `\n\n${broken}${m}`,
  );
  const { packages, errors } = dpkgReader.read(kept({ [STATUS]: text }));
  const line = text.split("\n").indexOf("Package: half-written") + 1;
  assert.deepEqual(errors, [{
    path: STATUS,
    message: `stanza at line ${line} has no Version field; skipped`,
  }]);
  assert.equal(packages.length, 9);
  assert.ok(packages.some((pkg) => pkg.name === "hostname"));
});

Deno.test("dpkgReader.read() reports a status stanza without Status", () => {
  const text = "Package: ghost\nVersion: 1.0\n\n" +
    "Package: purged\nStatus: purge ok not-installed\n";
  const { packages, errors } = dpkgReader.read(kept({ [STATUS]: text }));
  assert.deepEqual(packages, []);
  assert.deepEqual(errors, [{
    path: STATUS,
    message: "stanza at line 1 has no Status field; skipped",
  }]);
});

Deno.test("dpkgReader.read() survives garbage bytes and still reads the stanza after them", () => {
  const garbage = new Uint8Array(4096);
  let seed = 7;
  for (let i = 0; i < garbage.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    garbage[i] = (seed >>> 16) & 0xff;
  }
  const dash = statusText.split("\n\n").find((s) =>
    s.startsWith("Package: dash\n")
  )!;
  const invalidUtf8 = new Uint8Array([0xff, 0xfe, 0x0a]);
  const bytes = new Uint8Array([
    ...garbage.map((b) => b === 0x0a ? 0x20 : b),
    ...encode("\n\n"),
    ...encode(dash.replace(/^Description: .*$/m, "Description: x")),
    ...encode("\n "),
    ...invalidUtf8,
  ]);
  const { packages, errors } = dpkgReader.read(kept({ [STATUS]: bytes }));
  assert.deepEqual(packages.map((pkg) => `${pkg.name} ${pkg.version}`), [
    "dash 0.5.12-2",
  ]);
  assert.deepEqual(errors, [{
    path: STATUS,
    message: "stanza at line 1 has no Package field; skipped",
  }]);
});

Deno.test("dpkgReader.read() reads a 10 MB line in linear time", () => {
  const huge = "x".repeat(10 << 20);
  const text = `Package: big\nStatus: install ok installed\nVersion: 1\n` +
    `Description: ${huge}\n ${huge}\n${huge}\n\n` +
    statusText.split("\n\n")[2];
  const started = performance.now();
  const { packages, errors } = dpkgReader.read(kept({ [STATUS]: text }));
  const elapsed = performance.now() - started;
  assert.deepEqual(packages.map((pkg) => pkg.name), ["big", "dash"]);
  assert.deepEqual(errors, []);
  assert.ok(elapsed < 5000, `${elapsed} ms`);
});

Deno.test("dpkgReader.read() drops .list paths that escape the root and says so", () => {
  const list = "/.\n/etc\n/etc/../../root/.ssh\n/etc/hostname\n";
  const { packages, errors } = dpkgReader.read(kept({
    [STATUS]: "Package: p\nStatus: install ok installed\nVersion: 1\n",
    "/var/lib/dpkg/info/p.list": list,
  }));
  assert.deepEqual(packages[0].files, ["/etc", "/etc/hostname"]);
  assert.deepEqual(errors, [{
    path: "/var/lib/dpkg/info/p.list",
    message: "1 path(s) escape the root or are too long; skipped",
  }]);
});

Deno.test("dpkgReader.compareVersions() orders by dpkg's rules", () => {
  assert.ok(dpkgReader.compareVersions("1:1.2.13.dfsg-1", "1.2.14") > 0);
  assert.ok(dpkgReader.compareVersions("37~deb12u1", "37") < 0);
});
