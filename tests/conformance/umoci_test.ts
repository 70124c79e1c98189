/**
 * Conformance: layerdiff's merged filesystem, for images built by umoci and
 * converted by skopeo, equals what `umoci unpack` puts on disk.
 *
 * Rule for what is compared (see fs_view.ts): every path except "/" itself,
 * whose metadata on disk is the bundle directory umoci made. Both sides must
 * list exactly the same paths, implied parents included: a layer that leaves
 * a parent directory out gets it from umoci as 0755 root:root, which is what
 * mergeLayers() implies too (the "implied-parents" case). A hard link is
 * compared as the file it is on disk (content digest, mode, owner); symlink
 * permission bits, which Linux does not keep, are not compared.
 */
import assert from "@std/assert";
import { join } from "node:path";
import { diffFs } from "../../mod/analyze/diff.ts";
import { openImage, openImages } from "../../mod/image/open_images.ts";
import { mergeLayers } from "../../mod/merge/merge_layers.ts";
import { CASES, DIFF_PAIR, OPAQUE } from "./cases.ts";
import { diffViews, type FsView, sortedView, viewOfMerged } from "./fs_view.ts";
import { runCommand } from "./run_command.ts";
import { withTempDir } from "./temp_dir.ts";
import {
  buildImage,
  type BuiltImage,
  conformanceSkipReason,
  exportImage,
  IMAGE_FORMS,
  type ImageSpec,
  unpackRootfs,
} from "./umoci_image.ts";
import { walkTree } from "./walk_tree.ts";

const skipReason = await conformanceSkipReason();
if (skipReason) console.log(`SKIPPING umoci conformance tests: ${skipReason}`);
const ignore = skipReason !== undefined;

for (const spec of CASES) {
  Deno.test({
    name:
      `mergeLayers() of the "${spec.tag}" image equals umoci unpack in every archive form`,
    ignore,
    fn: async (t) => {
      await withTempDir(async (dir) => {
        const { image, unpacked } = await buildAndUnpack(spec, dir);
        for (const form of IMAGE_FORMS) {
          await t.step(form, async () => {
            const path = await exportImage(image, form, { dir });
            assert.deepEqual(
              sortedView(await mergedView(path)),
              sortedView(unpacked),
            );
          });
        }
      });
    },
  });
}

Deno.test({
  name: "diffFs() of two images equals the difference of their unpacked trees",
  ignore,
  fn: async (t) => {
    await withTempDir(async (dir) => {
      const [a, b] = await Promise.all(
        DIFF_PAIR.map((spec) => buildAndUnpack(spec, join(dir, spec.tag))),
      );
      const expected = diffViews(a.unpacked, b.unpacked);
      const pairs = [
        ...IMAGE_FORMS.map((form) => [form, form] as const),
        // Shared layers stored differently: uncompressed tar vs zstd blob.
        ["docker-archive", "oci-archive-zstd"] as const,
        ["oci-archive", "docker-archive"] as const,
      ];
      for (const [formA, formB] of pairs) {
        await t.step(`${formA} → ${formB}`, async () => {
          const pathA = await exportImage(a.image, formA, {
            dir: join(dir, a.image.tag),
          });
          const pathB = await exportImage(b.image, formB, {
            dir: join(dir, b.image.tag),
          });
          const [imageA, imageB] = await openImages(pathA, pathB);
          const changes = diffFs(
            mergeLayers(imageA.indexes),
            mergeLayers(imageB.indexes),
          );
          const actual: Record<string, string> = {};
          for (const change of changes) {
            if (change.path !== "/") actual[change.path] = change.change;
          }
          assert.deepEqual(actual, expected);
        });
      }
    });
  },
});

Deno.test({
  name:
    "mergeLayers() reads layers from umoci insert, which lack end-of-archive blocks, as umoci does",
  ignore,
  fn: async () => {
    await withTempDir(async (dir) => {
      const image = await buildImage(join(dir, "oci"), OPAQUE);
      const source = join(dir, "source");
      await Deno.mkdir(join(source, "sub"), { recursive: true });
      await Deno.writeTextFile(join(source, "sub", "inserted"), "ok\n");
      const ref = `${image.layout}:${image.tag}`;
      await runCommand("umoci", [
        "insert",
        "--image",
        ref,
        "--opaque",
        source,
        "/opt",
      ]);
      await runCommand("umoci", [
        "insert",
        "--image",
        ref,
        "--whiteout",
        "/usr/share/doc/new",
      ]);
      const unpacked = await walkTree(
        await unpackRootfs(image, join(dir, "bundle")),
      );
      assert.deepEqual(
        sortedView(await mergedView(image.layout)),
        sortedView(unpacked),
      );
    });
  },
});

async function buildAndUnpack(
  spec: ImageSpec,
  dir: string,
): Promise<{ image: BuiltImage; unpacked: FsView }> {
  const image = await buildImage(join(dir, `${spec.tag}.oci`), spec);
  const unpacked = await walkTree(
    await unpackRootfs(image, join(dir, `${spec.tag}.bundle`)),
  );
  return { image, unpacked };
}

async function mergedView(path: string): Promise<FsView> {
  return viewOfMerged(mergeLayers((await openImage(path)).indexes));
}
