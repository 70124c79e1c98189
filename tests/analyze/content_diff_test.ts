/**
 * diffContent() and unifiedDiffText() on hand-made configs, on real files of
 * this machine edited in code, and against GNU `diff -u` and GNU `patch` as
 * oracles (diffutils and patch packages).
 */

import assert from "@std/assert";
import { applyPatch } from "diff";
import fc from "fast-check";
import {
  type ContentDiff,
  diffContent,
} from "../../mod/analyze/content_diff.ts";
import { unifiedDiffText } from "../../mod/render/unified_diff.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

function textDiff(
  a: string | Uint8Array,
  b: string | Uint8Array,
  options?: { context?: number },
): ContentDiff & { kind: "text" } {
  const bytes = (x: string | Uint8Array) =>
    typeof x === "string" ? enc.encode(x) : x;
  const diff = diffContent(bytes(a), bytes(b), options);
  assert.equal(diff.kind, "text");
  return diff as ContentDiff & { kind: "text" };
}

async function run(command: string, args: string[]) {
  const out = await new Deno.Command(command, {
    args,
    stdout: "piped",
    stderr: "piped",
    env: { LC_ALL: "C", TZ: "UTC" },
  }).output();
  return { code: out.code, stdout: dec.decode(out.stdout) };
}

async function tool(name: string): Promise<string | undefined> {
  try {
    const { code } = await run(name, ["--version"]);
    return code === 0 ? undefined : `${name} --version failed`;
  } catch {
    return `${name} not installed`;
  }
}

const diffSkip = await tool("diff");
const patchSkip = await tool("patch");
if (diffSkip) console.log(`SKIPPING diff -u oracle tests: ${diffSkip}`);
if (patchSkip) console.log(`SKIPPING GNU patch oracle tests: ${patchSkip}`);

/** `diff -u` of the two texts, without its `---`/`+++` lines (timestamps). */
async function gnuDiffBody(
  a: Uint8Array,
  b: Uint8Array,
  context = 3,
): Promise<string> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/a`, a);
    await Deno.writeFile(`${dir}/b`, b);
    const { code, stdout } = await run("diff", [
      `-U${context}`,
      `${dir}/a`,
      `${dir}/b`,
    ]);
    assert.ok(code === 0 || code === 1, `diff exited ${code}`);
    return stdout.split("\n").slice(2).join("\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Our unified text applied to `a` by GNU patch. */
async function gnuPatch(a: Uint8Array, patchText: string) {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/a`, a);
    await Deno.writeTextFile(`${dir}/p`, patchText);
    const { code } = await run("patch", [
      "-s",
      "-o",
      `${dir}/out`,
      "-i",
      `${dir}/p`,
      `${dir}/a`,
    ]);
    assert.equal(code, 0, "patch rejected our diff");
    return await Deno.readFile(`${dir}/out`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function body(text: string): string {
  return text.split("\n").slice(2).join("\n");
}

const NGINX_V1 = `user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
`;

Deno.test("diffContent() gives the exact hunk of a changed nginx directive", () => {
  const v2 = NGINX_V1.replace(
    "keepalive_timeout  65;",
    "keepalive_timeout  30;",
  );
  const diff = textDiff(NGINX_V1, v2);
  assert.equal(
    unifiedDiffText("/etc/nginx/nginx.conf", diff),
    `--- a/etc/nginx/nginx.conf
+++ b/etc/nginx/nginx.conf
@@ -17,7 +17,7 @@
     sendfile        on;
     #tcp_nopush     on;
 
-    keepalive_timeout  65;
+    keepalive_timeout  30;
 
     #gzip  on;
 
`,
  );
  assert.deepEqual([diff.added, diff.removed], [1, 1]);
});

Deno.test("diffContent() counts added and removed lines over separate hunks", () => {
  const v2 = NGINX_V1
    .replace("user  nginx;\n", "")
    .replace(
      "    #gzip  on;\n",
      "    gzip  on;\n    gzip_types text/css;\n",
    );
  const diff = textDiff(NGINX_V1, v2);
  assert.deepEqual(
    diff.hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines]),
    [[1, 4, 1, 3], [19, 7, 18, 8]],
  );
  assert.deepEqual([diff.added, diff.removed], [2, 2]);
  assert.deepEqual(diff.hunks[1].lines.filter((l) => l[0] !== " "), [
    "-    #gzip  on;",
    "+    gzip  on;",
    "+    gzip_types text/css;",
  ]);
});

