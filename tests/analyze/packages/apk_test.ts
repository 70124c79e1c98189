/**
 * The apk reader on a real Alpine 3.16 installed db
 * (testdata/packages/apk/installed, see its README.txt), then hostile input.
 */
import assert from "@std/assert";
import { apkReader } from "../../../mod/analyze/packages/apk.ts";
import type { KeptFiles } from "../../../mod/analyze/packages/package.ts";

const INSTALLED = "/lib/apk/db/installed";
const installed = Deno.readFileSync(
  new URL("../../../testdata/packages/apk/installed", import.meta.url),
);
const installedText = new TextDecoder().decode(installed);

function kept(content: string | Uint8Array): KeptFiles {
  const bytes = typeof content === "string"
    ? new TextEncoder().encode(content)
    : content;
  const files = new Map([[INSTALLED, bytes]]);
  return { files, exists: (path) => files.has(path) };
}

Deno.test("apkReader.wants() keeps the installed db only", () => {
  assert.equal(apkReader.wants(INSTALLED), true);
  for (
    const path of [
      "/lib/apk/db/installed.new",
      "/lib/apk/db/scripts.tar",
      "/lib/apk/db/triggers",
      "/usr/lib/apk/db/installed/x",
      "/etc/apk/world",
    ]
  ) assert.equal(apkReader.wants(path), false, path);
});

Deno.test("apkReader.read() reads the 14 packages of an Alpine 3.16 base image", () => {
  const { packages, errors } = apkReader.read(kept(installed));
  assert.deepEqual(errors, []);
  assert.deepEqual(
    packages.map((p) =>
      `${p.name} ${p.version} ${p.arch} ${p.installedSize} ${p.source}`
    ),
    [
      "alpine-baselayout-data 3.2.0-r22 x86_64 73728 alpine-baselayout",
      "musl 1.2.3-r0 x86_64 622592 musl",
      "busybox 1.35.0-r17 x86_64 962560 busybox",
      "alpine-baselayout 3.2.0-r22 x86_64 348160 alpine-baselayout",
      "alpine-keys 2.4-r1 x86_64 159744 alpine-keys",
      "ca-certificates-bundle 20220614-r0 x86_64 233472 ca-certificates",
      "libcrypto1.1 1.1.1q-r0 x86_64 2772992 openssl",
      "libssl1.1 1.1.1q-r0 x86_64 540672 openssl",
      "ssl_client 1.35.0-r17 x86_64 28672 busybox",
      "zlib 1.2.12-r3 x86_64 110592 zlib",
      "apk-tools 2.12.9-r3 x86_64 307200 apk-tools",
      "scanelf 1.3.4-r0 x86_64 94208 pax-utils",
      "musl-utils 1.2.3-r0 x86_64 135168 musl",
      "libc-utils 0.7.2-r3 x86_64 4096 libc-dev",
    ],
  );
  for (const pkg of packages) {
    assert.equal(pkg.ecosystem, "apk");
    assert.equal(pkg.location, INSTALLED);
  }
});

Deno.test("apkReader.read() gives each package its F directories and R files", () => {
  const { packages } = apkReader.read(kept(installed));
  const byName = new Map(packages.map((p) => [p.name, p]));
  assert.deepEqual(byName.get("musl")!.files, [
    "/lib",
    "/lib/ld-musl-x86_64.so.1",
    "/lib/libc.musl-x86_64.so.1",
  ]);
  const busybox = byName.get("busybox")!.files;
  for (
    const path of [
      "/bin/busybox",
      "/bin/sh",
      "/etc/network/if-up.d/dad",
      "/usr/share/udhcpc/default.script",
      "/var/lib/udhcpd",
    ]
  ) assert.ok(busybox.includes(path), path);
  assert.deepEqual(byName.get("libc-utils")!.files, [], "a meta package");
  // Every F and R line of the db is one owned path, nothing else is.
  const blocks = installedText.split("\n\n").filter((b) => b.trim() !== "");
  assert.equal(blocks.length, packages.length);
  blocks.forEach((block, i) => {
    const lines = block.split("\n").filter((l) => /^[FR]:/.test(l)).length;
    assert.equal(packages[i].files.length, lines, packages[i].name);
  });
});

Deno.test("apkReader.read() reports a block without V and reads the others", () => {
  const text = installedText.replace("V:1.2.3-r0\n", "");
  const { packages, errors } = apkReader.read(kept(text));
  const line = text.split("\n").indexOf("C:Q1aCu0LmUDoAFSOX49uHvkYC1WasQ=") + 1;
  assert.deepEqual(errors, [{
    path: INSTALLED,
    message: `package at line ${line} has no V (version) line; skipped`,
  }]);
  assert.equal(packages.length, 13);
  assert.ok(!packages.some((p) => p.name === "musl"));
  assert.ok(packages.some((p) => p.name === "musl-utils"));
});

Deno.test("apkReader.read() reports garbage bytes as a block without P", () => {
  const garbage = new Uint8Array(2048);
  let seed = 11;
  for (let i = 0; i < garbage.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    garbage[i] = (seed >>> 16) & 0xff;
    if (garbage[i] === 0x0a) garbage[i] = 0xff;
  }
  const bytes = new Uint8Array([
    ...garbage,
    ...new TextEncoder().encode("\n\nP:tiny\nV:1.0-r0\nF:x\nR:\xe9\n"),
  ]);
  const { packages, errors } = apkReader.read(kept(bytes));
  assert.deepEqual(errors, [{
    path: INSTALLED,
    message: "package at line 1 has no P (name) line; skipped",
  }]);
  assert.deepEqual(packages.map((p) => [p.name, p.files]), [
    ["tiny", ["/x", "/x/\xe9"]],
  ]);
});

Deno.test("apkReader.read() drops paths that escape the root, keeping the package", () => {
  const text = "P:evil\nV:1-r0\nF:etc\nR:../../root/.ssh/authorized_keys\n" +
    "R:motd\nF:../..\n";
  const { packages, errors } = apkReader.read(kept(text));
  assert.deepEqual(packages[0].files, ["/etc", "/etc/motd"]);
  assert.deepEqual(errors, [{
    path: INSTALLED,
    message:
      "package at line 1 lists 2 path(s) that escape the root or are too long; those skipped",
  }]);
});

Deno.test("apkReader.read() reads a 10 MB line in linear time", () => {
  const huge = "x".repeat(10 << 20);
  const text = `P:big\nV:1-r0\nT:${huge}\n${huge}\n\n${installedText}`;
  const started = performance.now();
  const { packages, errors } = apkReader.read(kept(text));
  const elapsed = performance.now() - started;
  assert.deepEqual(errors, []);
  assert.equal(packages.length, 15);
  assert.ok(elapsed < 5000, `${elapsed} ms`);
});

Deno.test("apkReader.read() finds nothing when the db was not kept", () => {
  const files = new Map<string, Uint8Array>();
  assert.deepEqual(apkReader.read({ files, exists: () => false }), {
    packages: [],
    errors: [],
  });
});

Deno.test("apkReader.compareVersions() orders the db's versions by apk's rules", () => {
  assert.ok(apkReader.compareVersions("1.35.0-r17", "1.35.0-r9") > 0);
  assert.ok(apkReader.compareVersions("1.1.1q-r0", "1.1.1t-r0") < 0);
});
