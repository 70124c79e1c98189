import assert from "@std/assert";
import type { LayerView } from "../../mod/analyze/layer_views.ts";
import {
  formatBytesOrBlank,
  formatCounts,
  formatGrowth,
  formatPercent,
  listPaths,
  sharedMark,
  shortenCommand,
} from "../../mod/render/format_report.ts";

Deno.test("shortenCommand() drops the shell wrapper and BuildKit's marker and cuts long commands", () => {
  assert.equal(shortenCommand('/bin/sh -c #(nop)  CMD ["app"]'), 'CMD ["app"]');
  assert.equal(
    shortenCommand("/bin/sh -c apt-get update &&     apt-get install -y curl"),
    "RUN apt-get update && apt-get install -y curl",
  );
  assert.equal(
    shortenCommand("|2 VERSION=1 DEBUG= /bin/sh -c make"),
    "RUN make",
  );
  assert.equal(
    shortenCommand("RUN /bin/sh -c make # buildkit"),
    "RUN /bin/sh -c make",
  );
  assert.equal(shortenCommand("COPY . . # buildkit"), "COPY . .");
  assert.equal(shortenCommand(null), "unknown");
  const long = shortenCommand(`RUN ${"x".repeat(100)}`, 20);
  assert.equal(Array.from(long).length, 20);
  assert.ok(long.endsWith("…"));
  assert.equal(
    shortenCommand(`RUN ${"😀".repeat(30)}`, 10),
    `RUN ${"😀".repeat(5)}…`,
  );
  assert.equal(shortenCommand("RUN echo \x1b[2J"), "RUN echo \\x1b[2J");
});

Deno.test("formatGrowth() and formatPercent() give deltas with their percentage", () => {
  assert.equal(formatGrowth(1000, 1500), "+500 B, +50.0%");
  assert.equal(formatGrowth(2000, 1000), "-1.0 kB, -50.0%");
  assert.equal(formatGrowth(0, 10), "+10 B");
  assert.equal(formatPercent(0.81677, 2), "81.68%");
  assert.equal(formatPercent(null), "n/a");
});

Deno.test("sharedMark(), formatCounts() and formatBytesOrBlank() keep the layer columns short", () => {
  const view = { sharedPrefix: false, sharedIndex: 3 } as LayerView;
  assert.equal(sharedMark(view, "A"), "A3");
  assert.equal(sharedMark({ ...view, sharedPrefix: true }, "A"), "base");
  assert.equal(sharedMark({ ...view, sharedIndex: null }, "A"), "");
  assert.equal(
    formatCounts({ added: 3, modified: 1, removed: 2 } as LayerView),
    "+3 ~1 -2",
  );
  assert.equal(formatBytesOrBlank(0), "");
  assert.equal(formatBytesOrBlank(1500), "1.5 kB");
});

Deno.test("listPaths() shows three paths and counts the rest, never hiding just one", () => {
  const paths = (n: number) => Array.from({ length: n }, (_, i) => `/f${i}`);
  const quote = (path: string) => `'${path}'`;
  assert.deepEqual(listPaths(paths(6000), quote), [
    "'/f0'",
    "'/f1'",
    "'/f2'",
    "and 5997 more",
  ]);
  assert.deepEqual(listPaths(paths(4), quote), [
    "'/f0'",
    "'/f1'",
    "'/f2'",
    "'/f3'",
  ]);
  assert.deepEqual(listPaths(paths(2), quote), ["'/f0'", "'/f1'"]);
});
