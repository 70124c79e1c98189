/**
 * The real tools the version tests check against: `dpkg --compare-versions`,
 * rpm's `rpm.vercmp()` (rpm's Lua), Python's `packaging`. Each takes many
 * pairs per process, since starting processes is the slow part.
 */

/** Two versions to order. */
export type Pair = readonly [string, string];

/** Separates the two versions of a pair on one stdin line (no version holds it). */
const SEP = "\x1f";

async function run(
  command: string,
  args: string[],
  stdin: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(command, {
    args,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(stdin));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const text = new TextDecoder();
  return { code, stdout: text.decode(stdout), stderr: text.decode(stderr) };
}

/** Why a tool cannot be used (undefined: it can). */
async function skipReason(
  command: string,
  args: string[],
  expected: string,
): Promise<string | undefined> {
  try {
    const { code, stdout, stderr } = await run(command, args, "");
    if (code === 0 && stdout.trim() === expected) return undefined;
    return `${command} ${args.join(" ")} answered ${
      JSON.stringify(stdout.trim())
    } (exit ${code}) ${stderr.trim()}`;
  } catch (error) {
    return `${command} is not installed (${(error as Error).message})`;
  }
}

const lines = (pairs: readonly Pair[]) =>
  pairs.map(([a, b]) => `${a}${SEP}${b}\n`).join("");

function results(stdout: string, count: number): (number | null)[] {
  const values = stdout.split("\n").slice(0, count);
  if (values.length !== count) throw new Error(`short oracle output`);
  return values.map((v) => v === "E" ? null : Number(v));
}

/** Why dpkg cannot be the oracle, or undefined when it can. */
export const dpkgSkipReason = () =>
  skipReason("sh", ["-c", "dpkg --compare-versions 1 lt 2 && echo ok"], "ok");

/** Reads pairs from stdin; one line per pair: -1, 0, 1, or E when dpkg refuses. */
const DPKG_SCRIPT = `
while IFS="$(printf '\\037')" read -r a b; do
  if dpkg --compare-versions "$a" lt "$b" 2>/dev/null; then echo -1
  else
    case $? in
      1) if dpkg --compare-versions "$a" gt "$b" 2>/dev/null; then echo 1; else echo 0; fi ;;
      *) echo E ;;
    esac
  fi
done`;

/**
 * dpkg's order of each pair (sign), null when dpkg refuses a version
 * (exit 2; versions it only warns about are compared). Two shells share
 * the work: one dpkg process costs milliseconds.
 */
export async function dpkgCompare(
  pairs: readonly Pair[],
): Promise<(number | null)[]> {
  const half = Math.ceil(pairs.length / 2);
  const chunks = [pairs.slice(0, half), pairs.slice(half)];
  const answers = await Promise.all(chunks.map(async (chunk) => {
    const { stdout } = await run("sh", ["-c", DPKG_SCRIPT], lines(chunk));
    return results(stdout, chunk.length);
  }));
  return answers.flat();
}

const RPM_LUA = `%{lua:
for line in io.lines() do
  local a, b = line:match("^(.-)\\031(.*)$")
  local ok, r = pcall(rpm.vercmp, a, b)
  print((ok and tostring(r) or "E") .. "\\n")
end}`;

/** Why rpm cannot be the oracle, or undefined when it can. */
export const rpmSkipReason = () =>
  skipReason(
    "rpm",
    ["--eval", '%{lua: print(rpm.vercmp("1.0-1", "1.0~rc1-1"))}'],
    "1",
  );

/** rpm 4.18's `rpm.vercmp()` of each pair, null when rpm refuses a version. */
export async function rpmCompare(
  pairs: readonly Pair[],
): Promise<(number | null)[]> {
  const { stdout } = await run("rpm", ["--eval", RPM_LUA], lines(pairs));
  return results(stdout, pairs.length);
}

/** Why Python's packaging cannot be the oracle, or undefined when it can. */
export const pythonSkipReason = () =>
  skipReason("python3", ["-c", "import packaging; print('ok')"], "ok");

const PYTHON_VERSIONS = `
import json, sys
from packaging.version import InvalidVersion, Version
def parse(v):
    try:
        return Version(v)
    except InvalidVersion:
        return None
out = []
for a, b in json.load(sys.stdin):
    x, y = parse(a), parse(b)
    order = None if x is None or y is None else (x > y) - (x < y)
    out.append({"validA": x is not None, "validB": y is not None, "order": order})
json.dump(out, sys.stdout)`;

/** What packaging says of one pair: which versions are valid, their order if both are. */
export interface PythonAnswer {
  validA: boolean;
  validB: boolean;
  order: number | null;
}

/** `packaging.version.Version` on each pair, in one python3 process. */
export async function pythonCompare(
  pairs: readonly Pair[],
): Promise<PythonAnswer[]> {
  const { code, stdout, stderr } = await run(
    "python3",
    ["-c", PYTHON_VERSIONS],
    JSON.stringify(pairs),
  );
  if (code !== 0) throw new Error(`python3 failed: ${stderr}`);
  return JSON.parse(stdout);
}

/** `packaging.utils.canonicalize_name` of each name, in one python3 process. */
export async function pythonCanonicalNames(
  names: readonly string[],
): Promise<string[]> {
  const { code, stdout, stderr } = await run("python3", [
    "-c",
    "import json, sys\nfrom packaging.utils import canonicalize_name\n" +
    "json.dump([canonicalize_name(n) for n in json.load(sys.stdin)], sys.stdout)",
  ], JSON.stringify(names));
  if (code !== 0) throw new Error(`python3 failed: ${stderr}`);
  return JSON.parse(stdout);
}
