/**
 * `diffContent()` at the `--content` cap: two 256 KiB texts of config-like
 * lines (~7,500) with a few scattered edits, with every line different (the
 * jsdiff search gives up at 1,000 edits and one replace hunk is made), and
 * one 256 KiB line (minified-file shape) with one byte changed. The
 * baseline diffs the text with itself: decoding and splitting alone.
 *
 * Run: deno bench --allow-all bench/content_diff_bench.ts
 */

import { diffContent } from "../mod/analyze/content_diff.ts";

const CAP = 256 * 1024;
const enc = new TextEncoder();

const lines: string[] = [];
for (let size = 0, i = 0;; i++) {
  const line = `option.${i % 97}.key${i} = value-${i * 7919 % 10007} # note\n`;
  if (size + line.length > CAP) break;
  lines.push(line);
  size += line.length;
}
const base = enc.encode(lines.join(""));
const scattered = enc.encode(
  lines.map((line, i) => i % 500 === 250 ? line.replace("=", ":=") : line)
    .join(""),
);
const everyLine = enc.encode(lines.map((line) => `#${line}`).join(""));
const longA = enc.encode(
  Array.from({ length: CAP }, (_, i) => "abcdefghij;{}()"[i * 31 % 15]).join(
    "",
  ),
);
const longB = longA.slice();
longB[CAP / 2] = 0x2b; // "+"

function bench(name: string, a: Uint8Array, b: Uint8Array, baseline = false) {
  Deno.bench({
    name,
    group: "content",
    baseline,
    n: 60,
    warmup: 10,
    fn() {
      if (diffContent(a, b).kind !== "text") throw new Error("not text");
    },
  });
}

bench(`identical, ${lines.length} lines (baseline)`, base, base, true);
bench("15 scattered edits", base, scattered);
bench(`every one of ${lines.length} lines different`, base, everyLine);
bench("one 256 KiB line, one byte changed", longA, longB);
