import assert from "@std/assert";
import { marked } from "marked";
import {
  codeSpan,
  markdownRow,
  markdownTable,
} from "../../../mod/render/markdown/markdown_text.ts";

const rendered = (markdown: string) => (marked.parseInline(markdown) as string);

Deno.test("codeSpan() fences text longer than any backtick run inside it", () => {
  assert.equal(codeSpan("plain"), "`plain`");
  assert.equal(codeSpan("a`b"), "``a`b``");
  assert.equal(codeSpan("``x"), "``` ``x ```");
  assert.equal(rendered(codeSpan("a`b")), "<code>a`b</code>");
  assert.equal(rendered(codeSpan("``x")), "<code>``x</code>");
});

Deno.test("codeSpan() handles a name of 300,000 backtick runs", () => {
  const name = "a`".repeat(300_000) + "a``b";
  assert.ok(codeSpan(name) === "```" + name + "```", "fenced by three");
});

Deno.test("codeSpan() escapes pipes for tables and control bytes as a terminal would", () => {
  assert.equal(codeSpan("a|b"), "`a\\|b`");
  assert.equal(codeSpan("line\nbreak\x1b"), "`line\\x0abreak\\x1b`");
  assert.equal(codeSpan("bad\udcff"), "`bad\\xff`");
  assert.equal(codeSpan(" "), "`   `");
});

Deno.test("markdownTable() writes a GFM table with its alignment row", () => {
  assert.deepEqual(
    markdownTable(["a", "b"], [["1", "2"]], ["left", "right"]),
    ["| a | b |", "| --- | ---: |", "| 1 | 2 |"],
  );
  assert.equal(markdownRow(["x", ""]), "| x |  |");
});
