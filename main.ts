import { type CliIo, run } from "./mod/cli/run.ts";

/** Writes text to a Deno stream; a reader that went away (`| head`) ends us quietly. */
const writer = (stream: WritableStream<Uint8Array>) => {
  const out = stream.getWriter(), encoder = new TextEncoder();
  return (text: string) =>
    out.write(encoder.encode(text)).catch((error) => {
      if (error instanceof Deno.errors.BrokenPipe) Deno.exit(0);
      throw error;
    });
};
const io: CliIo = {
  stdout: writer(Deno.stdout.writable),
  stderr: writer(Deno.stderr.writable),
  stdin: Deno.stdin.readable,
  stdoutIsTerminal: Deno.stdout.isTerminal(),
  stderrIsTerminal: Deno.stderr.isTerminal(),
  env: (name) => Deno.env.get(name),
};
Deno.exit(await run(Deno.args, io));
