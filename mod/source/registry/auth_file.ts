import { InputError } from "../../errors.ts";
import type { RegistryCredential } from "./registry_credential.ts";

/**
 * The credential parts of one containers auth.json or Docker config.json.
 * Maps keep the file's key order, so ties are settled the same way each run.
 */
export interface AuthFile {
  path: string;
  /** `auths`: key as written → entry (not yet checked). */
  auths: Map<string, unknown>;
  /** `credHelpers`: key as written → helper name (the NAME in docker-credential-NAME). */
  credHelpers: Map<string, string>;
  /** `credsStore`: Docker's helper for every registry. */
  credsStore?: string;
}

/**
 * Reads an auth file; `undefined` when it does not exist. A file that is not
 * JSON is refused by path only: the text is never quoted, nor is the parser's
 * message (V8 quotes the text around the error). An empty file holds nothing,
 * as for Docker.
 */
export async function readAuthFile(
  path: string,
): Promise<AuthFile | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    if (error instanceof Deno.errors.NotCapable) throw error;
    const why = error instanceof Error ? error.name : "unknown error";
    throw new InputError(`cannot read credentials file (${why})`, {
      file: path,
    });
  }
  if (text.trim() === "") {
    return { path, auths: new Map(), credHelpers: new Map() };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError("credentials file is not valid JSON", { file: path });
  }
  if (!isObject(json)) {
    throw new InputError("credentials file is not a JSON object", {
      file: path,
    });
  }
  const bad = (why: string) => new InputError(why, { file: path });
  const auths = objectField(json, "auths", bad);
  const helpers = objectField(json, "credHelpers", bad);
  const credHelpers = new Map<string, string>();
  for (const [key, name] of helpers) {
    if (typeof name !== "string") {
      throw bad(`credHelpers entry ${JSON.stringify(key)} is not a string`);
    }
    credHelpers.set(key, name);
  }
  const store = json.credsStore;
  if (store !== undefined && typeof store !== "string") {
    throw bad(`"credsStore" is not a string`);
  }
  return { path, auths, credHelpers, ...(store ? { credsStore: store } : {}) };
}

/**
 * Keys of `map` that name `registry`, best first: the exact key, then keys
 * equal after normalisation (`https://index.docker.io/v1/` → Docker Hub).
 */
export function registryKeys<T>(
  map: Map<string, T>,
  registry: string,
): string[] {
  const wanted = normalizeRegistry(registry);
  const exact = map.has(registry) ? [registry] : [];
  const loose = [...map.keys()].filter((key) =>
    key !== registry && normalizeAuthKey(key) === wanted
  );
  return [...exact, ...loose];
}

/**
 * The credential the `auths` entries give `registry`, as containers/image
 * looks it up: `registry/repository` and each parent namespace exactly
 * (longest first, only when a repository is given), then the registry key
 * itself, then keys equal after normalisation. Entries without a credential
 * (Docker writes `{}` when a helper holds the secret) are passed over.
 */
export function authsCredential(
  file: AuthFile,
  registry: string,
  repository?: string,
): RegistryCredential | undefined {
  const namespaces: string[] = [];
  for (let name = repository; name; name = parent(name)) {
    namespaces.push(`${registry}/${name}`);
  }
  const keys = [
    ...namespaces.filter((key) => file.auths.has(key)),
    ...registryKeys(file.auths, registry),
  ];
  for (const key of keys) {
    const credential = decodeAuthEntry(file.auths.get(key), file.path, key);
    if (credential) return credential;
  }
  return undefined;
}

/** True for Docker Hub under any of its names. */
export function isDockerHub(registry: string): boolean {
  return normalizeRegistry(registry) === DOCKER_HUB;
}

const DOCKER_HUB = "docker.io";
const DOCKER_HUB_ALIASES = new Set([
  "docker.io",
  "index.docker.io",
  "registry-1.docker.io",
]);

/**
 * A key as a host: a URL key loses its scheme and path
 * (`https://index.docker.io/v1/` → `index.docker.io`); a key with a path and
 * no scheme is a containers namespace key and stays whole, so it never
 * matches a bare host.
 */
function normalizeAuthKey(key: string): string {
  const url = /^https?:\/\//.exec(key);
  const host = url ? key.slice(url[0].length).split("/")[0] : key;
  return normalizeRegistry(host);
}

function normalizeRegistry(host: string): string {
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

function parent(name: string): string | undefined {
  const slash = name.lastIndexOf("/");
  return slash > 0 ? name.slice(0, slash) : undefined;
}

/**
 * An entry as Docker reads it: `identitytoken` wins (the registry client
 * trades it for an access token); else `auth`, base64 of "user:password"
 * split at the first colon, NUL padding trimmed from the password; else
 * `username`/`password`. Messages name the file and key, never a value.
 */
function decodeAuthEntry(
  entry: unknown,
  path: string,
  key: string,
): RegistryCredential | undefined {
  const bad = (why: string) =>
    new InputError(`auths entry ${JSON.stringify(key)}: ${why}`, {
      file: path,
    });
  if (!isObject(entry)) throw bad("not an object");
  const field = (name: string): string | undefined => {
    const value = entry[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw bad(`"${name}" is not a string`);
    return value;
  };
  const token = field("identitytoken");
  if (token) return { kind: "identity-token", token, source: path };
  const auth = field("auth");
  if (auth) {
    const decoded = decodeBase64(auth);
    if (decoded === undefined) throw bad(`"auth" is not valid base64`);
    const colon = decoded.indexOf(":");
    if (colon <= 0) throw bad(`"auth" does not decode to user:password`);
    return {
      kind: "basic",
      username: decoded.slice(0, colon),
      password: decoded.slice(colon + 1).replace(/^\0+|\0+$/g, ""),
      source: path,
    };
  }
  const username = field("username");
  if (!username) return undefined;
  return {
    kind: "basic",
    username,
    password: field("password") ?? "",
    source: path,
  };
}

/** Standard base64 with padding, as Go's StdEncoding (which skips CR/LF). */
function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/[\r\n]/g, "");
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    return undefined;
  }
  const binary = atob(compact);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

function objectField(
  json: Record<string, unknown>,
  name: string,
  bad: (why: string) => InputError,
): Map<string, unknown> {
  const value = json[name];
  if (value === undefined || value === null) return new Map();
  if (!isObject(value)) throw bad(`"${name}" is not an object`);
  return new Map(Object.entries(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
