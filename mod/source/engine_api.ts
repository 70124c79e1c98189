import { InputError } from "../errors.ts";
import { describeNetworkError } from "./network_error.ts";
import {
  readAllBounded,
  StallError,
  timedChunks,
} from "./registry/timed_body.ts";

/** Where the Docker Engine API listens, from `DOCKER_HOST`. */
export type EngineHost =
  | { kind: "unix"; path: string; spelled: string }
  | { kind: "tcp"; url: URL; spelled: string };

/** Docker's default when `DOCKER_HOST` is unset. */
export const DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
const DEFAULT_TIMEOUT_MS = 30_000;
/** An error answer is a short JSON object; more is not read. */
const MAX_ERROR_BODY = 64 * 1024;

/**
 * Parses a `DOCKER_HOST` value as the Docker CLI does: `unix:///path`,
 * `tcp://host[:port]` (port 2375 when omitted; plain HTTP) and
 * `http://…`. TLS (`https://`, `DOCKER_TLS_VERIFY`) and Windows named pipes
 * are refused with an InputError that says so.
 */
export function parseDockerHost(value: string): EngineHost {
  const fail = (why: string) =>
    new InputError(`Cannot use DOCKER_HOST=${value}: ${why}`);
  if (value.startsWith("unix://")) {
    const path = value.slice("unix://".length);
    if (!path.startsWith("/")) {
      throw fail("a unix socket path must be absolute");
    }
    return { kind: "unix", path, spelled: value };
  }
  const match = /^(tcp|http):\/\/([^/]+)\/?$/.exec(value);
  if (match) {
    const url = new URL(`http://${match[2]}`);
    if (!url.port && match[1] === "tcp") url.port = "2375";
    return { kind: "tcp", url, spelled: value };
  }
  if (/^(https|npipe|ssh):\/\//.test(value)) {
    throw fail(
      `${value.split(":")[0]} is not supported; use a unix socket or plain tcp`,
    );
  }
  throw fail("expected unix:///path or tcp://host:port");
}

/** Options of `openEngineImage`. */
export interface EngineOptions {
  /** The environment: `DOCKER_HOST`, `DOCKER_TLS_VERIFY`. */
  env: (name: string) => string | undefined;
  /** Connect, headers and every stalled read fail after this long (default 30 s). */
  timeoutMs?: number;
}

/** A `docker save` stream from the engine; `close` ends the request. */
export interface EngineImage {
  /** The engine, as `DOCKER_HOST` names it, for messages. */
  host: string;
  stream: AsyncIterable<Uint8Array>;
  close(): void;
}

/**
 * Asks the Docker Engine API (Docker, or Podman's `podman system service`)
 * for `GET /images/{name}/get`: the image as a `docker save` tar, streamed
 * as it is produced, never written to disk. An engine that cannot be
 * reached, an image it does not have, or a body that stalls for
 * `timeoutMs` is an InputError naming the engine and the image.
 */
export async function openEngineImage(
  name: string,
  options: EngineOptions,
): Promise<EngineImage> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const host = parseDockerHost(
    options.env("DOCKER_HOST") || DEFAULT_DOCKER_HOST,
  );
  if (options.env("DOCKER_TLS_VERIFY")) {
    throw new InputError(
      `Cannot use DOCKER_HOST=${host.spelled}: DOCKER_TLS_VERIFY (TLS client certificates) is not supported`,
    );
  }
  const where = `the Docker engine at ${host.spelled}`;
  const hint = options.env("DOCKER_HOST")
    ? ""
    : " (is the engine running? for Podman, set DOCKER_HOST=unix://$XDG_RUNTIME_DIR/podman/podman.sock)";
  if (host.kind === "unix") {
    // A missing socket would otherwise wait out the whole timeout.
    try {
      await Deno.stat(host.path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      throw new InputError(`Cannot reach ${where}: no socket there${hint}`);
    }
  }
  const client = host.kind === "unix"
    ? Deno.createHttpClient({ proxy: { transport: "unix", path: host.path } })
    : undefined;
  const base = host.kind === "unix" ? new URL("http://localhost") : host.url;
  const url = new URL(`/images/${encodeURIComponent(name)}/get`, base);
  const abort = new AbortController();
  const close = () => {
    abort.abort();
    client?.close();
  };
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      signal: abort.signal,
      ...(client ? { client } : {}),
    });
  } catch (error) {
    const timedOut = abort.signal.aborted;
    close();
    throw new InputError(
      timedOut
        ? `Cannot reach ${where}: no answer within ${timeoutMs} ms`
        : `Cannot reach ${where}: ${describeNetworkError(error)}${hint}`,
    );
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) {
    const detail = await errorMessage(response, timeoutMs).finally(close);
    const what = response.status === 404
      ? `no image ${JSON.stringify(name)} in ${where}`
      : `${where} answered HTTP ${response.status} for image ${
        JSON.stringify(name)
      }`;
    throw new InputError(`${what}${detail ? ` (${detail})` : ""}`);
  }
  const body = response.body ?? (async function* () {})();
  return {
    host: host.spelled,
    stream: engineErrors(
      timedChunks(body, { timeoutMs, onStall: () => abort.abort() }),
      where,
    ),
    close,
  };
}

/** A failed read of the stream as an InputError naming the engine. */
async function* engineErrors(
  chunks: AsyncIterable<Uint8Array>,
  where: string,
): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (error) {
    throw new InputError(
      error instanceof StallError
        ? `Cannot read the image: ${where} sent ${error.message}`
        : `Cannot read the image from ${where}: ${describeNetworkError(error)}`,
    );
  }
}

/** The engine's `{"message": …}`, or undefined if the body says nothing usable. */
async function errorMessage(
  response: Response,
  timeoutMs: number,
): Promise<string | undefined> {
  if (!response.body) return undefined;
  try {
    const abort = new AbortController();
    const bytes = await readAllBounded(
      timedChunks(response.body, {
        timeoutMs,
        onStall: () => abort.abort(),
      }),
      MAX_ERROR_BODY,
      "the engine's error",
    );
    const text = new TextDecoder().decode(bytes);
    try {
      const message = (JSON.parse(text) as { message?: unknown }).message;
      if (typeof message === "string") return message;
    } catch { /* not JSON: the text itself */ }
    return text.trim().split("\n")[0] || undefined;
  } catch {
    return undefined;
  }
}
