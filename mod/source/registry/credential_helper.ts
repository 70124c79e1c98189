import { InputError } from "../../errors.ts";
import type { RegistryCredential } from "./registry_credential.ts";

/** Options of `getHelperCredential`. */
export interface HelperOptions {
  /** The environment; its PATH finds the helper and is the helper's PATH. */
  env: (name: string) => string | undefined;
  /** The helper is killed, and the lookup fails, after this long. */
  timeoutMs: number;
  /** The file that named the helper, for messages. */
  file: string;
}

/** What docker-credential-helpers prints when it holds nothing for the URL. */
const NOT_FOUND = "credentials not found in native keychain";
/** Username a helper stores an identity token under. */
const TOKEN_USERNAME = "<token>";
/** A helper's answer is a few hundred bytes; more is not an answer. */
const MAX_OUTPUT = 64 * 1024;

/**
 * Asks `docker-credential-NAME get` for `serverUrl`, as Docker does: the URL
 * on stdin, `{"ServerURL","Username","Secret"}` on stdout. `undefined` when
 * the helper holds nothing for it. Messages name the helper, the URL and the
 * exit code; the helper's output and stderr are never read into one, since
 * either may hold the secret.
 */
export async function getHelperCredential(
  helper: string,
  serverUrl: string,
  options: HelperOptions,
): Promise<RegistryCredential | undefined> {
  const program = `docker-credential-${helper}`;
  const fail = (why: string) =>
    new InputError(`credential helper ${program} ${why}`, {
      file: options.file,
    });
  if (helper === "" || /[/\\]/.test(helper)) {
    throw new InputError(
      `invalid credential helper name ${JSON.stringify(helper)}`,
      { file: options.file },
    );
  }
  const path = options.env("PATH");
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(program, {
      args: ["get"],
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
      ...(path !== undefined ? { env: { PATH: path } } : {}),
    }).spawn();
  } catch (error) {
    if (
      error instanceof Deno.errors.NotFound ||
      error instanceof Deno.errors.PermissionDenied
    ) {
      throw fail("not found");
    }
    throw error;
  }
  const { output, timedOut, tooLarge, status } = await talk(
    child,
    serverUrl,
    options.timeoutMs,
  );
  const forUrl = `for ${JSON.stringify(serverUrl)}`;
  if (timedOut) {
    throw fail(`timed out after ${options.timeoutMs} ms ${forUrl}`);
  }
  if (tooLarge) throw fail(`printed more than ${MAX_OUTPUT} bytes ${forUrl}`);
  if (!status.success) {
    if (new TextDecoder().decode(output).trim() === NOT_FOUND) return undefined;
    const how = status.signal
      ? `was killed by ${status.signal}`
      : `exited with code ${status.code}`;
    throw fail(`failed ${forUrl}: ${how}`);
  }
  const answer = parseAnswer(output);
  if (!answer) {
    throw fail(`printed an answer that is not credentials JSON ${forUrl}`);
  }
  const { username, secret } = answer;
  if (username === "" && secret === "") return undefined;
  if (username === TOKEN_USERNAME) {
    return { kind: "identity-token", token: secret, source: program };
  }
  return { kind: "basic", username, password: secret, source: program };
}

/**
 * Writes the URL, reads stdout to its end, and waits for the exit. On
 * timeout the helper is killed and its stdout dropped, so a grandchild
 * still holding the pipe cannot keep the lookup waiting.
 */
async function talk(
  child: Deno.ChildProcess,
  serverUrl: string,
  timeoutMs: number,
) {
  const reader = child.stdout.getReader();
  let timedOut = false;
  let tooLarge = false;
  const stop = () => {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    reader.cancel().catch(() => {});
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, timeoutMs);
  try {
    const writer = child.stdin.getWriter();
    try {
      await writer.write(new TextEncoder().encode(serverUrl));
      await writer.close();
    } catch {
      /* the helper closed stdin without reading: its exit says more */
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    while (true) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      size += value.length;
      if (size > MAX_OUTPUT) {
        tooLarge = true;
        stop();
        break;
      }
      chunks.push(value);
    }
    const status = await child.status;
    const output = new Uint8Array(tooLarge ? 0 : size);
    if (!tooLarge) {
      let at = 0;
      for (const chunk of chunks) {
        output.set(chunk, at);
        at += chunk.length;
      }
    }
    return { output, timedOut, tooLarge, status };
  } finally {
    clearTimeout(timer);
  }
}

function parseAnswer(
  output: Uint8Array,
): { username: string; secret: string } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(output));
  } catch {
    return undefined;
  }
  if (typeof json !== "object" || json === null) return undefined;
  const { Username = "", Secret = "" } = json as Record<string, unknown>;
  if (typeof Username !== "string" || typeof Secret !== "string") {
    return undefined;
  }
  return { username: Username, secret: Secret };
}
