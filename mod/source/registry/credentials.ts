import {
  type AuthFile,
  authsCredential,
  isDockerHub,
  readAuthFile,
  registryKeys,
} from "./auth_file.ts";
import { getHelperCredential } from "./credential_helper.ts";
import type { RegistryCredential } from "./registry_credential.ts";

/** Options of `findCredentials`. */
export interface FindCredentialsOptions {
  /** The environment (`Deno.env.get` in the CLI); read for paths and PATH. */
  env: (name: string) => string | undefined;
  /** A credential helper is killed, and the lookup fails, after this long (default 30 s). */
  timeoutMs?: number;
  /**
   * The repository ("acme/app"), to honour containers namespace keys such
   * as `quay.io/acme` in auths; without it only registry keys match.
   */
  repository?: string;
}

/** The URL Docker keys Docker Hub by, in config.json and in helpers. */
const DOCKER_HUB_URL = "https://index.docker.io/v1/";
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Finds the login for `registry` (a reference's host: "ghcr.io",
 * "127.0.0.1:5000", "docker.io") where skopeo and Docker keep it, or
 * `undefined` for anonymous access. The first file whose helper or `auths`
 * gives a credential wins; missing files are skipped. A file that is not
 * JSON, an `auth` that is not base64 of "user:password", or a helper that
 * is missing, fails or times out is an InputError naming the file or
 * helper, never the secret.
 *
 * Files, in containers/image's order:
 * 1. `$REGISTRY_AUTH_FILE`, which when set is the only file read (as
 *    skopeo's `--authfile`); else `$XDG_RUNTIME_DIR/containers/auth.json`
 *    (`/run/containers/$UID/auth.json` when unset; on macOS and Windows
 *    `$HOME/.config/containers/auth.json`);
 * 2. `${XDG_CONFIG_HOME:-$HOME/.config}/containers/auth.json`;
 * 3. `${DOCKER_CONFIG:-$HOME/.docker}/config.json`.
 *
 * In each file a `credHelpers` entry for the registry runs that helper, and
 * in Docker's config.json only, `credsStore` runs for every registry a
 * `credHelpers` entry does not claim. A helper that holds nothing hands on
 * to the file's `auths` entry, then to the next file.
 *
 * @example
 * const credential = await findCredentials("ghcr.io", {
 *   env: (name) => Deno.env.get(name),
 * });
 * // { kind: "basic", username: "ci", password: "…",
 * //   source: "/home/ci/.docker/config.json" }
 */
export async function findCredentials(
  registry: string,
  options: FindCredentialsOptions,
): Promise<RegistryCredential | undefined> {
  for (const { path, docker } of authFilePaths(options.env)) {
    const file = await readAuthFile(path);
    if (!file) continue;
    const credential = await helperCredential(file, registry, docker, options);
    if (credential) return credential;
    const entry = authsCredential(file, registry, options.repository);
    if (entry) return entry;
  }
  return undefined;
}

/**
 * The helper's answer for `registry`, if the file names a helper for it.
 * A `credHelpers` helper is sent its key as written (Docker writes
 * `https://index.docker.io/v1/` for Docker Hub, podman `docker.io`);
 * `credsStore` is sent what Docker sends: that URL for Docker Hub, else the
 * host.
 */
function helperCredential(
  file: AuthFile,
  registry: string,
  docker: boolean,
  options: FindCredentialsOptions,
): Promise<RegistryCredential | undefined> {
  const helperOptions = {
    env: options.env,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    file: file.path,
  };
  const [key] = registryKeys(file.credHelpers, registry);
  if (key !== undefined) {
    const helper = file.credHelpers.get(key)!;
    return getHelperCredential(helper, key, helperOptions);
  }
  if (docker && file.credsStore) {
    const url = isDockerHub(registry) ? DOCKER_HUB_URL : registry;
    return getHelperCredential(file.credsStore, url, helperOptions);
  }
  return Promise.resolve(undefined);
}

/** The files to search, best first; `docker` marks Docker's config.json. */
function authFilePaths(
  env: (name: string) => string | undefined,
): { path: string; docker: boolean }[] {
  const get = (name: string) => env(name) || undefined;
  const explicit = get("REGISTRY_AUTH_FILE");
  if (explicit) return [{ path: explicit, docker: false }];
  const home = get("HOME");
  const primary = Deno.build.os === "linux"
    ? runtimeAuthFile(get("XDG_RUNTIME_DIR"))
    : home && join(home, ".config/containers/auth.json");
  const configHome = get("XDG_CONFIG_HOME") ?? (home && join(home, ".config"));
  const dockerDir = get("DOCKER_CONFIG") ?? (home && join(home, ".docker"));
  const paths = [
    primary && { path: primary, docker: false },
    configHome && {
      path: join(configHome, "containers/auth.json"),
      docker: false,
    },
    dockerDir && { path: join(dockerDir, "config.json"), docker: true },
  ].filter((entry) => !!entry);
  return paths.filter((entry, i) =>
    paths.findIndex((other) => other.path === entry.path) === i
  );
}

function runtimeAuthFile(runtimeDir: string | undefined): string | undefined {
  if (runtimeDir) return join(runtimeDir, "containers/auth.json");
  try {
    const uid = Deno.uid();
    return uid === null ? undefined : `/run/containers/${uid}/auth.json`;
  } catch {
    return undefined; // no --allow-sys: skip the file rather than fail
  }
}

function join(dir: string, rest: string): string {
  return `${dir.replace(/[/\\]+$/, "")}/${rest}`;
}
