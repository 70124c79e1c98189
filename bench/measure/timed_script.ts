/**
 * Runs a bash script (with `pipefail`) and measures its wall-clock time and,
 * on request, the peak resident set size of its largest process through
 * GNU time (`/usr/bin/time -f %M`).
 */

/** One measurement. */
export interface Timing {
  ms: number;
  /** Peak RSS in KiB, when asked for. */
  peakRssKib?: number;
}

/** Options of `timeScript`. */
export interface TimeScriptOptions {
  cwd?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Wrap the script in `/usr/bin/time` and report its peak RSS. */
  rss?: boolean;
}

/** Runs `script`; throws with its stderr when it fails. */
export async function timeScript(
  script: string,
  options: TimeScriptOptions = {},
): Promise<Timing> {
  const rssFile = options.rss ? await Deno.makeTempFile() : undefined;
  const args = ["-c", `set -o pipefail\n${script}`];
  const [command, commandArgs] = rssFile
    ? ["/usr/bin/time", ["-f", "%M", "-o", rssFile, "bash", ...args]]
    : ["bash", args];
  try {
    const started = performance.now();
    const { success, stderr } = await new Deno.Command(command, {
      args: commandArgs,
      cwd: options.cwd,
      env: options.env,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    const ms = performance.now() - started;
    if (!success) {
      const text = new TextDecoder().decode(stderr).trim();
      throw new Error(text.split("\n").slice(-3).join(" | ") || "failed");
    }
    if (!rssFile) return { ms };
    const peakRssKib = Number((await Deno.readTextFile(rssFile)).trim());
    return { ms, peakRssKib };
  } finally {
    if (rssFile) await Deno.remove(rssFile);
  }
}

/** Whether `name` is a command on the PATH. */
export async function hasCommand(name: string): Promise<boolean> {
  const { success } = await new Deno.Command("bash", {
    args: ["-c", `command -v ${name}`],
    stdout: "null",
    stderr: "null",
  }).output();
  return success;
}
