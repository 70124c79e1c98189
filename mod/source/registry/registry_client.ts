import { InputError } from "../../errors.ts";
import type { RegistryReference } from "../image_reference.ts";
import { findCredentials } from "./credentials.ts";
import type { RegistryCredential } from "./registry_credential.ts";
import { type HttpResponse, HttpTransport } from "./http_transport.ts";
import { describeNetworkError, TimeoutError } from "../network_error.ts";
import { readAllBounded, timedChunks } from "./timed_body.ts";
import { type Challenge, parseChallenge } from "./www_authenticate.ts";

/** How to reach registries: `--tls-verify`, `--insecure-registry`, timeouts. */
export interface RegistryOptions {
  /** Environment (credential files, helpers' PATH, SSL_CERT_FILE). */
  env: (name: string) => string | undefined;
  /** false: certificates are not checked and plain HTTP is allowed. */
  tlsVerify?: boolean;
  /** Hosts that may be reached over plain HTTP (loopback always may). */
  insecureRegistries?: string[];
  /** Milliseconds for a connection and response head, and for any gap in a body (default 30 s). */
  timeoutMs?: number;
  /** Attempts after the first on 429, 5xx and network errors (default 3). */
  retries?: number;
  /** One line per HTTP exchange, for `--debug`: method, URL without query, status. Never credentials. */
  onDebug?: (line: string) => void;
}

/** A response of the registry, with its body read through stall timeouts. */
export interface RegistryResponse {
  status: number;
  headers: Headers;
  /** Chunks; a gap longer than the timeout throws. */
  body: AsyncIterable<Uint8Array>;
  /** Stops the transfer (the body then throws). */
  abort(): void;
}

const TOKEN_LIMIT = 1 << 20;
const ERROR_BODY_LIMIT = 64 << 10;
const MAX_REDIRECTS = 5;
const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Talks to one repository of one registry over the /v2/ API (OCI
 * distribution spec): scheme (HTTPS; HTTP where allowed), authentication
 * (anonymous, Bearer token flow, Basic) with credentials found as Docker
 * and skopeo find them, redirects (the Authorization header never follows
 * to another host), timeouts and retries. Errors name the reference.
 */
