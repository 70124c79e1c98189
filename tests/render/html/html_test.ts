import assert from "@std/assert";
import { createHash } from "node:crypto";
import { buildInspectReport } from "../../../mod/analyze/inspect_report.ts";
import { keepPolicy } from "../../../mod/analyze/keep_policy.ts";
import {
  buildDiffReport,
  type DiffReport,
} from "../../../mod/analyze/report.ts";
import { evaluateBudget } from "../../../mod/budget/evaluate.ts";
import type { Image } from "../../../mod/image/image.ts";
import { openImages } from "../../../mod/image/open_images.ts";
import { renderHtml } from "../../../mod/render/html/html.ts";
import {
  CHANGE_KINDS,
  FIELD_BITS,
  type PageData,
} from "../../../mod/render/html/page_data.ts";
import { PAGE_SCRIPT } from "../../../mod/render/html/page_script.ts";
import { writeImage } from "../../fixtures/image_builder.ts";
import { dir, file, whiteout } from "../../fixtures/tar_builder.ts";

const demo = (name: string) =>
  new URL(`../../../testdata/${name}`, import.meta.url).pathname;
const etc = (path: string) => path.startsWith("/etc/");

/** Names that would become markup, end a script, or reorder or hide text. */
const HOSTILE = [
  "</script><script>alert(1)</script>.js",
  "<img src=x onerror=alert(2)>",
  "\u202etxt.exe",
  "line\u2028sep\u2029",
  "ctl\x1b[31m\x07",
  "&amp;<!--",
];
const STEP = "RUN echo '</script><img src=x onerror=alert(3)>'";

/** A real pair of archives whose B adds files with hostile names and rewrites a config file with markup in it. */
async function hostilePair(): Promise<{ report: DiffReport; b: Image }> {
  const directory = await Deno.makeTempDir();
  const base = {
    entries: [
      dir("etc"),
      file("etc/conf", "a\n</script>\nsame\n"),
      file("app/old<b>.txt", "x".repeat(300)),
    ],
    createdBy: "ADD base /",
  };
  await writeImage(`${directory}/a.tar`, "docker-save", {
    tag: "app:v1",
    layers: [base],
  });
  await writeImage(`${directory}/b.tar`, "docker-save", {
    tag: "app:v2",
    layers: [base, {
      entries: [
        file("etc/conf", "b\n<b>x</b>\n\x1b[2J\nsame\n"),
        ...HOSTILE.map((name, i) => file(`app/${name}`, "y".repeat(100 * i))),
        file(
          new Uint8Array([...new TextEncoder().encode("app/bad"), 0xff, 0xfe]),
          "z",
        ),
        whiteout("app/old<b>.txt"),
      ],
      createdBy: STEP,
    }],
  });
  const [a, b] = await openImages(`${directory}/a.tar`, `${directory}/b.tar`, {
    keep: keepPolicy({ content: etc }),
  });
  return { report: buildDiffReport(a, b, { content: etc, tree: true }), b };
}

const { report: hostile, b: hostileB } = await hostilePair();
const [demoA, demoB] = await openImages(
  demo("app-v1.tar"),
  demo("app-v2.tar"),
  { keep: keepPolicy({ content: etc }) },
);
const demoReport = buildDiffReport(demoA, demoB, { content: etc, tree: true });

/** The embedded page data, parsed. */
function dataOf(html: string): PageData {
  const match = html.match(
    /<script type="application\/json" id="layerdiff-data">(.*?)<\/script>/s,
  );
  assert.ok(match, "the page embeds its data");
  return JSON.parse(match![1]);
}

