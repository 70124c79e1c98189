/**
 * What a user sees for layers whose config history is missing, shorter than
 * the layer list, or full of empty_layer steps: "unknown" on a terminal and
 * in Markdown, `null` in JSON, and never the step of another layer.
 */
import assert from "@std/assert";
import { type Json, ociParts, tarOf } from "../fixtures/archive_parts.ts";
import { file } from "../fixtures/tar_builder.ts";
import { layerdiff, tempDir } from "../reliability/cli_harness.ts";

const layers = [[file("a", "1")], [file("b", "22")], [file("c", "333")]];

/** Writes a three-layer OCI archive whose config history is `history` (absent when undefined). */
async function writeWithHistory(
  name: string,
  history: Json[] | undefined,
): Promise<string> {
  const parts = ociParts(layers, {
    config: (config) => {
      if (history === undefined) delete config.history;
      else config.history = history;
    },
  });
  const path = `${await tempDir()}/${name}.tar`;
  await Deno.writeFile(path, tarOf(parts.members));
  return path;
}

const createdBy = (json: { layers: { createdBy: string | null }[] }) =>
  json.layers.map((layer) => layer.createdBy);

Deno.test("layerdiff inspect says unknown for every layer of an image without history, and null in JSON", async () => {
  const path = await writeWithHistory("no-history", undefined);
  const json = await layerdiff(["inspect", path, "--json"]);
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout);
  assert.deepEqual(createdBy(report.image), [null, null, null]);
  assert.deepEqual(
    report.report.layers.map((l: { createdBy: string | null }) => l.createdBy),
    [null, null, null],
  );

  const table = await layerdiff(["inspect", path, "--section", "layers"]);
  assert.equal(table.code, 0, table.stderr);
  const rows = table.stdout.split("\n").filter((line) => /^\s+\d\s/.test(line));
  assert.equal(rows.length, 3);
  for (const row of rows) assert.ok(row.trimEnd().endsWith("unknown"), row);

  const markdown = await layerdiff([
    "inspect",
    path,
    "--format",
    "markdown",
    "--section",
    "layers",
  ]);
  assert.equal(markdown.code, 0, markdown.stderr);
  const cells = markdown.stdout.split("\n").filter((line) =>
    /^\| \d \|/.test(line)
  );
  assert.equal(cells.length, 3);
  for (const row of cells) assert.ok(row.endsWith("| _unknown_ |"), row);
});

Deno.test("layerdiff diff gives each layer its own step past empty_layer entries and a short history", async () => {
  const a = await writeWithHistory("a", undefined);
  const b = await writeWithHistory("b", [
    { created_by: "FROM scratch", empty_layer: true },
    { created_by: "ADD a /" },
    { created_by: "ENV X=1", empty_layer: true },
    { created: "2024-01-01T00:00:00Z" },
  ]);
  const result = await layerdiff([a, b, "--json"]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(createdBy(report.images.a), [null, null, null]);
  assert.deepEqual(createdBy(report.images.b), ["ADD a /", null, null]);
  assert.deepEqual(
    report.report.layers.b.map((l: { createdBy: string | null }) =>
      l.createdBy
    ),
    ["ADD a /", null, null],
  );
  // The same layers in both images: shared, whatever the history says.
  assert.equal(report.report.sharedLayers.prefix, 3);
});
