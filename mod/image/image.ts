import type { LayerIndex } from "../layer/entry.ts";

/** The archive layouts layerdiff reads. */
export type ImageFormat =
  | "docker-save"
  | "docker-save-oci"
  | "oci-archive"
  | "oci-layout"
  | "registry";

/** Where an image was read from, in skopeo's transport names. */
export type ImageTransport =
  | "docker"
  | "docker-daemon"
  | "docker-archive"
  | "oci-archive"
  | "oci";

/** One layer of an image as its manifest and config describe it. */
export interface ImageLayer {
  /** 0-based, bottom first. */
  index: number;
  /** Digest of the blob as stored (compressed for OCI; of the tar for docker-save). */
  digest: string;
  /** Digest of the uncompressed tar, from the config's `rootfs.diff_ids`. */
  diffId: string;
  mediaType: string;
  /** Bytes of the blob as stored. */
  compressedSize: number;
  /** Bytes of the uncompressed tar. */
  size: number;
  /** The history step that made the layer, when the config says. */
  createdBy?: string;
  /** Number of entries in the layer tar (whiteouts included). */
  entries: number;
}

/** One image, opened and indexed: metadata plus each layer's index. */
export interface Image {
  /** What the user named: a path, "-", or a `docker://` or `docker-daemon:` reference. */
  source: string;
  format: ImageFormat;
  transport: ImageTransport;
  /** For a registry image, the reference pinned to the manifest read: `docker://host/repo@sha256:…`. */
  resolvedReference?: string;
  /** RepoTag or ref.name annotation, when the archive names the image. */
  reference?: string;
  manifestDigest?: string;
  configDigest: string;
  /** "os/arch[/variant]" from the config. */
  platform: string;
  layers: ImageLayer[];
  /** Layer indexes, in the same order as `layers`. */
  indexes: LayerIndex[];
  /** The parsed image config. */
  config: ImageConfig;
}

/** The parts of the OCI/Docker image config layerdiff reads. */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: HistoryEntry[];
  [key: string]: unknown;
}

/** One step of the config history. */
export interface HistoryEntry {
  created?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}
