/**
 * The `--format html` page in a real headless Chromium (issue 13): the page
 * is written to a temp file and opened as file://, driven with real mouse
 * and key events, and every figure read from its DOM is checked against
 * the Report it was rendered from: the layer bars, the treemaps, the change
 * tree and its filters, keyboard use, light and dark, no request and no
 * error, the inspect page, and the page of the many-small benchmark pair.
 */
import assert from "@std/assert";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { SizeTree } from "../../../mod/analyze/size_tree.ts";
import {
  buildDiffReport,
  buildInspectReport,
  type Change,
  type DiffReport,
  keepPolicy,
  openImages,
  renderHtml,
} from "../../../mod/mod.ts";
import { formatBytes } from "../../../mod/render/format.ts";
import {
  pageBytes,
  visibleName,
} from "../../../mod/render/html/client/page_format.ts";
import {
  chromiumSkipReason,
  launchChromium,
  type Page,
  type PageOptions,
} from "../../fixtures/chromium.ts";
import { writeManySmallPair } from "../../fixtures/many_small_pair.ts";
import { withTempDir } from "../../conformance/temp_dir.ts";

const skipReason = await chromiumSkipReason();
if (skipReason) console.log(`SKIPPING browser tests: ${skipReason}`);
const largeSkipReason = skipReason ?? await gnuTarSkipReason();
if (largeSkipReason && !skipReason) {
  console.log(`SKIPPING the large page test: ${largeSkipReason}`);
}

const testdata = (name: string) =>
  new URL(`../../../testdata/${name}`, import.meta.url).pathname;
const etc = (path: string) => path.startsWith("/etc/");

/** `layerdiff app-v1.tar app-v2.tar --content '/etc/**' --format html`, as the CLI builds it. */
const [demoA, demoB] = await openImages(
  testdata("app-v1.tar"),
  testdata("app-v2.tar"),
  { keep: keepPolicy({ content: etc }) },
);
const demo = buildDiffReport(demoA, demoB, { content: etc, tree: true });
const demoHtml = renderHtml(demo);
const demoTree = demo.report.tree!;

// ---------------------------------------------------------------------------
// Reading the page

/** A change-tree row as drawn. */
interface Row {
  path: string;
  change: string;
  expanded: string | null;
}

/** A layer bar as drawn. */
interface BarView {
  image: "a" | "b";
  layer: number;
  shared: boolean;
  id: string;
  size: string;
  pressed: string | null;
  /** Widths in CSS pixels of the bar's track and of its filled part. */
  track: number;
  fill: number;
}

/** A treemap as drawn: its label, viewBox size, tiles, hidden table and breadcrumbs. */
interface TreemapView {
  label: string;
  width: number;
  height: number;
  tiles: {
    path: string;
    size: number;
    others: boolean;
    label: string;
    /** The tile's first text line, when it is big enough for one. */
    name: string | null;
    /** Area of the squarified rectangle (the drawn one is inset by 1 px). */
    area: number;
  }[];
  alt: string[][];
  crumbs: string[];
}

/** Runs `fn` in the page (its source, so it may use only its own locals and the DOM). */
function inPage<A extends unknown[], T>(
  page: Page,
  fn: (...args: A) => T,
  ...args: A
): Promise<T> {
  return page.evaluate<T>(`(${fn})(...${JSON.stringify(args)})`);
}

function readRows(): Row[] {
  return [
    ...document.querySelectorAll<HTMLElement>("li[data-testid=change-row]"),
  ]
    .filter((li) => li.getClientRects().length > 0)
    .map((li) => ({
      path: li.dataset.path!,
      change: li.dataset.change!,
      expanded: li.getAttribute("aria-expanded"),
    }));
}