Deno.test("diffContent() honours the context option", () => {
  const v2 = NGINX_V1.replace(
    "worker_connections  1024",
    "worker_connections  4096",
  );
  const zero = textDiff(NGINX_V1, v2, { context: 0 });
  assert.deepEqual(zero.hunks, [{
    oldStart: 9,
    oldLines: 1,
    newStart: 9,
    newLines: 1,
    lines: ["-    worker_connections  1024;", "+    worker_connections  4096;"],
  }]);
  assert.equal(textDiff(NGINX_V1, v2, { context: 1 }).hunks[0].lines.length, 4);
});

Deno.test("diffContent() marks a last line without a newline as jsdiff does", () => {
  const diff = textDiff("a\nb", "a\nc");
  assert.deepEqual(diff.hunks[0].lines, [
    " a",
    "-b",
    "\\ No newline at end of file",
    "+c",
    "\\ No newline at end of file",
  ]);
  assert.deepEqual([diff.added, diff.removed], [1, 1]);
  const fixed = textDiff("a\nb", "a\nb\n");
  assert.deepEqual(fixed.hunks[0].lines, [
    " a",
    "-b",
    "\\ No newline at end of file",
    "+b",
  ]);
});

Deno.test("diffContent() keeps CR in CRLF lines, so LF to CRLF changes every line", () => {
  const diff = textDiff("a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n");
  assert.deepEqual(diff.hunks[0].lines, [" a\r", "-b\r", "+B\r", " c\r"]);
  const converted = textDiff("a\nb\n", "a\r\nb\r\n");
  assert.deepEqual(converted.hunks[0].lines, ["-a", "-b", "+a\r", "+b\r"]);
  // A lone CR does not end a line.
  assert.equal(textDiff("a\rb\n", "a\rc\n").hunks[0].lines.length, 2);
});

Deno.test("diffContent() calls a side with a NUL byte in its first 8000 bytes binary", () => {
  const text = enc.encode("plain text\n");
  const nul = enc.encode("ELF\0\x01\x02\n");
  assert.deepEqual(diffContent(nul, text), { kind: "binary" });
  assert.deepEqual(diffContent(text, nul), { kind: "binary" });
  assert.deepEqual(diffContent(nul, nul), { kind: "binary" });
  const late = enc.encode(`${"x".repeat(8000)}\0\n`);
  assert.equal(diffContent(late, text).kind, "text");
  const edge = enc.encode(`${"x".repeat(7999)}\0\n`);
  assert.equal(diffContent(edge, text).kind, "binary");
});

Deno.test("diffContent() calls invalid UTF-8 binary and keeps a BOM as text", () => {
  const latin1 = Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a]); // "café\n"
  const text = enc.encode("café\n");
  assert.deepEqual(diffContent(latin1, text), { kind: "binary" });
  assert.deepEqual(diffContent(text, Uint8Array.from([0xc3])), {
    kind: "binary",
  });
  const bom = textDiff(Uint8Array.from([0xef, 0xbb, 0xbf, ...text]), text);
  assert.deepEqual(bom.hunks[0].lines, ["-\ufeffcafé", "+café"]);
});

Deno.test("diffContent() gives no hunks and unifiedDiffText() nothing for equal texts", () => {
  const diff = textDiff(NGINX_V1, NGINX_V1);
  assert.deepEqual(diff, { kind: "text", hunks: [], added: 0, removed: 0 });
  assert.equal(unifiedDiffText("/etc/nginx/nginx.conf", diff), "");
  assert.deepEqual(textDiff("", ""), diff);
});

