/** What benchmark figures depend on: CPU, memory, Deno, tools, commit. */

/** Describes this machine for the results file. */
export async function describeMachine(
  options: { repo: string },
): Promise<Record<string, unknown>> {
  const tools = [
    ["tar", "tar --version"],
    ["pigz", "pigz --version"],
    ["openssl", "openssl version"],
    ["skopeo", "skopeo --version"],
    ["umoci", "umoci --version"],
  ];
  return {
    cpu: await firstLine("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"),
    cpus: navigator.hardwareConcurrency,
    memoryGiB: Math.round(Deno.systemMemoryInfo().total / 2 ** 30),
    /** 1, 5 and 15 minute load averages when the run ended (other load skews the figures). */
    loadAverage: Deno.loadavg(),
    deno: Deno.version.deno,
    commit: await firstLine(`git -C '${options.repo}' rev-parse --short HEAD`),
    tools: Object.fromEntries(
      await Promise.all(
        tools.map(async ([name, command]) => [name, await firstLine(command)]),
      ),
    ),
  };
}

/** The first line a shell command prints (stdout, else stderr). */
async function firstLine(command: string): Promise<string> {
  const { stdout, stderr } = await new Deno.Command("bash", {
    args: ["-c", command],
  }).output();
  const decoder = new TextDecoder();
  const text = decoder.decode(stdout) || decoder.decode(stderr);
  return text.split("\n")[0].trim() || "unknown";
}
