/**
 * Times a set of contenders on one row: one uncounted warm-up of each
 * (except those marked `noWarmup`, too slow to repeat), then `runs` rounds
 * in which the contenders take turns starting, so that drift in the
 * machine's state (page cache, clock) spreads over all of them. A
 * contender's setup runs before each of its runs, untimed. After each
 * run its scratch folder is removed and `sync` run, untimed. A
 * contender whose tools are missing, or that fails, is reported as missing
 * with the reason and the others carry on.
 */
import type { Contender, ContenderKey } from "./contenders.ts";
import { type Measured, measured } from "./results.ts";
import { hasCommand, timeScript, type Timing } from "./timed_script.ts";

/** Options of `measureContenders`. */
export interface MeasureOptions {
  runs: number;
  /** Working directory of the scripts. */
  cwd: string;
  /** Where each run's scratch folder (`$WORK`) is made. */
  scratch: string;
  /** Contenders not to run, with the reason. */
  skip?: Map<ContenderKey, string>;
  /** Contenders with no warm-up run. */
  noWarmup?: ContenderKey[];
  log?: (line: string) => void;
}

/** Runs the contenders and summarises each. */
export async function measureContenders(
  contenders: Contender[],
  options: MeasureOptions,
): Promise<Partial<Record<ContenderKey, Measured>>> {
  const log = options.log ?? (() => {});
  const reasons = new Map(options.skip);
  for (const contender of contenders) {
    for (const tool of contender.tools) {
      if (!reasons.has(contender.key) && !await hasCommand(tool)) {
        reasons.set(contender.key, `not available: ${tool} not found`);
      }
    }
  }
  const timings = new Map<ContenderKey, Timing[]>();
  const run = async (contender: Contender, label: string) => {
    if (reasons.has(contender.key)) return undefined;
    try {
      const timing = await runOnce(contender, options);
      log(`${label} ${contender.key}: ${describe(timing)}`);
      return timing;
    } catch (error) {
      reasons.set(contender.key, `failed: ${(error as Error).message}`);
      log(`${label} ${contender.key} failed: ${(error as Error).message}`);
      return undefined;
    }
  };

  for (const contender of contenders) {
    if (!options.noWarmup?.includes(contender.key)) {
      await run(contender, "warm-up");
    }
  }
  for (let round = 0; round < options.runs; round++) {
    const first = round % contenders.length;
    const order = [...contenders.slice(first), ...contenders.slice(0, first)];
    for (const contender of order) {
      const timing = await run(contender, `run ${round + 1}/${options.runs}`);
      if (timing) {
        timings.set(contender.key, [
          ...timings.get(contender.key) ?? [],
          timing,
        ]);
      }
    }
  }
  return Object.fromEntries(contenders.map(({ key }) => [
    key,
    reasons.has(key)
      ? measured([], reasons.get(key))
      : measured(timings.get(key) ?? []),
  ]));
}

async function runOnce(
  contender: Contender,
  options: MeasureOptions,
): Promise<Timing> {
  const work = await Deno.makeTempDir({
    dir: options.scratch,
    prefix: "work-",
  });
  try {
    if (contender.setup) {
      await timeScript(contender.setup, {
        cwd: options.cwd,
        env: { WORK: work },
      });
    }
    return await timeScript(contender.script, {
      cwd: options.cwd,
      env: { WORK: work },
      rss: contender.rss,
    });
  } finally {
    await Deno.remove(work, { recursive: true });
    // Write back what this run left dirty, so the next run does not pay.
    await new Deno.Command("sync").output();
  }
}

function describe(timing: Timing): string {
  const rss = timing.peakRssKib === undefined
    ? ""
    : `, peak RSS ${Math.round(timing.peakRssKib / 1024)} MiB`;
  return `${(timing.ms / 1000).toFixed(2)} s${rss}`;
}
