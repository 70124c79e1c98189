/**
 * The end-to-end benchmark of issue 5: on each generated image pair and
 * archive form, times layerdiff (`--json > /dev/null`, with its peak RSS;
 * with no layer cache, with one holding A's layers and with one holding
 * both images'; and without the packages section, to price the package scan),
 * the C-tool floor on the same bytes (every layer of both images, and each
 * distinct layer once) and the alternative without layerdiff (skopeo copy,
 * umoci unpack, `diff -rq`). Runs alternate between the contenders after
 * one uncounted warm-up (the slow alternative excepted); the table shows
 * medians and layerdiff's ratios to the others. Pairs are generated first
 * when missing or stale (see generate.ts).
 *
 * Run: deno run --allow-all bench/run.ts [--small] [--runs N] [--pair NAME]
 *      [--no-alternative]
 *
 * Prints a Markdown table and writes bench/out/results.json
 * (bench/out/results-small.json with `--small`). Needs GNU tar, pigz,
 * openssl and GNU time (/usr/bin/time); skopeo, umoci and diff for the
 * alternative, which runs as root.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { generatePairs } from "./generate.ts";
import { FORMS } from "./gen/generate_pair.ts";
import {
  alternative,
  type ArchivePair,
  type ContenderKey,
  floor,
  layerdiff,
  layerdiffWarm,
  layerdiffWithoutPackages,
} from "./measure/contenders.ts";
import { describeMachine } from "./measure/machine.ts";
import { measureContenders } from "./measure/measure_contenders.ts";
import { markdownTable, ratiosOf, type ResultRow } from "./measure/results.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const OUT = new URL("./out/", import.meta.url).pathname;
const SCRATCH = `${OUT}scratch`;
const log = (line: string) => console.error(line);

const { values } = parseArgs({
  options: {
    small: { type: "boolean" },
    runs: { type: "string", default: "5" },
    pair: { type: "string", multiple: true },
    "no-alternative": { type: "boolean" },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  throw new Error(`--runs wants a positive integer, got ${values.runs}`);
}

const skip = new Map<ContenderKey, string>();
if (!await Deno.stat(`${ROOT}main.ts`).catch(() => undefined)) {
  skip.set("layerdiff", "not available: main.ts not found");
}
if (values["no-alternative"]) skip.set("alternative", "not run");

// Scratch folders of runs that were interrupted.
await Deno.remove(SCRATCH, { recursive: true }).catch(() => {});
await Deno.mkdir(SCRATCH, { recursive: true });
const pairs = await generatePairs({
  small: values.small,
  pairs: values.pair,
  log,
});
const rows: ResultRow[] = [];
for (const pair of pairs) {
  for (const form of FORMS) {
    const archives: ArchivePair = pair.archives[form];
    const transport = form === "docker-save" ? "docker-archive" : form;
    const measured = await measureContenders([
      layerdiff(archives),
      layerdiffWarm(archives, { both: false }),
      layerdiffWarm(archives, { both: true }),
      layerdiffWithoutPackages(archives),
      floor(archives, { unique: true }),
      floor(archives, { unique: false }),
      alternative(archives, { transport }),
    ], {
      runs,
      cwd: ROOT,
      scratch: SCRATCH,
      skip,
      noWarmup: ["alternative"],
      log: (line) => log(`${pair.name} ${form} ${line}`),
    });
    const row = {
      pair: pair.name,
      form,
      bytes: archives.a.size + archives.b.size,
      measured,
    };
    rows.push({ ...row, ratios: ratiosOf(row) });
  }
}

await Deno.remove(SCRATCH, { recursive: true });

const table = markdownTable(rows);
console.log(table);
const results = {
  date: new Date().toISOString(),
  scale: values.small ? "small" : "full",
  runs,
  machine: await describeMachine({ repo: ROOT }),
  pairs: pairs.map(({ name, seconds, stats, archives }) => ({
    name,
    generationSeconds: seconds,
    stats,
    archiveBytes: Object.fromEntries(
      FORMS.map((f) => [f, { a: archives[f].a.size, b: archives[f].b.size }]),
    ),
  })),
  rows,
  table,
};
const path = `${OUT}results${values.small ? "-small" : ""}.json`;
await Deno.writeTextFile(path, JSON.stringify(results, null, 2) + "\n");
log(`wrote ${path}`);
