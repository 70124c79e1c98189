/**
 * Runs an external tool (umoci, skopeo, GNU tar, mknod) and returns its
 * stdout; a non-zero exit throws with the command line and the tool's stderr,
 * so a failing fixture build says which step broke.
 */
export async function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string } = {},
): Promise<string> {
  const output = await new Deno.Command(command, {
    args,
    cwd: options.cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  if (!output.success) {
    throw new Error(
      `${command} ${args.join(" ")} exited with ${output.code}: ${
        decoder.decode(output.stderr).trim()
      }`,
    );
  }
  return decoder.decode(output.stdout);
}

/** Whether `command` can be started at all (it is on PATH and runs). */
export async function commandExists(command: string): Promise<boolean> {
  try {
    await runCommand(command, ["--version"]);
    return true;
  } catch {
    return false;
  }
}