/** The text of the element with `data-testid="id"`. */
function testid(html: string, id: string): string[] {
  return [
    ...html.matchAll(new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`, "g")),
  ]
    .map((match) => match[1]);
}

Deno.test("renderHtml() loads nothing: no URL in src, href or url(), no <link>, no external script, a CSP that forbids requests", () => {
  const html = renderHtml(demoReport);
  assert.ok(!/<link\b/i.test(html));
  assert.ok(!/<script[^>]*\bsrc=/i.test(html));
  assert.ok(!/<(img|iframe|object|embed|video|audio|source)\b/i.test(html));
  for (
    const [, value] of html.matchAll(
      /\b(?:src|href)\s*=\s*["'`]?([^"'`\s>]*)/gi,
    )
  ) {
    assert.ok(value.startsWith("#"), `only fragment links: ${value}`);
  }
  for (const [, value] of html.matchAll(/url\(\s*['"]?([^'")]*)/gi)) {
    assert.ok(value.startsWith("#"), `only fragment urls: ${value}`);
  }
  assert.ok(!/(?:src|href)\s*=\s*["']?(?:https?:|\/\/)/i.test(html));
  assert.ok(!/url\(\s*['"]?(?:https?:|\/\/)/i.test(html));
  assert.ok(!/@import/i.test(html));
  assert.match(
    html,
    /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/,
  );
});

Deno.test("renderHtml() admits exactly its own script by hash, and that script parses", () => {
  const html = renderHtml(demoReport);
  const inline = [...html.matchAll(/<script>(.*?)<\/script>/gs)];
  assert.equal(inline.length, 1);
  assert.equal(inline[0][1], PAGE_SCRIPT);
  const hash = createHash("sha256").update(PAGE_SCRIPT).digest("base64");
  assert.ok(html.includes(`script-src 'sha256-${hash}'`));
  new Function(PAGE_SCRIPT);
});

Deno.test("renderHtml() keeps hostile names, steps and titles inert: no markup, no extra script, no raw controls", () => {
  const verdict = evaluateBudget({
    maxLayers: 1,
    deny: ["/app/bad*", "/app/ctl*"],
  }, {
    head: hostileB,
  });
  const html = renderHtml(hostile, {
    verdict,
    title: "</title><script>alert(4)</script>",
  });
  assert.equal([...html.matchAll(/<script\b/gi)].length, 2, "two scripts");
  assert.equal([...html.matchAll(/<\/script/gi)].length, 2);
  assert.ok(!/<img\b/i.test(html), "no element from a name or a step");
  assert.ok(!/<b>/i.test(html), "no element from a name or content");
  assert.equal([...html.matchAll(/<title>/g)].length, 1);
  assert.ok(
    html.includes(
      "<title>&lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt;</title>",
    ),
  );
  assert.ok(html.includes("&lt;/script&gt;&lt;img src=x onerror=alert(3)&gt;"));
  // Controls, bidirectional overrides and bytes that are not UTF-8 are shown, never sent raw.
  assert.ok(
    // deno-lint-ignore no-control-regex
    !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]/u
      .test(html),
  );
  assert.ok(html.includes("\\x1b[2J"), "the content diff shows the escape");
  assert.ok(html.includes("app/bad\\xff\\xfe"), "the verdict names the bytes");
  // Inside the JSON nothing could end the script element.
  const json = html.match(/id="layerdiff-data">(.*?)<\/script>/s)![1];
  assert.ok(!/[<>&\u2028\u2029]/.test(json));
});

Deno.test("renderHtml() embeds the data once, and it parses back to the report's tree, changes and content diffs", () => {
  const data = dataOf(renderHtml(hostile));
  assert.deepEqual(data.tree, hostile.report.tree);
  const paths = ["/"];
  for (let i = 1; i < data.tree.names.length; i++) {
    const parent = data.tree.parents[i];
    paths.push(`${parent === 0 ? "" : paths[parent]}/${data.tree.names[i]}`);
  }
  for (const name of HOSTILE) assert.ok(paths.includes(`/app/${name}`), name);
  assert.ok(paths.includes("/app/bad\udcff\udcfe"), "bytes as lone surrogates");
  const changes = [];
  for (let c = 0; c < data.changes.length; c += 4) {
    const [node, kind, bits, removedBy] = data.changes.slice(c, c + 4);
    changes.push({
      path: paths[node],
      change: CHANGE_KINDS[kind],
      fields: FIELD_BITS.filter((_, i) => bits & (1 << i)),
      removedBy,
    });
  }
  const deleted = new Map(
    hostile.report.removedBy!.map(({ path, layer }) => [path, layer]),
  );
  assert.deepEqual(
    changes,
    hostile.changes.map((change) => ({
      path: change.path,
      change: change.change,
      fields: [...change.fields],
      removedBy: deleted.get(change.path) ?? -1,
    })),
  );
  assert.equal(deleted.get("/app/old<b>.txt"), 1);
  assert.deepEqual(
    data.contentNodes.map((node) => paths[node]),
    hostile.report.contentChanges!.map((change) => change.path),
  );
  assert.deepEqual(data.steps.b[1], STEP);
  assert.equal(data.partial, false);
});

Deno.test("renderHtml() shows the title, the images and the summary numbers", () => {
  const html = renderHtml(demoReport);
  const { a, b } = demoReport.images;
  assert.ok(
    html.includes(`<title>layerdiff: ${a.reference} → ${b.reference}</title>`),
  );
  assert.deepEqual(testid(html, "summary-added"), [
    String(demoReport.summary.added),
  ]);
  assert.deepEqual(testid(html, "summary-removed"), [
    String(demoReport.summary.removed),
  ]);
  assert.deepEqual(testid(html, "summary-modified"), [
    String(demoReport.summary.modified),
  ]);
  assert.deepEqual(testid(html, "summary-size"), ["49.7 kB → 123 kB"]);
  assert.ok(html.includes(a.configDigest.slice(0, 19)));
  assert.ok(html.includes(b.platform));
});

Deno.test("renderHtml() draws one bar per layer, the common base once, each sized and named for the layer filter", () => {
  const html = renderHtml(demoReport);
  const bars = [
    ...html.matchAll(
      /data-testid="layer-bar" data-image="(a|b)" data-layer="(\d+)" data-size="(\d+)"/g,
    ),
  ].map(([, image, layer, size]) => [image, Number(layer), Number(size)]);
  const prefix = demoReport.layers.sharedPrefix;
  const { a, b } = demoReport.images;
  assert.deepEqual(bars, [
    ...b.layers.slice(0, prefix).map((l) => ["b", l.index, l.size]),
    ...a.layers.slice(prefix).map((l) => ["a", l.index, l.size]),
    ...b.layers.slice(prefix).map((l) => ["b", l.index, l.size]),
  ]);
  assert.equal(
    [...html.matchAll(/data-shared="true"/g)].length,
    prefix,
  );
  assert.equal(testid(html, "layer-filter-clear").length, 1);
});

Deno.test("renderHtml() lists the package changes and the content diffs with their hooks", () => {
  const html = renderHtml(demoReport);
  const rows = [
    ...html.matchAll(
      /data-testid="package-row" data-layer="(-?\d+)" data-change="(\w+)"/g,
    ),
  ].map(([, layer, change]) => [Number(layer), change]);
  assert.deepEqual(
    rows,
    demoReport.report.packages!.changes.map((c) => [c.layer ?? -1, c.change]),
  );
  const diffs = [
    ...html.matchAll(/data-testid="content-diff" data-path="([^"]*)"/g),
  ]
    .map(([, path]) => path);
  assert.deepEqual(
    diffs,
    demoReport.report.contentChanges!.map((change) => change.path),
  );
  assert.ok(diffs.length > 0);
  for (const id of ["treemap", "change-tree", "search"]) {
    assert.ok(html.includes(`data-testid="${id}"`), id);
  }
});

Deno.test("renderHtml() of an inspect report draws one stack, the treemaps and the packages, and no change list", () => {
  const report = buildInspectReport(demoB, { tree: true });
  const html = renderHtml(report);
  assert.ok(
    html.includes(
      `<title>layerdiff inspect: ${report.image.reference}</title>`,
    ),
  );
  assert.equal(
    [...html.matchAll(/data-testid="layer-bar" data-image="b"/g)].length,
    report.image.layers.length,
  );
  assert.equal(
    [...html.matchAll(/data-testid="package-row"/g)].length,
    report.report.packages!.count,
  );
  assert.ok(!html.includes(`data-testid="change-tree"`));
  assert.equal([...html.matchAll(/data-testid="treemap"/g)].length, 2);
  const data = dataOf(html);
  assert.equal(data.kind, "inspect");
  assert.deepEqual(data.tree, report.report.tree);
});

Deno.test("renderHtml() without the size tree still lists every change, and says why there is no treemap", () => {
  const report = buildDiffReport(demoA, demoB, { content: etc });
  const html = renderHtml(report);
  const data = dataOf(html);
  assert.equal(data.partial, true);
  assert.ok(!html.includes(`data-testid="treemap"`));
  assert.ok(html.includes("tree: true"));
  assert.equal(data.changes.length, report.changes.length * 4);
  // Only the changed paths and the directories above them.
  assert.ok(data.tree.names.length < demoReport.report.tree!.names.length);
});
