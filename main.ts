import { run } from "./mod/cli/run.ts";

const encoder = new TextEncoder();
const writer = (stream: WritableStream<Uint8Array>) => {
  const out = stream.getWriter();
  return async (text: string) => {
    try {
      await out.write(encoder.encode(text));
    } catch (error) {
      if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
      Deno.exit(0); // the reader went away (`| head`): stop quietly
    }
  };
};
const { stdin, stdout, stderr } = Deno;
Deno.exit(
  await run(Deno.args, {
    stdout: writer(stdout.writable),
    stderr: writer(stderr.writable),
    stdin: stdin.readable,
    stdoutIsTerminal: stdout.isTerminal(),
    stderrIsTerminal: stderr.isTerminal(),
    env: (name) => Deno.env.get(name),
  }),
);