Deno.test("unifiedDiffText() writes GNU ranges for empty sides and C-quotes odd paths", () => {
  const created = textDiff("", "one\n");
  assert.equal(
    unifiedDiffText('/tmp/tab\there"\\', created),
    '--- "a/tmp/tab\\there\\"\\\\"\n+++ "b/tmp/tab\\there\\"\\\\"\n' +
      "@@ -0,0 +1 @@\n+one\n",
  );
  const emptied = textDiff("one\ntwo\n", "");
  assert.equal(
    body(unifiedDiffText("/x", emptied)),
    "@@ -1,2 +0,0 @@\n-one\n-two\n",
  );
  const inserted = textDiff("a\nb\n", "a\nnew\nb\n", { context: 0 });
  assert.equal(body(unifiedDiffText("x", inserted)), "@@ -1,0 +2 @@\n+new\n");
});

/** Real files edited in several ways, each a case for the oracle tests. */
const REAL_FILES = [
  "/etc/services", // netbase
  "/etc/login.defs", // login
  "/usr/share/common-licenses/GPL-3", // base-files
];

/** Deterministic edits of a file's lines: the pairs the oracles compare. */
function edits(text: string): [string, string][] {
  const lines = text.split("\n");
  const scattered = lines.flatMap((line, i) => {
    if (i % 37 === 5) return [];
    if (i % 53 === 9) return [line, `inserted after ${i}`];
    if (i % 71 === 13) return [`${line} # changed`];
    return [line];
  });
  const moved = [
    ...lines.slice(40, 60),
    ...lines.slice(0, 40),
    ...lines.slice(60),
  ];
  const trimmed = text.replace(/\n$/, "");
  return [
    ["scattered edits", scattered.join("\n")],
    ["a block moved", moved.join("\n")],
    ["no newline at the end", trimmed.slice(0, -3)],
    ["converted to CRLF", text.replaceAll("\n", "\r\n")],
  ];
}

for (const path of REAL_FILES) {
  let original: Uint8Array | undefined;
  try {
    original = await Deno.readFile(path);
  } catch {
    console.log(`SKIPPING oracle tests on ${path}: not readable`);
  }
  for (const [name, edited] of original ? edits(dec.decode(original)) : []) {
    Deno.test({
      name: `diffContent() on ${path} with ${name} matches diff -u and patch`,
      ignore: diffSkip !== undefined || patchSkip !== undefined,
      async fn() {
        const a = original!;
        const b = enc.encode(edited);
        const diff = textDiff(a, b);
        const ours = unifiedDiffText(path, diff);
        const gnu = await gnuDiffBody(a, b);
        assert.equal(body(ours), gnu);
        assert.deepEqual(await gnuPatch(a, ours), b);
      },
    });
  }
}

Deno.test("diffContent() replaces the whole file when more than 1000 lines change", async () => {
  const a = enc.encode(
    Array.from({ length: 9000 }, (_, i) => `key${i} = value ${i}\n`).join(""),
  );
  const b = enc.encode(
    Array.from({ length: 9000 }, (_, i) => `key${i} = VALUE ${i}\n`).join("") +
      "tail",
  );
  assert.ok(a.length > 180_000);
  const diff = textDiff(a, b);
  assert.equal(diff.hunks.length, 1);
  const [hunk] = diff.hunks;
  assert.deepEqual(
    [hunk.oldStart, hunk.oldLines, hunk.newStart, hunk.newLines],
    [1, 9000, 1, 9001],
  );
  assert.deepEqual([diff.removed, diff.added], [9000, 9001]);
  assert.equal(hunk.lines.at(-1), "\\ No newline at end of file");
  if (diffSkip === undefined) {
    // Every line differs, so GNU diff's minimal diff is the same hunk.
    assert.equal(body(unifiedDiffText("f", diff)), await gnuDiffBody(a, b));
  }
  if (patchSkip === undefined) {
    assert.deepEqual(await gnuPatch(a, unifiedDiffText("f", diff)), b);
  }
});

