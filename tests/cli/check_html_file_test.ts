/**
 * `layerdiff check --html-file FILE`: the HTML page of the checked images
 * (the diff page with --base, the inspect page without), the verdict in its
 * header, written beside the usual output, which it leaves unchanged.
 */
import assert from "@std/assert";
import type { PageData } from "../../mod/render/html/page_data.ts";
import { layerdiff } from "../fixtures/cli_run.ts";
import { writeDemoPair } from "../fixtures/demo_images.ts";
import { assertOneErrorLine } from "../reliability/cli_harness.ts";

const dir = await Deno.makeTempDir();
const { a: base, b: head } = await writeDemoPair(dir);

/** The page's embedded data, parsed. */
function dataOf(html: string): PageData {
  const match = html.match(
    /<script type="application\/json" id="layerdiff-data">(.*?)<\/script>/s,
  );
  assert.ok(match, "the page embeds its data");
  return JSON.parse(match![1]);
}

/** The verdict section of the page's header. */
function verdictOf(html: string): string {
  const match = html.match(
    /<section class="verdict (pass|fail)"[^>]*data-testid="verdict">[\s\S]*?<\/section>/,
  );
  assert.ok(match, "the page shows the verdict");
  return match![0];
}

Deno.test("layerdiff check --html-file with --base writes the diff page of base → head, the failed verdict in its header", async () => {
  const path = `${dir}/diff.html`;
  const flags = ["check", head, "--base", base, "--max-layers", "1"];
  const without = await layerdiff(flags);
  const result = await layerdiff([...flags, "--html-file", path]);
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stdout, without.stdout, "stdout is unchanged");
  assert.equal(result.stderr, "");
  const html = await Deno.readTextFile(path);
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(html, /<\/html>\n$/);
  assert.match(html, /<title>layerdiff check: demo:v1 → demo:v2<\/title>/);
  assert.match(html, /<caption>Images compared<\/caption>/);
  const verdict = verdictOf(html);
  assert.match(verdict, /class="verdict fail"/);
  assert.match(verdict, /<strong>FAIL<\/strong> failed: 1 of 1 rule/);
  assert.match(
    verdict,
    /<li class="rule fail"><strong>FAIL<\/strong> [^<]*layers/,
  );
  const data = dataOf(html);
  assert.equal(data.kind, "diff");
  assert.equal(data.partial, false, "the treemaps have the whole tree");
  assert.ok(data.changes.length > 0, "the change tree has the changes");
});

Deno.test("layerdiff check --html-file without --base writes the inspect page of the image, the passed verdict in its header", async () => {
  const path = `${dir}/inspect.html`;
  const result = await layerdiff([
    "check",
    head,
    "--max-layers",
    "9",
    "--html-file",
    path,
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^layerdiff check: /);
  const html = await Deno.readTextFile(path);
  assert.match(html, /^<!DOCTYPE html>\n/);
  assert.match(html, /<title>layerdiff check: demo:v2<\/title>/);
  assert.match(html, /<caption>Image<\/caption>/);
  const verdict = verdictOf(html);
  assert.match(verdict, /class="verdict pass"/);
  assert.match(verdict, /<li class="rule pass"><strong>PASS<\/strong> /);
  const data = dataOf(html);
  assert.equal(data.kind, "inspect");
  assert.equal(data.partial, false, "the treemap has the whole tree");
});

Deno.test("layerdiff check --html-file goes with --markdown-file and --json, each output whole", async () => {
  const page = `${dir}/both.html`, markdown = `${dir}/both.md`;
  const result = await layerdiff([
    "check",
    head,
    "--base",
    base,
    "--max-layers",
    "9",
    "--json",
    "--markdown-file",
    markdown,
    "--html-file",
    page,
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).passed, true);
  assert.match(
    await Deno.readTextFile(markdown),
    /^### ✅ layerdiff check passed/,
  );
  assert.match(verdictOf(await Deno.readTextFile(page)), /verdict pass/);
});

Deno.test("layerdiff check --html-file that cannot be written exits 2 with one stderr line naming the file", async () => {
  const path = `${dir}/no/such/dir/page.html`;
  for (const budget of [["--max-layers", "1"], ["--max-layers", "9"]]) {
    const result = await layerdiff([
      "check",
      head,
      "--base",
      base,
      ...budget,
      "--html-file",
      path,
    ]);
    const line = assertOneErrorLine(result);
    assert.ok(
      line.startsWith(`layerdiff: ${path}: cannot write the HTML page: `),
      line,
    );
  }
});

Deno.test("layerdiff check --help lists --html-file", async () => {
  const help = await layerdiff(["check", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--html-file <file>/);
});
