/**
 * contentChanges(), the `--content` diffs of a report: built on real
 * archives opened with keepPolicy({ content }), so the bytes come from the
 * layer indexes as a real run keeps them.
 */
import assert from "@std/assert";
import { createHash } from "node:crypto";
import type { ContentChange } from "../../mod/analyze/content_changes.ts";
import { keepPolicy } from "../../mod/analyze/keep_policy.ts";
import { buildDiffReport } from "../../mod/analyze/report.ts";
import { openImages } from "../../mod/image/open_images.ts";
import { writeImage } from "../fixtures/image_builder.ts";
import { file, hardlink, type TarSpec } from "../fixtures/tar_builder.ts";

const work = await Deno.makeTempDir({ prefix: "layerdiff-content-" });
globalThis.addEventListener("unload", () => {
  Deno.removeSync(work, { recursive: true });
});

const etc = (path: string) => path.startsWith("/etc/");

let images = 0;
/** The content changes of B against A, both opened keeping what `content` matches. */
async function contentOf(
  a: TarSpec[][],
  b: TarSpec[][],
  options: { contentLimit?: number; budget?: number } = {},
): Promise<ContentChange[]> {
  const paths = [`${work}/a${images}.tar`, `${work}/b${images++}.tar`];
  await writeImage(paths[0], "oci-archive", { layers: a });
  await writeImage(paths[1], "oci-archive", { layers: b });
  const [imageA, imageB] = await openImages(paths[0], paths[1], {
    keep: keepPolicy({ content: etc, ...options }),
    concurrency: 1,
  });
  const report = buildDiffReport(imageA, imageB, {
    sections: ["changes"],
    content: etc,
    contentLimit: options.contentLimit,
  });
  return report.report.contentChanges!;
}

const sha256 = (text: string | Uint8Array) =>
  `sha256:${createHash("sha256").update(text).digest("hex")}`;

Deno.test("contentChanges() diffs the text of a modified file the pattern matches", async () => {
  const [before, after] = ["a=1\nb=2\nc=3\n", "a=1\nb=3\nc=3\n"];
  const changes = await contentOf(
    [[file("etc/app.conf", before)]],
    [[file("etc/app.conf", after)]],
  );
  assert.deepEqual(changes, [{
    path: "/etc/app.conf",
    a: { size: before.length, digest: sha256(before) },
    b: { size: after.length, digest: sha256(after) },
    diff: {
      kind: "text",
      added: 1,
      removed: 1,
      hunks: [{
        oldStart: 1,
        oldLines: 3,
        newStart: 1,
        newLines: 3,
        lines: [" a=1", "-b=2", "+b=3", " c=3"],
      }],
    },
  }]);
});

Deno.test("contentChanges() leaves out unmatched, added, removed and metadata-only changes", async () => {
  const changes = await contentOf(
    [[
      file("srv/app.conf", "x=1\n"),
      file("etc/removed.conf", "r\n"),
      file("etc/mode.conf", "m\n", { mode: 0o644 }),
      file("etc/same.conf", "s\n"),
      file("etc/b.conf", "1\n"),
      file("etc/a.conf", "1\n"),
    ]],
    [[
      file("srv/app.conf", "x=2\n"),
      file("etc/added.conf", "a\n"),
      file("etc/mode.conf", "m\n", { mode: 0o600 }),
      file("etc/same.conf", "s\n"),
      file("etc/b.conf", "2\n"),
      file("etc/a.conf", "2\n"),
    ]],
  );
  assert.deepEqual(changes.map((c) => c.path), ["/etc/a.conf", "/etc/b.conf"]);
});

Deno.test("contentChanges() marks a file over the content limit too-large, with the limit", async () => {
  const changes = await contentOf(
    [[file("etc/big.conf", "x".repeat(64)), file("etc/fits.conf", "1\n")]],
    [[file("etc/big.conf", "y".repeat(65)), file("etc/fits.conf", "2\n")]],
    { contentLimit: 64 },
  );
  assert.deepEqual(
    changes.map((c) => [c.path, c.b.size, c.diff.kind]),
    [["/etc/big.conf", 65, "too-large"], ["/etc/fits.conf", 2, "text"]],
  );
  assert.deepEqual(changes[0].diff, { kind: "too-large", limit: 64 });
  assert.equal(changes[0].a.digest, sha256("x".repeat(64)));
});

Deno.test("contentChanges() marks a file not kept when the run's budget ran out before it", async () => {
  const changes = await contentOf(
    [[file("etc/one.conf", "1\n"), file("etc/two.conf", "1\n")]],
    [[file("etc/one.conf", "2\n"), file("etc/two.conf", "2\n")]],
    // A's two files and B's first: 6 bytes; B's second does not fit.
    { budget: 6 },
  );
  assert.deepEqual(
    changes.map((c) => [c.path, c.diff.kind]),
    [["/etc/one.conf", "text"], ["/etc/two.conf", "not-kept"]],
  );
  assert.deepEqual(changes[1].diff, { kind: "not-kept", reason: "budget" });
});

Deno.test("contentChanges() calls a file with a NUL byte binary", async () => {
  const changes = await contentOf(
    [[file("etc/ld.so.cache", new Uint8Array([0x6c, 0x64, 0, 1]))]],
    [[file("etc/ld.so.cache", new Uint8Array([0x6c, 0x64, 0, 2]))]],
  );
  assert.deepEqual(changes.map((c) => [c.path, c.diff]), [
    ["/etc/ld.so.cache", { kind: "binary" }],
  ]);
});

Deno.test("contentChanges() diffs a hard link by the content of its target", async () => {
  const layer = (text: string) => [
    file("etc/real.conf", text),
    hardlink("etc/link.conf", "etc/real.conf"),
  ];
  const changes = await contentOf([layer("v=1\n")], [layer("v=2\n")]);
  assert.deepEqual(changes.map((c) => c.path), [
    "/etc/link.conf",
    "/etc/real.conf",
  ]);
  const link = changes[0];
  assert.deepEqual(link.a, { size: 4, digest: sha256("v=1\n") });
  assert.deepEqual(link.b, { size: 4, digest: sha256("v=2\n") });
  assert.deepEqual(link.diff, changes[1].diff);
  assert.deepEqual(
    link.diff.kind === "text" ? link.diff.hunks[0].lines : [],
    ["-v=1", "+v=2"],
  );
});

Deno.test("contentChanges() diffs a hard link whose target a lower layer stored", async () => {
  const changes = await contentOf(
    [[file("etc/real.conf", "v=1\n")], [
      hardlink("etc/link.conf", "etc/real.conf"),
    ]],
    [[file("etc/real.conf", "v=2\n")], [
      hardlink("etc/link.conf", "etc/real.conf"),
    ]],
  );
  const link = changes.find((c) => c.path === "/etc/link.conf")!;
  assert.equal(link.diff.kind, "text");
  assert.deepEqual(
    link.diff.kind === "text" ? link.diff.hunks[0].lines : [],
    ["-v=1", "+v=2"],
  );
});

Deno.test("contentChanges() lists a matched hard link to an unmatched file as not kept, not too large", async () => {
  const layer = (text: string) => [
    file("srv/real.conf", text),
    hardlink("etc/link.conf", "srv/real.conf"),
  ];
  const changes = await contentOf([layer("v=1\n")], [layer("v=2\n")]);
  assert.deepEqual(changes.map((c) => [c.path, c.diff]), [
    ["/etc/link.conf", { kind: "not-kept", reason: "link" }],
  ]);
});
