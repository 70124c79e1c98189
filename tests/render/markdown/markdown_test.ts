import assert from "@std/assert";
import { marked, type Token, type Tokens } from "marked";
import { buildInspectReport } from "../../../mod/analyze/inspect_report.ts";
import { buildDiffReport } from "../../../mod/analyze/report.ts";
import {
  COMMENT_LIMIT,
  renderMarkdown,
} from "../../../mod/render/markdown/markdown.ts";
import {
  dir,
  file,
  sampleImage,
  samplePair,
} from "../../fixtures/sample_images.ts";
import { assertSnapshot } from "../../fixtures/snapshot.ts";

/** The tables of a Markdown text, each with the heading above it. */
function tables(text: string): { heading: string; table: Tokens.Table }[] {
  const found: { heading: string; table: Tokens.Table }[] = [];
  let heading = "";
  for (const token of marked.lexer(text) as Token[]) {
    if (token.type === "heading") heading = (token as Tokens.Heading).text;
    if (token.type === "table") {
      found.push({ heading, table: token as Tokens.Table });
    }
  }
  return found;
}

const headerOf = (table: Tokens.Table) => table.header.map((cell) => cell.text);

/** A pair whose diff has `count` changed files with long paths. */
function bigPair(count: number) {
  const path = (i: number) =>
    `/usr/share/app/assets/${"deep/".repeat(8)}file-${
      String(i).padStart(5, "0")
    }.js`;
  const a = sampleImage([{
    entries: Array.from(
      { length: count },
      (_, i) => file(path(i), { size: 100 }),
    ),
  }]);
  const b = sampleImage([{
    entries: Array.from(
      { length: count },
      (_, i) => file(path(i), { size: 150, digest: `sha256:v2-${i}` }),
    ),
  }]);
  return buildDiffReport(a, b);
}

/** An image with one group of `count` files of the same content. */
function duplicatesImage(count: number) {
  return sampleImage([{
    entries: Array.from(
      { length: count },
      (_, i) => file(`/d/f${i}`, { size: 4, digest: "sha256:same" }),
    ),
  }]);
}

/** The columns of a per-layer table when the other image is in the report. */
const LAYER_COLUMNS = [
  "#",
  "Size",
  "Compressed",
  "Added",
  "Modified",
  "Removed",
  "Bytes added",
  "Wasted",
  "Shared",
  "Created by",
];

Deno.test("renderMarkdown() writes a pull-request comment for a diff", async (t) => {
  await assertSnapshot(t, renderMarkdown(buildDiffReport(...samplePair())));
});

Deno.test("renderMarkdown() writes a comment for an inspected image", async (t) => {
  const [, b] = samplePair();
  await assertSnapshot(t, renderMarkdown(buildInspectReport(b)));
});

Deno.test("renderMarkdown() tables parse with the right columns", () => {
  const text = renderMarkdown(buildDiffReport(...samplePair()));
  const found = tables(text);
  assert.deepEqual(
    found.map(({ heading, table }) => [heading, headerOf(table)]),
    [
      ["Layers of B", LAYER_COLUMNS],
      ["Layers of A", LAYER_COLUMNS],
      ["Bloat", ["", "A", "B"]],
      ["Bloat", [
        "Wasted path in B",
        "Bytes",
        "Stored in layer",
        "Hidden by layer",
      ]],
      ["Size by directory (depth 3)", [
        "Directory",
        "Net",
        "Added",
        "Removed",
        "Files",
      ]],
      ["Largest added and grown files", [
        "File",
        "Delta",
        "Before",
        "After",
        "Layer",
      ]],
      ["Changes", [
        "",
        "Path",
        "Type",
        "Before",
        "After",
        "Fields",
        "Layer",
      ]],
    ],
  );
  for (const { table } of found) {
    for (const row of table.rows) assert.equal(row.length, table.header.length);
  }
  const changes = found[found.length - 1].table;
  assert.equal(changes.rows.length, 15);
  assert.ok(text.includes("<details>\n<summary>All 15 changes</summary>\n\n"));
  assert.ok(text.endsWith("\n</details>\n"));
});

Deno.test("renderMarkdown() keeps hostile names and commands inert: no raw control bytes, no broken table, no HTML", () => {
  const a = sampleImage([{ entries: [dir("/app")] }], { reference: "x" });
  const b = sampleImage([{
    createdBy: "RUN echo 'a | b' && printf '`<script>`\n'",
    entries: [
      dir("/app"),
      file("/app/a|b`c", { size: 3 }),
      file("/app/<img src=x onerror=alert(1)>", { size: 2 }),
      file("/app/evil\x1b[2J\udcff", { size: 1 }),
    ],
  }], { reference: "evil|`ref`" });
  const text = renderMarkdown(buildDiffReport(a, b));
  assert.ok(!text.includes("\x1b"));
  assert.ok(!/[\ud800-\udfff]/u.test(text), "no lone surrogate");
  for (const { table } of tables(text)) {
    for (const row of table.rows) assert.equal(row.length, table.header.length);
  }
  const html = marked.parse(text) as string;
  assert.ok(!html.includes("<img"), "no HTML from a file name");
  assert.ok(!html.includes("<script>"), "no HTML from a command");
  assert.ok(html.includes("<code>/app/a|b`c</code>"));
  assert.ok(html.includes("RUN echo &#39;a | b&#39; &amp;&amp; printf"));
});

Deno.test("renderMarkdown() stays under GitHub's comment limit on a diff of thousands of files and says how many rows it left out", () => {
  const report = bigPair(5000);
  const text = renderMarkdown(report);
  assert.ok(text.length <= COMMENT_LIMIT, `${text.length} characters`);
  const shown = tables(text).at(-1)!.table.rows.length;
  const left = Number(/_(\d+) more changes not shown/.exec(text)?.[1]);
  assert.ok(shown > 100, `${shown} rows shown`);
  assert.equal(shown + left, report.changes.length);
  assert.ok(text.endsWith("\n</details>\n"));
  assert.ok(text.includes("`layerdiff --json` lists them all"));
});

Deno.test("renderMarkdown() honours a smaller limit, shortening commands before giving up rows", () => {
  const report = bigPair(50);
  for (const maxLength of [4000, 2500, 1200, 400]) {
    const text = renderMarkdown(report, { maxLength });
    assert.ok(text.length <= maxLength, `${text.length} > ${maxLength}`);
  }
  const whole = renderMarkdown(report);
  assert.ok(!whole.includes("more changes not shown"));
  assert.equal(tables(whole).at(-1)!.table.rows.length, 50);
});

Deno.test("renderMarkdown() lists three paths of a large duplicate group and counts the rest, keeping every section", () => {
  const text = renderMarkdown(buildInspectReport(duplicatesImage(6000)));
  assert.ok(text.length < 10_000, `${text.length} characters`);
  const group = tables(text).find(({ table }) =>
    headerOf(table)[0] === "Duplicate content"
  )?.table;
  assert.deepEqual(group?.rows.map((row) => [row[0].text, row[2].text]), [[
    "`/d/f0`<br>`/d/f1`<br>`/d/f10`<br>and 5997 more",
    "6000 × 4 B",
  ]]);
  assert.ok(text.includes("Size by directory"));
  assert.ok(text.includes("Largest files"));
});
