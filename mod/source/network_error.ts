import { StallError } from "./registry/timed_body.ts";

/** No response head within the timeout. */
export class TimeoutError extends Error {}

/**
 * A network failure in plain words, for registries and the Docker engine
 * alike: timed out, connection refused or reset, TLS, host not found,
 * socket missing or not permitted; else the error's first line.
 */
export function describeNetworkError(error: unknown): string {
  if (error instanceof TimeoutError || error instanceof StallError) {
    return `timed out: ${error.message}`;
  }
  const message = error instanceof Error
    ? `${error.message} ${
      error.cause instanceof Error ? error.cause.message : ""
    }`
    : String(error);
  if (/connection refused|ECONNREFUSED|os error 111\b/i.test(message)) {
    return "connection refused";
  }
  if (/reset|broken pipe|connection closed|unexpected eof/i.test(message)) {
    return "connection reset";
  }
  if (/certificate|tls|ssl/i.test(message)) {
    return "TLS error (certificate not trusted? see --tls-verify and SSL_CERT_FILE)";
  }
  if (/dns|lookup|name or service/i.test(message)) return "host not found";
  if (/No such file|ENOENT|os error 2\b/i.test(message)) {
    return "no socket there";
  }
  if (/Permission denied|EACCES|os error 13\b/i.test(message)) {
    return "permission denied on the socket";
  }
  return message.trim().split("\n")[0];
}