export class RegistryClient {
  readonly reference: RegistryReference;
  /** "docker://host/repo…", for messages. */
  readonly name: string;
  readonly #options: Required<Omit<RegistryOptions, "onDebug">> & {
    onDebug?: (line: string) => void;
  };
  readonly #transport: HttpTransport;
  #base?: Promise<URL>;
  #credential?: Promise<RegistryCredential | undefined>;
  #authorization?: string;

  constructor(
    reference: RegistryReference,
    name: string,
    options: RegistryOptions,
  ) {
    this.reference = reference;
    this.name = name;
    this.#options = {
      env: options.env,
      tlsVerify: options.tlsVerify ?? true,
      insecureRegistries: options.insecureRegistries ?? [],
      timeoutMs: options.timeoutMs ?? 30_000,
      retries: options.retries ?? 3,
      onDebug: options.onDebug,
    };
    this.#transport = new HttpTransport({
      tlsVerify: this.#options.tlsVerify,
      caCerts: readCaCerts(options.env("SSL_CERT_FILE")),
    });
  }

  /**
   * GETs `/v2/<repository>/<path>`, authenticating as the registry asks
   * and retrying 429, 5xx and network errors before any byte was read.
   * A 2xx (or 206) response is returned; others throw with a plain line.
   */
  async get(
    path: string,
    options: { accept?: string; offset?: number; what: string },
  ): Promise<RegistryResponse> {
    const headers: Record<string, string> = {};
    if (options.accept) headers.accept = options.accept;
    if (options.offset) headers.range = `bytes=${options.offset}-`;
    for (let attempt = 0;; attempt++) {
      const last = attempt >= this.#options.retries;
      let response: RegistryResponse;
      try {
        response = await this.#authorized(
          `/v2/${this.reference.repository}/${path}`,
          headers,
        );
      } catch (error) {
        if (last || error instanceof InputError) {
          throw this.networkError(error, options.what);
        }
        await delay(backoff(attempt));
        continue;
      }
      if (response.status >= 200 && response.status < 300) return response;
      if (RETRY_STATUS.has(response.status) && !last) {
        response.abort();
        await delay(retryAfter(response.headers) ?? backoff(attempt));
        continue;
      }
      throw await this.#statusError(response, options.what, attempt + 1);
    }
  }

  /**
   * Whether the repository exists, asked of `tags/list` (registries answer
   * a missing tag and a missing repository with the same 404 on manifests);
   * undefined when the registry does not say.
   */
  async repositoryExists(): Promise<boolean | undefined> {
    try {
      const response = await this.get("tags/list?n=1", { what: "tags" });
      response.abort();
      return true;
    } catch (error) {
      if (
        error instanceof InputError &&
        error.reason.startsWith("no such repository")
      ) return false;
      return undefined;
    }
  }

  /** An InputError for a failed transfer, naming what was fetched. */
  networkError(error: unknown, what: string): InputError {
    if (error instanceof InputError) return error;
    return new InputError(
      `${what}: ${describeNetworkError(error)}`,
      { file: this.name },
    );
  }

  /** Ends the connections. */
  close(): void {
    this.#transport.close();
  }

  async #authorized(
    path: string,
    headers: Record<string, string>,
  ): Promise<RegistryResponse> {
    const base = await this.#resolveBase();
    let response = await this.#follow(new URL(path, base), headers);
    if (response.status === 401) {
      const challenge = parseChallenge(
        response.headers.get("www-authenticate"),
      );
      response.abort();
      await this.#authenticate(challenge, this.#authorization !== undefined);
      response = await this.#follow(new URL(path, base), headers);
    }
    return response;
  }

  /** Sends a request and follows redirects, keeping credentials on the registry's host. */
  async #follow(
    url: URL,
    headers: Record<string, string>,
  ): Promise<RegistryResponse> {
    const base = await this.#resolveBase();
    for (let hop = 0;; hop++) {
      const sameHost = url.origin === base.origin;
      const response = await this.#send(url, {
        headers: sameHost && this.#authorization
          ? { ...headers, authorization: this.#authorization }
          : headers,
      });
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) {
        return response;
      }
      response.abort();
      if (hop >= MAX_REDIRECTS) {
        throw new InputError(`more than ${MAX_REDIRECTS} redirects`, {
          file: this.name,
        });
      }
      url = new URL(location, url);
      if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw new InputError(`redirected to a ${url.protocol} URL`, {
          file: this.name,
        });
      }
    }
  }

  /** One exchange with a timeout on the response head; the body times out on stalls. */
  async #send(
    url: URL,
    init: {
      method?: "GET" | "POST";
      headers: Record<string, string>;
      body?: string;
    },
  ): Promise<RegistryResponse> {
    const controller = new AbortController();
    const timeout = this.#options.timeoutMs;
    const timer = setTimeout(
      () =>
        controller.abort(
          new TimeoutError(`no response in ${timeout / 1000} s`),
        ),
      timeout,
    );
    let response: HttpResponse;
    try {
      response = await this.#transport.send(url, {
        ...init,
        headers: { "user-agent": "layerdiff", ...init.headers },
        signal: controller.signal,
      });
    } catch (error) {
      throw controller.signal.aborted ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
    this.#options.onDebug?.(
      `${
        init.method ?? "GET"
      } ${url.origin}${url.pathname} → ${response.status}`,
    );
    return {
      status: response.status,
      headers: response.headers,
      body: timedChunks(response.body, {
        timeoutMs: timeout,
        onStall: () => controller.abort(),
      }),
      abort: () => controller.abort(new Error("transfer stopped")),
    };
  }

  /** The registry's base URL: HTTPS, or HTTP where allowed and HTTPS fails. */
  #resolveBase(): Promise<URL> {
    return this.#base ??= (async () => {
      const host = apiHost(this.reference.registry);
      const https = new URL(`https://${host}/`);
      if (!this.#mayUseHttp(host)) return https;
      try {
        (await this.#send(new URL("/v2/", https), { headers: {} })).abort();
        return https;
      } catch (httpsError) {
        // Plain HTTP only if a registry answers there: an HTTPS registry
        // whose certificate is not trusted answers HTTP with 400, and its
        // TLS error is the one to report.
        const http = new URL(`http://${host}/`);
        try {
          const ping = await this.#send(new URL("/v2/", http), { headers: {} });
          ping.abort();
          if (ping.status === 200 || ping.status === 401) return http;
        } catch { /* neither answers: report the HTTPS error */ }
        throw this.networkError(httpsError, "registry API");
      }
    })();
  }

  #mayUseHttp(host: string): boolean {
    const name = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
    return !this.#options.tlsVerify ||
      this.#options.insecureRegistries.includes(host) ||
      this.#options.insecureRegistries.includes(this.reference.registry) ||
      name === "localhost" || name === "::1" || /^127\./.test(name);
  }

  #credentialFor(): Promise<RegistryCredential | undefined> {
    return this.#credential ??= findCredentials(this.reference.registry, {
      env: this.#options.env,
    });
  }

  /** Answers a 401 challenge: a Bearer token, or Basic credentials. */
  async #authenticate(
    challenge: Challenge | undefined,
    hadAuthorization: boolean,
  ): Promise<void> {
    const credential = await this.#credentialFor();
    const who = credential ? ` (credentials from ${credential.source})` : "";
    if (challenge?.scheme === "basic") {
      if (!credential || credential.kind !== "basic" || hadAuthorization) {
        throw this.#denied(credential, who);
      }
      this.#authorization = `Basic ${
        btoa(`${credential.username}:${credential.password}`)
      }`;
      return;
    }
    if (challenge?.scheme !== "bearer" || !challenge.params.realm) {
      throw new InputError(
        `registry asked for an unsupported authentication${
          challenge ? ` (${challenge.scheme})` : ""
        }`,
        { file: this.name },
      );
    }
    if (hadAuthorization && this.#authorization?.startsWith("Bearer ")) {
      // A token that was refused once is not asked for again.
      if (!challenge.params.error) throw this.#denied(credential, who);
    }
    this.#authorization = `Bearer ${await this.#token(challenge, credential)}`;
  }

  /** The token flow: GET (Basic or anonymous) or POST (refresh token). */
  async #token(
    challenge: Challenge,
    credential: RegistryCredential | undefined,
  ): Promise<string> {
    let realm: URL;
    try {
      realm = new URL(challenge.params.realm);
    } catch {
      throw new InputError("token realm is not a URL", { file: this.name });
    }
    if (realm.protocol !== "https:" && realm.protocol !== "http:") {
      throw new InputError("token realm is not an HTTP URL", {
        file: this.name,
      });
    }
    const scope = `repository:${this.reference.repository}:pull`;
    const service = challenge.params.service;
    let response: RegistryResponse;
    if (credential?.kind === "identity-token") {
      const form = new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: credential.token,
        client_id: "layerdiff",
        scope,
        ...(service ? { service } : {}),
      });
      response = await this.#send(realm, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form.toString(),
      });
    } else {
      if (service) realm.searchParams.set("service", service);
      realm.searchParams.set("scope", scope);
      response = await this.#send(realm, {
        headers: credential
          ? {
            authorization: `Basic ${
              btoa(`${credential.username}:${credential.password}`)
            }`,
          }
          : {},
      });
    }
    const who = credential ? ` (credentials from ${credential.source})` : "";
    if (response.status === 401 || response.status === 403) {
      response.abort();
      throw this.#denied(credential, who);
    }
    if (response.status !== 200) {
      response.abort();
      throw new InputError(
        `token server ${realm.host} answered HTTP ${response.status}`,
        { file: this.name },
      );
    }
    const bytes = await readAllBounded(response.body, TOKEN_LIMIT, "token");
    let token: unknown;
    try {
      const json = JSON.parse(new TextDecoder().decode(bytes));
      token = json.token ?? json.access_token;
    } catch {
      // Reported below.
    }
    if (typeof token !== "string" || token === "") {
      throw new InputError(
        `token server ${realm.host} sent no token`,
        { file: this.name },
      );
    }
    return token;
  }

  #denied(credential: RegistryCredential | undefined, who: string): InputError {
    const host = this.reference.registry;
    return new InputError(
      credential
        ? `access denied: wrong username or password, or no pull access to ${this.reference.repository}${who}`
        : `authentication required: not logged in to ${host} (docker login ${host}, or set REGISTRY_AUTH_FILE)`,
      { file: this.name },
    );
  }

  async #statusError(
    response: RegistryResponse,
    what: string,
    attempts: number,
  ): Promise<InputError> {
    let code = "";
    try {
      const bytes = await readAllBounded(
        response.body,
        ERROR_BODY_LIMIT,
        "error",
      );
      code = String(
        JSON.parse(new TextDecoder().decode(bytes)).errors?.[0]?.code ?? "",
      );
    } catch {
      // The status alone is reported.
    } finally {
      response.abort();
    }
    const { registry, repository } = this.reference;
    const status = response.status;
    const credential = await this.#credentialFor();
    const reason = status === 404
      ? code === "NAME_UNKNOWN"
        ? `no such repository ${repository} on ${registry}`
        : code === "BLOB_UNKNOWN"
        ? `${what}: the registry does not have it`
        : `${what}: not found (no such tag, digest or repository)`
      : status === 401 || status === 403
      ? this.#denied(
        credential,
        credential ? ` (credentials from ${credential.source})` : "",
      ).reason
      : `${what}: HTTP ${status}${
        attempts > 1 ? ` after ${attempts} attempts` : ""
      }`;
    return new InputError(reason, { file: this.name });
  }
}

/** Docker Hub's API lives on another host than its name. */
function apiHost(registry: string): string {
  return registry === "docker.io" ? "registry-1.docker.io" : registry;
}

function readCaCerts(file: string | undefined): string[] | undefined {
  if (!file) return undefined;
  try {
    return [Deno.readTextFileSync(file)];
  } catch {
    throw new InputError(`cannot read SSL_CERT_FILE ${file}`);
  }
}

function backoff(attempt: number): number {
  return 200 * 2 ** attempt;
}

function retryAfter(headers: Headers): number | undefined {
  const seconds = Number(headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0
    ? Math.min(seconds, 10) * 1000
    : undefined;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
