/**
 * The Markdown that `layerdiff check` writes (stdout, --markdown-file, the
 * GitHub step summary) read back with a Markdown parser: the verdict table
 * has its four columns and one row per rule, hostile names stay inside
 * their cells, and verdict plus report fit in one pull-request comment.
 */
import assert from "@std/assert";
import { marked, type Token, type Tokens } from "marked";
import { writeImage } from "../fixtures/image_builder.ts";
import { file } from "../fixtures/tar_builder.ts";
import { layerdiff } from "../reliability/cli_harness.ts";

const GITHUB_COMMENT_LIMIT = 65_536;

/** Every table in the text, in order. */
function tables(text: string): Tokens.Table[] {
  const found: Tokens.Table[] = [];
  marked.walkTokens(marked.lexer(text) as Token[], (token) => {
    if (token.type === "table") found.push(token as Tokens.Table);
  });
  return found;
}

const cellText = (table: Tokens.Table) => ({
  header: table.header.map((cell) => cell.text),
  rows: table.rows.map((row) => row.map((cell) => cell.text)),
});

const dir = await Deno.makeTempDir();
const hostile = "app/x|y*z_`w`<b>.env";
const base = `${dir}/base.tar`, head = `${dir}/head.tar`;
await writeImage(base, "oci-archive", {
  layers: [{ entries: [file("app/a", "a")], createdBy: "ADD a /" }],
});
await writeImage(head, "oci-archive", {
  layers: [
    { entries: [file("app/a", "a")], createdBy: "ADD a /" },
    { entries: [file(hostile, "TOKEN=1\n")], createdBy: "COPY . /app" },
  ],
});

Deno.test("layerdiff check --format markdown writes a verdict table a Markdown parser reads: four columns, one row per rule", async () => {
  const result = await layerdiff([
    "check",
    head,
    "--base",
    base,
    "--max-layers",
    "1",
    "--max-size",
    "1GB",
    "--deny",
    "*.env",
    "--format",
    "markdown",
  ]);
  assert.equal(result.code, 1, result.stderr);
  const [verdict] = tables(result.stdout).map(cellText);
  assert.deepEqual(verdict.header, ["Result", "Rule", "Measured", "Limit"]);
  assert.deepEqual(
    verdict.rows.map((row) => [row.length, row[1]]),
    [[4, "`max-size`"], [4, "`max-layers`"], [4, "`deny`"]],
  );
  for (const table of tables(result.stdout)) {
    for (const row of table.rows) {
      assert.equal(row.length, table.header.length, JSON.stringify(row));
    }
  }
  const html = marked.parse(result.stdout) as string;
  assert.ok(!html.includes("<b>"), "a file name never becomes HTML");
});

Deno.test("layerdiff check --markdown-file holds the same verdict and report as stdout", async () => {
  const path = `${dir}/report.md`;
  const result = await layerdiff([
    "check",
    head,
    "--base",
    base,
    "--max-layers",
    "1",
    "--format",
    "markdown",
    "--markdown-file",
    path,
  ]);
  assert.equal(result.code, 1, result.stderr);
  assert.equal(await Deno.readTextFile(path), result.stdout);
});

Deno.test("layerdiff check keeps verdict and report under GitHub's comment limit on a diff of thousands of files", async () => {
  const many = (fill: string) =>
    Array.from(
      { length: 4000 },
      (_, i) => file(`usr/share/doc/package-${i % 40}/file-${i}.txt`, fill),
    );
  const a = `${dir}/many-a.tar`, b = `${dir}/many-b.tar`;
  await writeImage(a, "docker-save", { layers: [many("old")] });
  await writeImage(b, "docker-save", { layers: [many("newer")] });
  const result = await layerdiff([
    "check",
    b,
    "--base",
    a,
    "--max-size",
    "1B",
    "--format",
    "markdown",
  ]);
  assert.equal(result.code, 1, result.stderr);
  assert.ok(
    result.stdout.length <= GITHUB_COMMENT_LIMIT,
    `${result.stdout.length} characters`,
  );
  assert.match(result.stdout, /^### ❌ layerdiff check failed: 1 of 1 rule\n/);
  assert.match(result.stdout, /_\d+ more changes not shown/);
  const [verdict] = tables(result.stdout).map(cellText);
  assert.deepEqual(verdict.rows.map((row) => row[1]), ["`max-size`"]);
  assert.equal(
    (result.stdout.match(/<details>/g) ?? []).length,
    (result.stdout.match(/<\/details>/g) ?? []).length,
  );
});
