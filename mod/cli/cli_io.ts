/** What the CLI needs from its process: streams, terminal facts, environment. */
export interface CliIo {
  stdout: (text: string) => Promise<void> | void;
  stderr: (text: string) => Promise<void> | void;
  /** Read when an argument is "-". */
  stdin: AsyncIterable<Uint8Array>;
  stdoutIsTerminal: boolean;
  stderrIsTerminal: boolean;
  env: (name: string) => string | undefined;
}
