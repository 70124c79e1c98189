/**
 * Reads `action.yml` and runs its steps the way the runner would: a bash
 * step as `bash --noprofile --norc -eo pipefail`, its `${{ }}` expressions
 * filled in from a table, with its own $GITHUB_OUTPUT file.
 */
import { parse } from "yaml";

export const root = new URL("../..", import.meta.url).pathname;

/** One step of the composite action. */
export interface Step {
  id?: string;
  name?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  "continue-on-error"?: boolean;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

/** The parts of action.yml the tests read. */
export interface Action {
  name: string;
  inputs: Record<
    string,
    { description: string; required?: boolean; default?: string }
  >;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

export async function loadAction(): Promise<Action> {
  return parse(await Deno.readTextFile(`${root}action.yml`)) as Action;
}

export function stepById(action: Action, id: string): Step {
  const step = action.runs.steps.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id}`);
  return step;
}

/** Fills `${{ name }}` from `values`; an expression not in the table is an error. */
export function expand(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for \${{ ${name} }}`);
    return values[name];
  });
}

/** Runs a bash step; returns its exit code, stdout and outputs. */
export async function runStep(
  step: Step,
  options: {
    values: Record<string, string>;
    env?: Record<string, string>;
    cwd?: string;
  },
): Promise<
  {
    code: number;
    stdout: string;
    stderr: string;
    outputs: Record<string, string>;
  }
> {
  const dir = await Deno.makeTempDir();
  const script = `${dir}/step.sh`;
  await Deno.writeTextFile(script, step.run!);
  const output = `${dir}/output`;
  await Deno.writeTextFile(output, "");
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: output,
    ...options.env,
  };
  for (const [name, value] of Object.entries(step.env ?? {})) {
    env[name] = expand(String(value), options.values);
  }
  const result = await new Deno.Command("bash", {
    args: ["--noprofile", "--norc", "-eo", "pipefail", script],
    env,
    clearEnv: true,
    cwd: options.cwd ?? dir,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const outputs = Object.fromEntries(
    (await Deno.readTextFile(output)).split("\n").filter(Boolean)
      .map((
        line,
      ) => [
        line.slice(0, line.indexOf("=")),
        line.slice(line.indexOf("=") + 1),
      ]),
  );
  return {
    code: result.code,
    stdout: new TextDecoder().decode(result.stdout),
    stderr: new TextDecoder().decode(result.stderr),
    outputs,
  };
}

/** Writes an executable shell script. */
export async function writeScript(path: string, body: string): Promise<void> {
  await Deno.writeTextFile(path, `#!/usr/bin/env bash\n${body}\n`);
  await Deno.chmod(path, 0o755);
}

/** The job's status, as the status functions of an `if:` read it. */
export interface JobStatus {
  failure?: boolean;
  cancelled?: boolean;
}

/**
 * Evaluates a step's `if:` the way the runner does, for the part of the
 * expression language action.yml uses: `&&`, `||`, `!`, `==`, `!=`,
 * parentheses, 'strings', numbers, true/false/null, the status functions
 * and context names, each looked up in `values` (a name not in the table
 * is an error). Without a status function, `success() &&` is implied.
 */
export function evaluateIf(
  expression: string,
  values: Record<string, string | number | null>,
  status: JobStatus = {},
): boolean {
  const raw = expression.match(
    /\s*('(?:[^']|'')*'|&&|\|\||==|!=|!|\(|\)|[A-Za-z_][\w.-]*\(\)|[\w.-]+)/gy,
  ) ?? [];
  if (raw.join("") !== expression.trimEnd()) {
    throw new Error(`cannot read the expression: ${expression}`);
  }
  const tokens = raw.map((token) => token.trim());
  let at = 0;
  type Value = string | number | boolean | null;
  const functions: Record<string, () => boolean> = {
    "success()": () => !status.failure && !status.cancelled,
    "failure()": () => status.failure === true,
    "cancelled()": () => status.cancelled === true,
    "always()": () => true,
  };
  const truthy = (value: Value) =>
    value !== null && value !== false && value !== "" && value !== 0 &&
    !Number.isNaN(value);
  const number = (value: Value) =>
    value === null || value === "" ? 0 : Number(value);
  const equal = (a: Value, b: Value) =>
    typeof a === "string" && typeof b === "string"
      ? a.toLowerCase() === b.toLowerCase()
      : number(a) === number(b);
  const primary = (): Value => {
    const token = tokens[at++];
    if (token === "(") {
      const value = or();
      if (tokens[at++] !== ")") throw new Error(`no ) in ${expression}`);
      return value;
    }
    if (token === "!") return !truthy(primary());
    if (token.startsWith("'")) return token.slice(1, -1).replaceAll("''", "'");
    if (token in functions) return functions[token]();
    if (token === "true" || token === "false") return token === "true";
    if (token === "null") return null;
    if (/^\d/.test(token)) return Number(token);
    if (!(token in values)) throw new Error(`no value for ${token}`);
    return values[token];
  };
  const comparison = (): Value => {
    const left = primary();
    const operator = tokens[at];
    if (operator !== "==" && operator !== "!=") return left;
    at++;
    return equal(left, primary()) === (operator === "==");
  };
  const and = (): Value => {
    let value = comparison();
    while (tokens[at] === "&&") {
      at++;
      const right = comparison();
      value = truthy(value) ? right : value;
    }
    return value;
  };
  const or = (): Value => {
    let value = and();
    while (tokens[at] === "||") {
      at++;
      const right = and();
      value = truthy(value) ? value : right;
    }
    return value;
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`cannot read ${expression}`);
  const implied = !tokens.some((token) => token in functions);
  return (!implied || functions["success()"]()) && truthy(value);
}
