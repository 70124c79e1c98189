import assert from "@std/assert";
import { layerdiff } from "../fixtures/cli_run.ts";
import { marked, type Token } from "marked";
import { writeBloatedPair } from "../fixtures/bloated_images.ts";

Deno.test("layerdiff inspect prints one image's layers, bloat, directories and largest files", async () => {
  const { after } = await writeBloatedPair(await Deno.makeTempDir());
  const result = await layerdiff(["inspect", after]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, "");
  for (
    const title of [
      "Layers\n",
      "Bloat\n",
      "Size by directory (depth 3)\n",
      "Largest files\n",
    ]
  ) {
    assert.ok(result.stdout.includes(title), title);
  }
  assert.match(result.stdout, /efficiency \(dive\) +44\.33%/);
  assert.match(
    result.stdout,
    /20\.0 kB +layer 1,2 → 2,3 +replaced +\/big\.bin/,
  );
});

Deno.test("layerdiff inspect --json gives the exact figures, and --section trims them", async () => {
  const { after } = await writeBloatedPair(await Deno.makeTempDir());
  const result = await layerdiff(["inspect", after, "--json", "--top", "1"]);
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.equal(json.schemaVersion, 1);
  assert.equal(json.image.reference, "app:after");
  assert.equal(json.report.bloat.wastedBytes, 28100);
  assert.equal(json.report.bloat.reclaimableBytes, 18100);
  assert.equal(json.report.bloat.dive.wastedBytes, 37000);
  assert.deepEqual(json.report.topFiles.map((f: { path: string }) => f.path), [
    "/big.bin",
  ]);
  const layersOnly = JSON.parse(
    (await layerdiff(["inspect", after, "--json", "--section", "layers"]))
      .stdout,
  );
  assert.deepEqual(Object.keys(layersOnly.report), ["sections", "layers"]);
});

Deno.test("layerdiff inspect reads the image from stdin and writes Markdown", async () => {
  const { after } = await writeBloatedPair(
    await Deno.makeTempDir(),
    "docker-save-oci",
  );
  const stdin = (await Deno.open(after)).readable;
  const result = await layerdiff(["inspect", "-", "--format", "markdown"], {
    stdin,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.stdout.startsWith("### layerdiff inspect: `app:after`\n"));
  const tables = (marked.lexer(result.stdout) as Token[])
    .filter((token) => token.type === "table");
  assert.equal(tables.length, 6);
});

Deno.test("layerdiff inspect names the file on bad input and exits 2", async () => {
  const result = await layerdiff(["inspect", "/nonexistent/image.tar"]);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /^layerdiff: .*image\.tar.*\n$/);
});

Deno.test("layerdiff inspect shows a progress line on a terminal's stderr and erases it before the report", async () => {
  const { after } = await writeBloatedPair(await Deno.makeTempDir());
  const result = await layerdiff(["inspect", after], {
    stderrIsTerminal: true,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.stderr.startsWith("\r\x1b[Kreading "), result.stderr);
  assert.match(result.stderr, /after\.tar: layer 1\/\d/);
  assert.ok(result.stderr.endsWith("\r\x1b[K"));
  const quiet = await layerdiff(["inspect", after]);
  assert.equal(quiet.stderr, "");
  assert.equal(result.stdout, quiet.stdout);
});

Deno.test("layerdiff inspect erases its progress line when the image is bad", async () => {
  const directory = await Deno.makeTempDir();
  const { after } = await writeBloatedPair(directory);
  const bad = `${directory}/bad.tar`;
  const bytes = await Deno.readFile(after);
  // A flipped content byte in a layer: reading that layer fails.
  bytes[new TextDecoder("latin1").decode(bytes).indexOf("dddddddd")] ^= 1;
  await Deno.writeFile(bad, bytes);
  const result = await layerdiff(["inspect", bad], { stderrIsTerminal: true });
  assert.equal(result.code, 2);
  assert.equal(result.stdout, "");
  assert.ok(result.stderr.startsWith("\r\x1b[Kreading "), result.stderr);
  assert.ok(result.stderr.includes("\r\x1b[Klayerdiff: "), "erased first");
  assert.match(result.stderr, /layerdiff: [^\n]*bad\.tar: [^\n]*\n$/);
});
