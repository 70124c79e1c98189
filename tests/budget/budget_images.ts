/**
 * Images for the budget tests, built in memory with the image builder and
 * opened through the real pipeline (`openImage` on a stream).
 */
import type { Image } from "../../mod/image/image.ts";
import { openImage } from "../../mod/image/open_images.ts";
import {
  type ArchiveFormat,
  buildArchive,
  type ImageSpec,
} from "../fixtures/image_builder.ts";

/** Builds an archive of one image and opens it. */
export async function openSpec(
  spec: ImageSpec,
  options: { format?: ArchiveFormat; name?: string } = {},
): Promise<Image> {
  const { bytes } = buildArchive({
    format: options.format ?? "docker-save",
    images: [spec],
  });
  return await openImage({
    name: options.name ?? "image.tar",
    stream: (async function* () {
      yield bytes;
    })(),
  });
}

/** A string of `size` bytes, for file contents. */
export function bytes(size: number): string {
  return "x".repeat(size);
}
