/**
 * main.ts as a process in pipes: a reader that goes away early, a closed
 * stdout, stdin or a pipe that ends early, and SIGINT while it waits for
 * input that never comes. Nothing here times anything: a run that does not
 * end is killed after a generous guard and fails the test.
 */

import assert from "@std/assert";
import { writeImage } from "../fixtures/image_builder.ts";
import { dir, file } from "../fixtures/tar_builder.ts";
import { tempDir } from "./cli_harness.ts";

const main = new URL("../../main.ts", import.meta.url).pathname;
const decoder = new TextDecoder();
const GUARD_MS = 60_000;

/** A small image and one with 5,000 more files, whose JSON diff is megabytes. */
async function writePair(): Promise<{ a: string; b: string }> {
  const directory = await tempDir();
  const a = `${directory}/a.tar`;
  const b = `${directory}/b.tar`;
  await writeImage(a, "docker-save", { layers: [[dir("etc")]] });
  await writeImage(b, "docker-save", {
    layers: [[
      dir("etc"),
      ...Array.from(
        { length: 5000 },
        (_, i) => file(`data/file-${i}.txt`, `content ${i}`),
      ),
    ]],
  });
  return { a, b };
}

/** Runs a bash command line; returns its stdout and stderr. */
async function bash(
  script: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command("bash", {
    args: ["-c", script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

const layerdiff = `'${Deno.execPath()}' run --allow-read '${main}'`;

/** Waits for a child, killing it (and failing) if it never ends. */
async function statusOf(child: Deno.ChildProcess): Promise<Deno.CommandStatus> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<"hung">((resolve) => {
    timer = setTimeout(() => resolve("hung"), GUARD_MS);
  });
  const status = await Promise.race([child.status, guard]);
  clearTimeout(timer);
  if (status === "hung") {
    child.kill("SIGKILL");
    await child.status;
    throw new Error("layerdiff did not end");
  }
  return status;
}

Deno.test("main.ts --json | head -1 ends quietly when the reader goes away mid-report", async () => {
  const { a, b } = await writePair();
  const result = await bash(
    `${layerdiff} '${a}' '${b}' --json | head -1; echo "exit \${PIPESTATUS[0]}"`,
  );
  assert.equal(result.stderr, "");
  assert.equal(result.stdout, "{\nexit 0\n");
  const size = await bash(`${layerdiff} '${a}' '${b}' --json | wc -c`);
  assert.ok(Number(size.stdout) > 1 << 20, "more than a pipe buffer");
});

Deno.test("main.ts ends quietly with its stdout closed", async () => {
  const { a, b } = await writePair();
  for (const format of ["--json", "--format=table"]) {
    const result = await bash(
      `${layerdiff} '${a}' '${b}' ${format} >&-; echo "exit $?"`,
    );
    assert.equal(result.stderr, "");
    assert.equal(result.stdout, "exit 0\n");
  }
});

Deno.test("main.ts reads an archive from a pipe, and fails on one that ends early", async () => {
  const { a, b } = await writePair();
  const whole = await bash(
    `${layerdiff} '${a}' <(cat '${b}') --json | tail -c 2; echo "exit \${PIPESTATUS[0]}"`,
  );
  assert.equal(whole.stderr, "");
  assert.equal(whole.stdout, "}\nexit 0\n");
  const cut = await bash(`${layerdiff} '${a}' <(head -c 70000 '${b}')`);
  assert.equal(cut.code, 2);
  assert.equal(cut.stdout, "");
  assert.match(
    cut.stderr,
    /^layerdiff: \/dev\/fd\/\d+: entry "[^"]+": offset 70000: unexpected end of data\n$/,
  );
});

Deno.test("main.ts fails on stdin that ends early instead of waiting", async () => {
  const { a, b } = await writePair();
  const bytes = await Deno.readFile(b);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", main, a, "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(bytes.subarray(0, 100_000));
  await writer.close();
  const output = await child.output();
  assert.equal(output.code, 2);
  assert.equal(decoder.decode(output.stdout), "");
  assert.match(
    decoder.decode(output.stderr),
    /^layerdiff: -: entry "[^"]+": offset 100000: unexpected end of data\n$/,
  );
});

Deno.test("main.ts stops on SIGINT while stdin never ends", async () => {
  const { a, b } = await writePair();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", main, a, "-"],
    stdin: "piped",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const writer = child.stdin.getWriter();
  // Part of an archive, then nothing: layerdiff waits for the rest. The
  // write outgrows the pipe buffer, so it returns once layerdiff is reading.
  await writer.write((await Deno.readFile(b)).subarray(0, 100_000));
  child.kill("SIGINT");
  const status = await statusOf(child);
  assert.ok(!status.success);
  assert.equal(status.signal, "SIGINT");
  await writer.close().catch(() => {});
});

Deno.test("main.ts stops on SIGINT while it reads a FIFO that is written slowly", async () => {
  const { a, b } = await writePair();
  const fifo = `${await tempDir()}/slow.fifo`;
  const mkfifo = await new Deno.Command("mkfifo", { args: [fifo] }).output();
  assert.ok(mkfifo.success);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", main, a, fifo],
    stdout: "null",
    stderr: "null",
  }).spawn();
  // Opening the FIFO for writing waits until layerdiff opened it to read.
  const writer = await Deno.open(fifo, { write: true });
  await writer.write((await Deno.readFile(b)).subarray(0, 50_000));
  child.kill("SIGINT");
  const status = await statusOf(child);
  assert.ok(!status.success);
  assert.equal(status.signal, "SIGINT");
  writer.close();
});
