import type { CliIo } from "./mod/cli/cli_io.ts";
import { run } from "./mod/cli/run.ts";
import { OutputClosed } from "./mod/cli/write_chunks.ts";

/**
 * Writes text to a Deno stream. A reader that went away (`| head`) ends the
 * output quietly: `onClose` says what to do instead of failing.
 */
const writer = (stream: WritableStream<Uint8Array>, onClose: () => void) => {
  const out = stream.getWriter(), encoder = new TextEncoder();
  return (text: string) =>
    out.write(encoder.encode(text)).catch((error) => {
      if (error instanceof Deno.errors.BrokenPipe) return onClose();
      throw error;
    });
};
const io: CliIo = {
  stdout: writer(Deno.stdout.writable, () => {
    throw new OutputClosed();
  }),
  stderr: writer(Deno.stderr.writable, () => {}),
  stdin: Deno.stdin.readable,
  stdoutIsTerminal: Deno.stdout.isTerminal(),
  stderrIsTerminal: Deno.stderr.isTerminal(),
  env: (name) => Deno.env.get(name),
};
Deno.exit(await run(Deno.args, io));
