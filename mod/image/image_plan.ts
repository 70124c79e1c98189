import type { ImageConfig, ImageFormat } from "./image.ts";

/** A layer as the manifest names it, before it is read. */
export interface PlannedLayer {
  /** Archive member holding the blob. */
  member: string;
  /** Blob digest when the manifest states it (OCI); docker-save legacy has none. */
  digest?: string;
  /** From the config's `rootfs.diff_ids`. */
  diffId: string;
  mediaType: string;
  /** Blob size when the manifest states it. */
  compressedSize?: number;
}

/** The image chosen in an archive, with everything needed to read its layers. */
export interface ImagePlan {
  format: ImageFormat;
  reference?: string;
  manifestDigest?: string;
  configDigest: string;
  config: ImageConfig;
  platform: string;
  layers: PlannedLayer[];
}

/** What the user asked for with `--image` and `--platform`. */
export interface ImageSelector {
  image?: string;
  platform?: string;
}
