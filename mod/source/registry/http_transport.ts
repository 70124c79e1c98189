import https from "node:https";
import type { IncomingMessage } from "node:http";

/** A response whose body has not been read yet. */
export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** The body in chunks; reading it after `signal` aborted throws. */
  body: AsyncIterable<Uint8Array>;
}

/** How to send requests: TLS trust, and whether to check certificates. */
export interface TransportOptions {
  /** PEM certificates trusted besides the system's (from SSL_CERT_FILE). */
  caCerts?: string[];
  /** false: HTTPS certificates are not checked (`--tls-verify=false`). */
  tlsVerify: boolean;
}

/**
 * Sends one GET or POST without following redirects (the caller decides
 * what a redirect may carry). Fetch does the work; only HTTPS without
 * certificate checks goes through node:https, which can skip them.
 */
export class HttpTransport {
  #client?: Deno.HttpClient;
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#options = options;
    if (options.caCerts?.length) {
      this.#client = Deno.createHttpClient({ caCerts: options.caCerts });
    }
  }

  /** Sends the request; network errors reject, any HTTP status resolves. */
  async send(
    url: URL,
    init: {
      method?: "GET" | "POST";
      headers: Record<string, string>;
      body?: string;
      signal: AbortSignal;
    },
  ): Promise<HttpResponse> {
    if (url.protocol === "https:" && !this.#options.tlsVerify) {
      return await sendUnverified(url, init);
    }
    const response = await fetch(url, {
      method: init.method ?? "GET",
      headers: init.headers,
      body: init.body,
      redirect: "manual",
      signal: init.signal,
      ...(this.#client ? { client: this.#client } : {}),
    });
    const body = response.body;
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body: body ?? (async function* () {})(),
    };
  }

  /** Releases the connection pool. */
  close(): void {
    this.#client?.close();
  }
}

function sendUnverified(
  url: URL,
  init: {
    method?: string;
    headers: Record<string, string>;
    body?: string;
    signal: AbortSignal;
  },
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, {
      method: init.method ?? "GET",
      headers: init.headers,
      rejectUnauthorized: false,
      signal: init.signal,
    }, (message: IncomingMessage) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(message.headers)) {
        if (value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value]) {
          headers.append(name, item);
        }
      }
      resolve({
        status: message.statusCode ?? 0,
        statusText: message.statusMessage ?? "",
        headers,
        body: chunksOf(message),
      });
    });
    request.on("error", reject);
    request.end(init.body);
  });
}

async function* chunksOf(message: IncomingMessage): AsyncIterable<Uint8Array> {
  for await (const chunk of message) {
    yield chunk instanceof Uint8Array ? chunk : new TextEncoder().encode(chunk);
  }
}
