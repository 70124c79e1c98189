import { UsageError } from "../errors.ts";

/** An image in a registry, named as `docker://` names it. */
export interface RegistryReference {
  /** Host and optional port ("ghcr.io", "127.0.0.1:5000", "docker.io"). */
  registry: string;
  /** Repository path ("library/debian", "acme/app"). */
  repository: string;
  /** Tag, when the reference has one and no digest ("latest" by default). */
  tag?: string;
  /** "sha256:…", when the reference pins one. */
  digest?: string;
}

/** Where an image comes from, as the user named it on the command line. */
export type ImageLocation =
  /** A path (file, OCI layout directory, FIFO) or "-" for stdin; `image` from `oci:DIR:REF` and the like. */
  | {
    transport: "file";
    path: string;
    image?: string;
    spelled?: "oci" | "oci-archive" | "docker-archive";
  }
  | { transport: "docker"; reference: RegistryReference }
  | { transport: "docker-daemon"; name: string };

const DOCKER_HUB = "docker.io";
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const HOST =
  /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::[0-9]+)?$/;

/**
 * Reads an image argument with skopeo's transport names: `docker://REF`,
 * `docker-daemon:NAME`, and `oci:DIR[:REF]`, `oci-archive:FILE[:REF]`,
 * `docker-archive:FILE[:REF]` as explicit spellings of a path. Anything
 * else is a path (or "-").
 *
 * @example
 * parseImageLocation("docker://debian:bookworm");
 * // { transport: "docker", reference: { registry: "docker.io",
 * //   repository: "library/debian", tag: "bookworm" } }
 */
export function parseImageLocation(argument: string): ImageLocation {
  if (argument.startsWith("docker://")) {
    return {
      transport: "docker",
      reference: parseRegistryReference(argument.slice("docker://".length)),
    };
  }
  if (argument.startsWith("docker-daemon:")) {
    const name = argument.slice("docker-daemon:".length);
    if (name === "") {
      throw new UsageError("docker-daemon: needs an image name or ID");
    }
    return { transport: "docker-daemon", name };
  }
  for (const spelled of ["oci", "oci-archive", "docker-archive"] as const) {
    if (!argument.startsWith(`${spelled}:`)) continue;
    const rest = argument.slice(spelled.length + 1);
    // The path ends at the last colon that is followed by a reference, as
    // in skopeo: "oci:/dir:tag"; a path with no colon has no reference.
    const colon = rest.lastIndexOf(":");
    const path = colon > 0 ? rest.slice(0, colon) : rest;
    const image = colon > 0 ? rest.slice(colon + 1) : undefined;
    if (path === "") throw new UsageError(`${spelled}: needs a path`);
    return { transport: "file", path, spelled, ...(image ? { image } : {}) };
  }
  return { transport: "file", path: argument };
}

/**
 * Parses a registry reference as Docker does: a first component with a
 * dot, a colon or "localhost" is the registry, else Docker Hub, where a
 * one-component name is an official image ("debian" → "library/debian").
 * Without tag or digest the tag is "latest".
 */
export function parseRegistryReference(text: string): RegistryReference {
  const bad = (why: string) =>
    new UsageError(`invalid image reference "docker://${text}": ${why}`);
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) {
      throw bad("a digest is sha256: and 64 lowercase hex digits");
    }
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > rest.lastIndexOf("/")) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) throw bad(`"${tag}" is not a valid tag`);
  }
  const parts = rest.split("/");
  let registry = DOCKER_HUB;
  if (
    parts.length > 1 &&
    (parts[0].includes(".") || parts[0].includes(":") ||
      parts[0] === "localhost")
  ) {
    registry = parts.shift()!;
    if (!HOST.test(registry)) throw bad(`"${registry}" is not a host`);
  }
  if (registry === "index.docker.io" || registry === "registry-1.docker.io") {
    registry = DOCKER_HUB;
  }
  if (parts.length === 0 || parts.some((part) => !COMPONENT.test(part))) {
    throw bad("repository names are lowercase letters, digits and . _ -");
  }
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift("library");
  return {
    registry,
    repository: parts.join("/"),
    ...(digest ? { digest } : { tag: tag ?? "latest" }),
  };
}

/** The reference as `docker://host/repo:tag` or `docker://host/repo@sha256:…`. */
export function formatRegistryReference(reference: RegistryReference): string {
  const name = `docker://${reference.registry}/${reference.repository}`;
  return reference.digest
    ? `${name}@${reference.digest}`
    : `${name}:${reference.tag}`;
}
