/**
 * Benchmark results: the measurements of each contender on each pair and
 * form, their medians, the ratios the issue tracks, and a Markdown table
 * that can go into the README as is.
 */
import type { ContenderKey } from "./contenders.ts";

/** The measurements of one contender on one row. */
export interface Measured {
  /** Wall-clock times of the counted runs, in order. */
  runsMs: number[];
  medianMs: number;
  /** Largest peak RSS over the runs, in KiB, when measured. */
  peakRssKib?: number;
  /** Why there is no measurement ("not available: …", or the error). */
  missing?: string;
}

/** One pair in one archive form. */
export interface ResultRow {
  pair: string;
  form: string;
  /** Bytes of the two archives. */
  bytes: number;
  measured: Partial<Record<ContenderKey, Measured>>;
  /**
   * layerdiff's median divided by each baseline's median; for the warm
   * cache runs the other way round, their median over the cold run's (the
   * share of the cold run they take).
   */
  ratios: Partial<Record<Exclude<ContenderKey, "layerdiff">, number>>;
}

/** The median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Summarises runs; `missing` when there are none. */
export function measured(
  runs: { ms: number; peakRssKib?: number }[],
  missing?: string,
): Measured {
  if (runs.length === 0) return { runsMs: [], medianMs: NaN, missing };
  const rss = runs.flatMap((run) => run.peakRssKib ?? []);
  return {
    runsMs: runs.map((run) => Math.round(run.ms)),
    medianMs: Math.round(median(runs.map((run) => run.ms))),
    ...(rss.length > 0 ? { peakRssKib: Math.max(...rss) } : {}),
  };
}

/** layerdiff's median over each other contender's, to two decimals. */
export function ratiosOf(row: Omit<ResultRow, "ratios">): ResultRow["ratios"] {
  const ours = row.measured.layerdiff?.medianMs ?? NaN;
  const ratios: ResultRow["ratios"] = {};
  for (
    const key of [
      "noPackages",
      "uniqueFloor",
      "fullFloor",
      "alternative",
    ] as const
  ) {
    const theirs = row.measured[key]?.medianMs ?? NaN;
    const ratio = ours / theirs;
    if (Number.isFinite(ratio)) ratios[key] = Math.round(ratio * 100) / 100;
  }
  for (const key of ["warmA", "warmBoth"] as const) {
    const ratio = (row.measured[key]?.medianMs ?? NaN) / ours;
    if (Number.isFinite(ratio)) ratios[key] = Math.round(ratio * 100) / 100;
  }
  return ratios;
}

/** The results as a Markdown table (times are medians in seconds). */
export function markdownTable(rows: ResultRow[]): string {
  const seconds = (m?: Measured) =>
    !m || m.missing ? "n/a" : (m.medianMs / 1000).toFixed(2);
  const ratio = (r?: number) => r === undefined ? "n/a" : `${r.toFixed(2)} ×`;
  const lines = [
    "| pair | form | size | layerdiff (s) | peak RSS | A cached (s) | both cached (s) | without packages (s) | unique floor (s) | full floor (s) | unpack + diff (s) | A cached ÷ cold | both cached ÷ cold | ÷ without packages | ÷ unique floor | ÷ full floor | ÷ unpack + diff |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const row of rows) {
    const ours = row.measured.layerdiff;
    const rss = ours?.peakRssKib === undefined
      ? "n/a"
      : `${Math.round(ours.peakRssKib / 1024)} MiB`;
    lines.push(
      `| ${row.pair} | ${row.form} | ${(row.bytes / 1e6).toFixed(0)} MB | ${
        seconds(ours)
      } | ${rss} | ${seconds(row.measured.warmA)} | ${
        seconds(row.measured.warmBoth)
      } | ${seconds(row.measured.noPackages)} | ${
        seconds(row.measured.uniqueFloor)
      } | ${seconds(row.measured.fullFloor)} | ${
        seconds(row.measured.alternative)
      } | ${ratio(row.ratios.warmA)} | ${ratio(row.ratios.warmBoth)} | ${
        ratio(row.ratios.noPackages)
      } | ${ratio(row.ratios.uniqueFloor)} | ${ratio(row.ratios.fullFloor)} | ${
        ratio(row.ratios.alternative)
      } |`,
    );
  }
  return lines.join("\n");
}