Deno.test("diffContent() falls back to one replace hunk even when lines are shared", () => {
  const shared = "same line\n";
  const a = Array.from({ length: 1200 }, (_, i) => `old ${i}\n${shared}`).join(
    "",
  );
  const b = Array.from({ length: 1200 }, (_, i) => `new ${i}\n${shared}`).join(
    "",
  );
  const diff = textDiff(a, b);
  assert.equal(diff.hunks.length, 1);
  assert.deepEqual([diff.removed, diff.added], [2400, 2400]);
  assert.equal(
    applyPatch(a, unifiedDiffText("f", diff), {
      autoConvertLineEndings: false,
    }),
    b,
  );
});

Deno.test("diffContent() aligns up to 1000 line edits and replaces the file past them", () => {
  const lines = Array.from({ length: 5010 }, (_, i) => `line ${i}\n`);
  const edit = (changes: number) =>
    lines.map((line, i) =>
      i % 10 === 0 && i / 10 < changes ? `changed ${line}` : line
    ).join("");
  const atCap = textDiff(lines.join(""), edit(500));
  assert.equal(atCap.hunks.length, 500);
  assert.deepEqual([atCap.removed, atCap.added], [500, 500]);
  const pastCap = textDiff(lines.join(""), edit(501));
  assert.equal(pastCap.hunks.length, 1);
  assert.deepEqual([pastCap.removed, pastCap.added], [5010, 5010]);
});

Deno.test("diffContent() falls back when jsdiff gives up on reordered lines", async () => {
  const lines = Array.from({ length: 800 }, (_, i) => `entry ${i}\n`);
  const a = enc.encode(lines.join(""));
  const b = enc.encode(lines.toReversed().join(""));
  const diff = textDiff(a, b);
  assert.equal(diff.hunks.length, 1);
  assert.deepEqual([diff.removed, diff.added], [800, 800]);
  if (patchSkip === undefined) {
    assert.deepEqual(await gnuPatch(a, unifiedDiffText("f", diff)), b);
  }
  // Under the cap the same kind of input is aligned: 2 × 399 edits.
  const few = lines.slice(0, 400);
  const near = textDiff(few.join(""), few.toReversed().join(""));
  assert.deepEqual([near.removed, near.added], [399, 399]);
});

Deno.test("diffContent() diffs a single 256 KiB line as one line", () => {
  const a = "a".repeat(256 * 1024);
  const b = `${"a".repeat(128 * 1024)}b${"a".repeat(128 * 1024 - 1)}`;
  const diff = textDiff(a, b);
  assert.deepEqual([diff.removed, diff.added], [1, 1]);
  const noNewline = "\\ No newline at end of file";
  assert.deepEqual(diff.hunks[0].lines, [
    `-${a}`,
    noNewline,
    `+${b}`,
    noNewline,
  ]);
});

const lineArb = fc.constantFrom("a", "b", "c", "", "a\r", "  x  ");
const textArb = fc.tuple(fc.array(lineArb, { maxLength: 30 }), fc.boolean())
  .map(([lines, newline]) =>
    lines.join("\n") + (newline && lines.length > 0 ? "\n" : "")
  );

Deno.test("Property: the unified text of diffContent() turns A into B", () => {
  fc.assert(
    fc.property(textArb, textArb, fc.nat(4), (a, b, context) => {
      const diff = textDiff(a, b, { context });
      if (a === b) return diff.hunks.length === 0;
      const patched = applyPatch(a, unifiedDiffText("f", diff), {
        autoConvertLineEndings: false,
      });
      assert.equal(patched, b);
      return true;
    }),
    { numRuns: 500 },
  );
});

Deno.test({
  name: "Property: diffContent() is as minimal as diff -u",
  ignore: diffSkip !== undefined,
  async fn() {
    await fc.assert(
      fc.asyncProperty(textArb, textArb, async (a, b) => {
        const diff = textDiff(a, b);
        const gnu = (await gnuDiffBody(enc.encode(a), enc.encode(b)))
          .split("\n")
          .filter((l) => !l.startsWith("@@"));
        const count = (sign: string) =>
          gnu.filter((l) => l.startsWith(sign)).length;
        assert.deepEqual([diff.added, diff.removed], [count("+"), count("-")]);
      }),
      { numRuns: 100 },
    );
  },
});