function readBars(): BarView[] {
  return [...document.querySelectorAll<HTMLElement>("button.layer-bar")].map(
    (bar) => {
      const text = (selector: string) =>
        bar.querySelector(selector)?.textContent ?? "";
      const width = (selector: string) =>
        bar.querySelector(selector)!.getBoundingClientRect().width;
      return {
        image: bar.dataset.image === "a" ? "a" : "b",
        layer: Number(bar.dataset.layer),
        shared: bar.dataset.shared === "true",
        id: text(".layer-id"),
        size: text(".layer-size"),
        pressed: bar.getAttribute("aria-pressed"),
        track: width(".bar-track"),
        fill: width(".bar-fill"),
      };
    },
  );
}

function readTreemap(map: string): TreemapView | null {
  const svg = document.querySelector<SVGSVGElement>(
    `svg.treemap[data-map="${map}"]`,
  );
  if (!svg) return null;
  const root = svg.closest("section")!;
  const [, , width, height] = svg.getAttribute("viewBox")!.split(" ").map(
    Number,
  );
  return {
    label: svg.getAttribute("aria-label") ?? "",
    width,
    height,
    tiles: [...svg.querySelectorAll<SVGGElement>("g.tile")].map((g) => {
      const rect = g.querySelector("rect.fill")!;
      const side = (name: string) => Number(rect.getAttribute(name)) + 2;
      return {
        path: g.dataset.path ?? "",
        size: Number(g.dataset.size),
        others: g.dataset.others === "true",
        label: g.getAttribute("aria-label") ?? "",
        name: g.querySelector("text.name")?.textContent ?? null,
        area: side("width") * side("height"),
      };
    }),
    alt: [...root.querySelectorAll("table.alt tbody tr")].map((tr) =>
      [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")
    ),
    crumbs: [...root.querySelectorAll(".crumbs li")].map((li) =>
      li.textContent ?? ""
    ),
  };
}

function readFilter() {
  const banner = document.getElementById("filter-banner")!;
  return {
    hidden: banner.hidden,
    label: document.getElementById("filter-label")!.textContent ?? "",
    status: document.getElementById("tree-status")?.textContent ?? "",
  };
}

/** What the focused element is: a layer bar, a treemap tile, or else its tag. */
function readFocus() {
  const el = document.activeElement as HTMLElement | null;
  return {
    tag: el?.tagName.toLowerCase() ?? "",
    bar: el?.matches("button.layer-bar")
      ? { image: el.dataset.image, layer: Number(el.dataset.layer) }
      : null,
    tile: el?.matches("g.tile")
      ? {
        map: el.closest("svg")!.dataset.map,
        path: el.dataset.path,
        dir: el.classList.contains("dir"),
      }
      : null,
  };
}

/**
 * Polls `expression` in the page (every 10 ms, at most `ms`) until its JSON
 * equals `expected`'s, and returns its last value: the caller asserts it,
 * so a page that never gets there fails with what it showed instead.
 */
function settle<T>(
  page: Page,
  expression: string,
  expected: T,
  ms = 5_000,
): Promise<T> {
  return page.evaluate<T>(`new Promise((resolve) => {
    const want = ${JSON.stringify(JSON.stringify(expected))};
    const started = performance.now();
    const tick = () => {
      const value = (${expression});
      if (JSON.stringify(value) === want || performance.now() - started > ${ms}) {
        resolve(value);
      } else setTimeout(tick, 10);
    };
    tick();
  })`);
}

const statusText = `document.getElementById("tree-status").textContent`;

/** Waits for the change tree's status line to read `want`, and asserts it does. */
async function assertStatus(
  page: Page,
  want: string,
  message?: string,
): Promise<void> {
  assert.equal(await settle(page, statusText, want), want, message);
}

// ---------------------------------------------------------------------------
// What the report says the page should show

/** Full paths of the size tree's nodes. */
function treePaths(tree: SizeTree): string[] {
  const paths = ["/"];
  for (let i = 1; i < tree.names.length; i++) {
    const parent = tree.parents[i];
    paths.push(`${parent === 0 ? "" : paths[parent]}/${tree.names[i]}`);
  }
  return paths;
}

/** The children of `node` with bytes in `sizes`, largest first (name order on ties). */
function childrenBySize(
  tree: SizeTree,
  node: number,
  sizes: readonly number[],
): number[] {
  const children: number[] = [];
  for (let i = node + 1; i < tree.names.length; i++) {
    if (tree.parents[i] === node && sizes[i] > 0) children.push(i);
  }
  return children.sort((x, y) => sizes[y] - sizes[x]);
}

/**
 * Checks a treemap zoomed to `node` against the report's tree: one tile per
 * child with bytes, largest first, the smallest possibly grouped in one
 * "smaller items" tile; each tile's area its share of the bytes; the label,
 * tooltip text and the hidden table naming the same items and sizes.
 */
function assertTreemap(
  view: TreemapView | null,
  tree: SizeTree,
  options: { node: number; sizes: readonly number[]; sizeColumn: number },
): void {
  if (!view) throw new Error("the treemap is not drawn");
  const { node, sizes } = options;
  const paths = treePaths(tree);
  const expected = childrenBySize(tree, node, sizes);
  const tiles = view.tiles.filter((tile) => !tile.others);
  const others = view.tiles.filter((tile) => tile.others);
  assert.ok(tiles.length > 0, "at least one tile");
  const shown = expected.slice(0, tiles.length);
  assert.deepEqual(
    tiles.map((tile) => [tile.path, tile.size]),
    shown.map((n) => [visibleName(paths[n]), sizes[n]]),
  );
  const rest = expected.slice(tiles.length);
  assert.equal(others.length, rest.length > 0 ? 1 : 0, "one 'smaller' tile");
  if (others.length > 0) {
    assert.equal(others[0].size, rest.reduce((sum, n) => sum + sizes[n], 0));
    assert.ok(others[0].label.startsWith(`${rest.length} smaller items`));
  }
  const total = sizes[node];
  for (const tile of view.tiles) {
    const share = tile.area / (view.width * view.height);
    assert.ok(
      Math.abs(share - tile.size / total) < 1e-3,
      `${tile.path}: ${share} of the area for ${
        tile.size / total
      } of the bytes`,
    );
  }
  for (const [i, tile] of tiles.entries()) {
    const name = visibleName(tree.names[shown[i]]);
    assert.ok(
      tile.label.includes(`${visibleName(paths[shown[i]])}`) &&
        tile.label.includes(pageBytes(tile.size)),
      `tile label: ${tile.label}`,
    );
    if (tile.name !== null) {
      // The label starts with the tile's mark ("+", "new", "L2"), if any, then its path.
      const mark = tile.label.startsWith("/")
        ? ""
        : tile.label.slice(0, tile.label.indexOf(" "));
      const full = `${mark} ${name}${tree.types[shown[i]] === "d" ? "/" : ""}`;
      assert.ok(
        full.trim().startsWith(tile.name.replace(/…$/, "").trim()),
        `tile text "${tile.name}" for ${full}`,
      );
    }
  }
  assert.ok(tiles.some((tile) => tile.name !== null), "the largest is named");
  assert.deepEqual(
    view.alt.slice(0, tiles.length).map((
      row,
    ) => [row[0], row[options.sizeColumn]]),
    shown.map((n) => [visibleName(tree.names[n]), pageBytes(sizes[n])]),
  );
  assert.equal(view.alt.length, tiles.length + others.length);
  assert.ok(
    view.label.includes(
      `${visibleName(paths[node])}: ${
        pageBytes(total)
      } in ${expected.length} item`,
    ),
    `treemap label: ${view.label}`,
  );
}

/** The layers a bar stands for: a base bar is in both images. */
type BarKey = Pick<BarView, "image" | "layer" | "shared">;

/**
 * The changes a layer made, in the report's words: what a layer of B
 * added, modified or deleted, or what a layer of A held before.
 */
function changesOfLayer(report: DiffReport, bar: BarKey): Change[] {
  const removedBy = new Map(
    (report.report.removedBy ?? []).map(({ path, layer }) => [path, layer]),
  );
  const inB = bar.image === "b" || bar.shared;
  const inA = bar.image === "a" || bar.shared;
  return report.changes.filter((change) =>
    (inB && (change.b?.layer === bar.layer ||
      removedBy.get(change.path) === bar.layer)) ||
    (inA && change.a?.layer === bar.layer)
  );
}

/**
 * Checks that the change tree shows exactly `changes`, each with its kind,
 * and besides them only the directories above them (drawn with their own
 * change, if they have one, as the way down), all of them open.
 */
function assertRows(rows: Row[], changes: Change[]): void {
  assert.deepEqual(
    rows.filter((row) => row.expanded === "false").map((row) => row.path),
    [],
    "every directory of the list is open, so every match is drawn",
  );
  const wanted = new Map(
    changes.map((change) => [visibleName(change.path), change.change]),
  );
  const drawn = new Map(rows.map((row) => [row.path, row.change]));
  assert.equal(drawn.size, rows.length, "one row per path");
  assert.deepEqual(
    [...wanted].filter(([path, kind]) => drawn.get(path) !== kind),
    [],
    "every match is drawn with its kind",
  );
  for (const row of rows) {
    if (wanted.has(row.path)) continue;
    assert.ok(
      row.path === "/" ||
        [...wanted.keys()].some((path) => path.startsWith(`${row.path}/`)),
      `${row.path} (${row.change || "unchanged"}) is drawn but holds no match`,
    );
  }
}

const barSelector = (bar: BarKey) =>
  `button.layer-bar[data-image="${bar.image}"][data-layer="${bar.layer}"]`;
const barName = (bar: BarKey) =>
  bar.shared
    ? `A${bar.layer} = B${bar.layer}`
    : `${bar.image.toUpperCase()}${bar.layer}`;
const allShown = (report: DiffReport) =>
  `${report.changes.length} changed paths`;
const someShown = (report: DiffReport, count: number) =>
  `Showing ${count} of ${report.changes.length} changed paths`;

// ---------------------------------------------------------------------------
// Opening pages

/** A page opened from a file: the tab, its URL, how long it took to load, its size. */
interface Opened {
  page: Page;
  url: string;
  loadMs: number;
  bytes: number;
}

/**
 * Runs `run` with a fresh headless Chromium and an `open` that writes a
 * page to a temp dir and opens it as file:// in a new tab; closes the
 * browser and removes the dir however `run` ends.
 */
async function withBrowser(
  run: (
    open: (html: string, options?: PageOptions) => Promise<Opened>,
  ) => Promise<void>,
  options: PageOptions = {},
): Promise<void> {
  const site = await Deno.makeTempDir({ prefix: "layerdiff-page-" });
  try {
    const browser = await launchChromium(options);
    let count = 0;
    try {
      await run(async (html, pageOptions) => {
        const file = join(site, `report-${++count}.html`);
        await Deno.writeTextFile(file, html);
        const url = pathToFileURL(file).href;
        const page = await browser.newPage(pageOptions);
        const { loadMs } = await page.goto(url);
        return { page, url, loadMs, bytes: (await Deno.stat(file)).size };
      });
    } finally {
      await browser.close();
    }
  } finally {
    await Deno.remove(site, { recursive: true });
  }
}

/** Why the large pair cannot be written here (it needs GNU tar), or undefined. */
async function gnuTarSkipReason(): Promise<string | undefined> {
  try {
    const { stdout } = await new Deno.Command("tar", {
      args: ["--version"],
      stdout: "piped",
      stderr: "null",
    }).output();
    return new TextDecoder().decode(stdout).includes("GNU tar")
      ? undefined
      : "tar is not GNU tar (the benchmark generator needs it)";
  } catch {
    return "tar is not installed (the benchmark generator needs GNU tar)";
  }
}

// ---------------------------------------------------------------------------

Deno.test({
  name:
    "the HTML page of a diff draws the report's layer bars, treemaps, summary and every change in a real browser",
  ignore: skipReason !== undefined,
  fn: () =>
    withBrowser(async (open) => {
      const { page } = await open(demoHtml);
      const { a, b } = demo.images;
      const prefix = demo.layers.sharedPrefix;

      const bars = await inPage(page, readBars);
      assert.equal(
        bars.length,
        a.layers.length + b.layers.length - prefix,
        "one bar per layer, the common base once",
      );
      assert.deepEqual(
        bars.filter((bar) => bar.shared || bar.image === "a").map((bar) =>
          bar.layer
        ),
        a.layers.map((layer) => layer.index),
      );
      assert.deepEqual(
        bars.filter((bar) => bar.image === "b").map((bar) => bar.layer),
        b.layers.map((layer) => layer.index),
      );
      assert.equal(bars.filter((bar) => bar.shared).length, prefix);
      const max = Math.max(...[...a.layers, ...b.layers].map((l) => l.size));
      for (const bar of bars) {
        const layers = bar.shared
          ? [a.layers[bar.layer], b.layers[bar.layer]]
          : [(bar.image === "a" ? a : b).layers[bar.layer]];
        for (const layer of layers) {
          assert.equal(bar.size, formatBytes(layer.size), barName(bar));
        }
        assert.equal(bar.id, barName(bar));
        assert.equal(bar.pressed, "false");
        const size = layers[0].size;
        assert.ok(bar.track > 100, `${barName(bar)} track ${bar.track} px`);
        assert.ok(
          Math.abs(bar.fill / bar.track - size / max) <= 0.01 + 2 / bar.track,
          `${
            barName(bar)
          }: ${bar.fill} of ${bar.track} px for ${size} of ${max} bytes`,
        );
      }

      assertTreemap(await inPage(page, readTreemap, "size"), demoTree, {
        node: 0,
        sizes: demoTree.sizeB,
        sizeColumn: 3,
      });
      assertTreemap(await inPage(page, readTreemap, "waste"), demoTree, {
        node: 0,
        sizes: demoTree.wasted,
        sizeColumn: 1,
      });
      const paths = treePaths(demoTree);
      const hidden = await page.evaluate<string[][]>(
        `[...document.querySelectorAll("#hidden-rows tr")].map((tr) => [...tr.cells].map((td) => td.textContent))`,
      );
      const largest = [...demoTree.hidden].sort((x, y) => y[1] - x[1]);
      assert.equal(hidden.length, Math.min(25, largest.length));
      assert.ok(hidden.length > 0, "the demo's B hides copies");
      assert.deepEqual(hidden[0], [
        visibleName(paths[largest[0][0]]),
        pageBytes(largest[0][1]),
        `B${largest[0][2]}`,
        `B${largest[0][3]}`,
      ]);

      const { summary } = demo;
      const header = await page.evaluate<Record<string, string>>(
        `Object.fromEntries(["added", "removed", "modified"].map((kind) =>
          [kind, document.querySelector('[data-testid="summary-' + kind + '"]').textContent]))`,
      );
      assert.deepEqual(header, {
        added: String(summary.added),
        removed: String(summary.removed),
        modified: String(summary.modified),
      });
      assert.equal(
        summary.added + summary.removed + summary.modified,
        demo.changes.length,
      );
      assert.equal((await inPage(page, readFilter)).status, allShown(demo));
      const rows = await inPage(page, readRows);
      assertRows(rows, demo.changes);
      for (const kind of ["added", "removed", "modified"] as const) {
        assert.equal(
          rows.filter((row) => row.change === kind).length,
          summary[kind],
          kind,
        );
      }
    }),
});

Deno.test({
  name:
    "selecting a layer bar shows only that layer's changes, and selecting it again or Clear filter shows all",
  ignore: skipReason !== undefined,
  fn: () =>
    withBrowser(async (open) => {
      const { page } = await open(demoHtml);
      const bars = await inPage(page, readBars);
      for (const [i, bar] of bars.entries()) {
        const expected = changesOfLayer(demo, bar);
        assert.ok(
          expected.length > 0 && expected.length < demo.changes.length,
          `the demo's layer ${barName(bar)} changed some paths, not all`,
        );
        await page.click(barSelector(bar));
        await assertStatus(
          page,
          someShown(demo, expected.length),
          barName(bar),
        );
        assertRows(await inPage(page, readRows), expected);
        const filter = await inPage(page, readFilter);
        assert.equal(filter.hidden, false, "the banner shows");
        assert.ok(
          filter.label.startsWith(`Showing only layer ${barName(bar)}`),
          filter.label,
        );
        assert.deepEqual(
          (await inPage(page, readBars)).map((other) => other.pressed),
          bars.map((other) => other === bar ? "true" : "false"),
        );

        // Every other bar clears by being selected again, the rest by the banner's button.
        await page.click(i % 2 === 0 ? barSelector(bar) : "#filter-clear");
        await assertStatus(page, allShown(demo));
        assertRows(await inPage(page, readRows), demo.changes);
        assert.equal((await inPage(page, readFilter)).hidden, true);
        assert.ok(
          (await inPage(page, readBars)).every((other) =>
            other.pressed === "false"
          ),
        );
      }
    }),
});

Deno.test({
  name:
    "typing part of a path in the search box shows the changes whose path holds it, whatever the case, and hides the rest",
  ignore: skipReason !== undefined,
  fn: () =>
    withBrowser(async (open) => {
      const { page } = await open(demoHtml);
      const matching = (query: string) =>
        demo.changes.filter((change) =>
          change.path.toLowerCase().includes(query.toLowerCase())
        );
      // The file name that the fewest changed paths hold.
      const [query, expected] = demo.changes
        .filter((change) => (change.b ?? change.a)!.type === "file")
        .map((change) => {
          const name = change.path.slice(change.path.lastIndexOf("/") + 1);
          return [name, matching(name)] as const;
        })
        .sort((x, y) => x[1].length - y[1].length)[0];
      assert.ok(expected.length < demo.changes.length);
      await page.type('[data-testid="search"]', query.toUpperCase());
      await assertStatus(page, someShown(demo, expected.length), query);
      const rows = await inPage(page, readRows);
      assertRows(rows, expected);
      assert.ok(
        rows.some((row) => row.path === visibleName(expected[0].path)),
        `${expected[0].path} is shown`,
      );

      for (const _ of query) await page.press("Backspace");
      assert.equal(
        await page.evaluate(
          `document.querySelector('[data-testid="search"]').value`,
        ),
        "",
      );
      await assertStatus(page, allShown(demo));
      assertRows(await inPage(page, readRows), demo.changes);
    }),
});

Deno.test({
  name:
    "the keyboard reaches the layer bars with Tab and filters with Enter and Space, and zooms the treemap with Enter and Escape",
  ignore: skipReason !== undefined,
  fn: () =>
    withBrowser(async (open) => {
      const { page } = await open(demoHtml);
      const tabTo = async (
        want: (focus: ReturnType<typeof readFocus>) => boolean,
      ) => {
        for (let presses = 1; presses <= 60; presses++) {
          await page.press("Tab");
          const focus = await inPage(page, readFocus);
          if (want(focus)) return focus;
        }
        throw new Error("Tab never reached it");
      };

      const first = (await tabTo((focus) => focus.bar !== null)).bar!;
      const bars = await inPage(page, readBars);
      const firstBar = bars.find((bar) =>
        bar.image === first.image && bar.layer === first.layer
      )!;
      await page.press("Enter");
      const firstChanges = changesOfLayer(demo, firstBar);
      await assertStatus(page, someShown(demo, firstChanges.length));
      assertRows(await inPage(page, readRows), firstChanges);

      const next = (await tabTo(() => true)).bar;
      if (!next) throw new Error("the next Tab stop is not the next layer bar");
      const nextBar = bars.find((bar) =>
        bar.image === next.image && bar.layer === next.layer
      )!;
      assert.notEqual(nextBar, firstBar);
      await page.press(" ");
      const nextChanges = changesOfLayer(demo, nextBar);
      await assertStatus(page, someShown(demo, nextChanges.length));
      assertRows(await inPage(page, readRows), nextChanges);
      assert.deepEqual(
        (await inPage(page, readBars)).map((bar) => bar.pressed),
        bars.map((bar) => bar === nextBar ? "true" : "false"),
      );
      await page.press("Enter");
      await assertStatus(page, allShown(demo));

      const tile = (await tabTo((focus) => focus.tile?.map === "size")).tile!;
      assert.ok(tile.dir, "the largest tile is a directory");
      const paths = treePaths(demoTree);
      const node = paths.indexOf(tile.path!);
      await page.press("Enter");
      const zoomed = await inPage(page, readTreemap, "size");
      assertTreemap(zoomed, demoTree, {
        node,
        sizes: demoTree.sizeB,
        sizeColumn: 3,
      });
      assert.deepEqual(zoomed!.crumbs, ["/", demoTree.names[node]]);
      await page.press("Escape");
      const back = await inPage(page, readTreemap, "size");
      assertTreemap(back, demoTree, {
        node: 0,
        sizes: demoTree.sizeB,
        sizeColumn: 3,
      });
      assert.deepEqual(back!.crumbs, ["/"]);
    }),
});

Deno.test({
  name:
    "the HTML page requests nothing but itself and logs no error, in light and in dark mode, which differ",
  ignore: skipReason !== undefined,
  fn: () =>
    withBrowser(async (open) => {
      const looks: { dark: boolean; background: string; color: string }[] = [];
      for (const dark of [false, true]) {
        const { page, url } = await open(demoHtml, { dark });
        await page.click(`button.layer-bar[data-image="b"]:not([data-shared])`);
        await page.type('[data-testid="search"]', "usr");
        await page.click('[data-testid="treemap-tile"]');
        await page.evaluate(
          "new Promise((resolve) => setTimeout(resolve, 300))",
        );
        assert.deepEqual(page.requests(), [url], dark ? "dark" : "light");
        assert.deepEqual(page.consoleErrors(), [], dark ? "dark" : "light");
        looks.push(
          await page.evaluate(`({
            dark: matchMedia("(prefers-color-scheme: dark)").matches,
            background: getComputedStyle(document.body).backgroundColor,
            color: getComputedStyle(document.body).color,
          })`),
        );
      }
      assert.deepEqual(looks.map((look) => look.dark), [false, true]);
      assert.notEqual(looks[0].background, looks[1].background);
      assert.notEqual(looks[0].color, looks[1].color);
    }),
});

Deno.test({
  name:
    "the HTML page of an inspect report draws its layer stack and treemaps, and a layer bar filters the treemap to that layer's bytes",
  ignore: skipReason !== undefined,
  fn: () =>
    withBrowser(async (open) => {
      const report = buildInspectReport(demoB, { tree: true });
      const tree = report.report.tree!;
      const { page, url } = await open(renderHtml(report));
      const bars = await inPage(page, readBars);
      assert.deepEqual(
        bars.map((bar) => [bar.image, bar.layer, bar.id, bar.size]),
        report.image.layers.map((layer) => [
          "b",
          layer.index,
          `L${layer.index}`,
          formatBytes(layer.size),
        ]),
      );
      assert.equal(
        await page.evaluate(`document.querySelector("#change-tree")`),
        null,
      );
      assertTreemap(await inPage(page, readTreemap, "size"), tree, {
        node: 0,
        sizes: tree.sizeB,
        sizeColumn: 1,
      });
      assertTreemap(await inPage(page, readTreemap, "waste"), tree, {
        node: 0,
        sizes: tree.wasted,
        sizeColumn: 1,
      });

      // The bytes each layer put at each node: a node's own, less its children's.
      const own = [...tree.sizeB];
      for (let i = 1; i < own.length; i++) {
        own[tree.parents[i]] -= tree.sizeB[i];
      }
      const biggest = report.image.layers.reduce((x, y) =>
        y.size > x.size ? y : x
      );
      const bytes = own.reduce(
        (sum, size, i) => tree.layerB[i] === biggest.index ? sum + size : sum,
        0,
      );
      assert.ok(bytes > 0 && bytes < tree.sizeB[0]);
      await page.click(
        barSelector({ image: "b", layer: biggest.index, shared: false }),
      );
      const want = `Files by size, /: ${pageBytes(bytes)} in`;
      const label = await settle(
        page,
        `document.querySelector('svg.treemap[data-map="size"]').getAttribute("aria-label").slice(0, ${want.length})`,
        want,
      );
      assert.equal(label, want);
      assert.deepEqual(page.requests(), [url]);
      assert.deepEqual(page.consoleErrors(), []);
    }),
});

Deno.test({
  name:
    "the HTML page of the many-small benchmark pair loads, counts and finds its changes, and draws a small DOM",
  ignore: largeSkipReason !== undefined,
  fn: async () => {
    await withTempDir(async (dir) => {
      const pair = await writeManySmallPair(dir);
      const started = performance.now();
      // As `layerdiff a.tar b.tar --format html` does.
      const [a, b] = await openImages(pair.a, pair.b, {
        keep: keepPolicy({ packages: true }),
      });
      const report = buildDiffReport(a, b, { tree: true });
      const html = renderHtml(report);
      const reportSeconds = (performance.now() - started) / 1000;
      const tree = report.report.tree!;
      const paths = tree.names.length;
      const files = [...tree.types].filter((type) => type === "f").length;
      assert.ok(
        files >= pair.stats.baseFiles,
        `${files} files in the tree, ${pair.stats.baseFiles} in A`,
      );

      await withBrowser(async (open) => {
        const { page, url, loadMs, bytes } = await open(html);
        assert.equal(
          await page.evaluate(statusText),
          allShown(report),
        );
        const { Nodes: nodes } = await page.metrics();
        const elements = await page.evaluate<number>(
          `document.getElementsByTagName("*").length`,
        );
        // The list draws about 60 rows and each treemap at most 150 tiles, whatever the files.
        assert.ok(
          nodes < files / 10,
          `${nodes} DOM nodes for ${files} files`,
        );

        const changedFiles = report.changes.filter((change) =>
          (change.b ?? change.a)!.type === "file"
        );
        const wanted = changedFiles[Math.floor(changedFiles.length / 2)];
        const expected = report.changes.filter((change) =>
          change.path.toLowerCase().includes(wanted.path.toLowerCase())
        );
        await page.type('[data-testid="search"]', wanted.path);
        await assertStatus(page, someShown(report, expected.length));
        const rows = await inPage(page, readRows);
        assert.deepEqual(
          rows.filter((row) => row.path === visibleName(wanted.path)).map((
            row,
          ) => row.change),
          [wanted.change],
        );
        assertRows(rows, expected);
        assert.deepEqual(page.requests(), [url]);
        assert.deepEqual(page.consoleErrors(), []);
        console.log(
          `large page: ${(bytes / 1e6).toFixed(1)} MB, load ${
            Math.round(loadMs)
          } ms, ${nodes.toLocaleString("en-US")} DOM nodes (${
            elements.toLocaleString("en-US")
          } elements) for ${files.toLocaleString("en-US")} files (${
            paths.toLocaleString("en-US")
          } paths, ${
            report.changes.length.toLocaleString("en-US")
          } changes); pair written in ${
            pair.seconds.toFixed(1)
          } s, report and page built in ${reportSeconds.toFixed(1)} s`,
        );
      }, { callTimeoutMs: 120_000 });
    });
  },
});
