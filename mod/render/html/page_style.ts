/**
 * The page's stylesheet: system fonts only (nothing to load), light and
 * dark through `prefers-color-scheme`, and a print stylesheet that drops
 * the controls and keeps the charts' colours. Every colour of a chart is
 * repeated by a pattern or a text mark, so nothing depends on colour.
 */
export const PAGE_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0;
  --card: #f6f8fa; --accent: #0969da; --accent-bg: #ddf4ff;
  --tile-text: #1f2328; --ink: rgba(31, 35, 40, 0.35);
  --grown: #ff9492; --shrunk: #6fdd8b; --new: #c297ff; --same: #d1d9e0;
  --wasted: #eac54f; --others: #eff2f5;
  --add-bg: #dafbe1; --del-bg: #ffebe9; --mod-bg: #fff8c5;
  --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700;
  --l0: #a5d6ff; --l1: #ffd8b5; --l2: #b4f1c4; --l3: #e7d5ff;
  --l4: #ffcfe0; --l5: #fff1a8; --l6: #b9f0ef; --l7: #dcd1c4;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d;
    --card: #151b23; --accent: #4493f8; --accent-bg: #0c2d6b;
    --tile-text: #f0f6fc; --ink: rgba(240, 246, 252, 0.35);
    --grown: #8e1519; --shrunk: #116329; --new: #553098; --same: #2f3742;
    --wasted: #7d4e00; --others: #212830;
    --add-bg: #0f3d1f; --del-bg: #4c1418; --mod-bg: #3b2e00;
    --pass: #3fb950; --fail: #f85149; --warn: #d29922;
    --l0: #0d4a8a; --l1: #7a3b0c; --l2: #17603a; --l3: #4e2a8a;
    --l4: #7d1d4a; --l5: #6b5300; --l6: #0e5858; --l7: #4d4136;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0 auto; padding: 16px 24px 48px; max-width: 1400px;
  background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
}
code, .name, .mono, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
h1 { font-size: 22px; margin: 8px 0 12px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.muted, .hint { color: var(--muted); }
.hint { margin: 4px 0 12px; }
.num { text-align: right; white-space: nowrap; }
table { border-collapse: collapse; margin: 8px 0; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { padding: 4px 10px 4px 0; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th, thead td { color: var(--muted); font-weight: 600; }
td code, td { overflow-wrap: anywhere; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
button { font: inherit; color: inherit; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 8px; margin: 12px 0; }
.figure { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin: 0; }
.figure dt { color: var(--muted); font-size: 12px; }
.figure dd { margin: 0; }
.figure .value { font-size: 16px; font-weight: 600; }
.verdict { border: 1px solid var(--line); border-left: 5px solid var(--pass); border-radius: 6px; padding: 4px 12px; margin: 12px 0; }
.verdict.fail { border-left-color: var(--fail); }
.verdict ul { margin: 4px 0 8px; padding-left: 18px; }
.rule.fail strong { color: var(--fail); }
.rule.warn strong { color: var(--warn); }
.rule.pass strong { color: var(--pass); }
.filter-banner {
  position: sticky; top: 0; z-index: 5; display: flex; gap: 12px; align-items: center;
  background: var(--accent-bg); border: 1px solid var(--accent); border-radius: 6px;
  padding: 6px 12px; margin: 8px 0; overflow-wrap: anywhere;
}
.filter-banner[hidden] { display: none; }
.filter-banner button, .more, .crumbs button {
  background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 2px 10px; cursor: pointer;
}
figure.stacks { margin: 0; }
.stack-heads, .columns { display: grid; grid-template-columns: 1fr 56px 1fr; }
.stack-heads > :last-child { grid-column: 3; }
.stack-heads { font-weight: 600; margin-bottom: 4px; overflow-wrap: anywhere; }
.image-tag { display: inline-block; min-width: 1.6em; text-align: center; border-radius: 4px; background: var(--fg); color: var(--bg); font-size: 12px; }
.stack { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
.stack.base { margin-bottom: 6px; }
.stack li { margin: 0; }
.layer-bar {
  display: grid; gap: 3px; width: 100%; text-align: left; cursor: pointer;
  background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px;
}
.layer-bar:hover { border-color: var(--accent); }
.layer-bar[aria-pressed="true"] { border-color: var(--accent); box-shadow: inset 0 0 0 2px var(--accent); background: var(--accent-bg); }
.layer-bar.shared { border-style: dashed; }
.bar-head { display: flex; gap: 8px; align-items: baseline; min-width: 0; }
.layer-id { font-weight: 700; white-space: nowrap; }
.layer-size { white-space: nowrap; }
.layer-step { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; color: var(--muted); }
.bar-track { display: block; height: 10px; }
.stack.base .bar-track { width: calc(50% - 28px); }
.bar-fill { display: block; position: relative; height: 10px; min-width: 2px; background: var(--accent); border-radius: 2px; }
.bar-waste {
  position: absolute; right: 0; top: 0; bottom: 0; border-left: 1px solid var(--bg);
  background: repeating-linear-gradient(45deg, var(--wasted) 0 3px, var(--fg) 3px 4px);
}
.bar-notes { font-size: 12px; color: var(--muted); }
.columns { position: relative; }
.columns > .stack[data-stack="b"] { grid-column: 3; }
svg.links { position: absolute; top: 0; left: calc(50% - 28px); width: 56px; height: 100%; overflow: visible; }
svg.links .link { fill: none; stroke: var(--accent); stroke-width: 2; stroke-dasharray: 4 3; }
.crumbs { list-style: none; display: flex; flex-wrap: wrap; gap: 4px; padding: 0; margin: 4px 0 8px; align-items: center; }
.crumbs li + li::before { content: "›"; color: var(--muted); margin-right: 4px; }
.crumbs span { font-weight: 600; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 16px; padding: 0; margin: 4px 0 8px; }
.legend li { display: inline-flex; gap: 6px; align-items: center; }
svg.swatch { width: 22px; height: 14px; flex: none; }
svg.treemap { display: block; width: 100%; background: var(--card); border: 1px solid var(--line); border-radius: 6px; }
.tile .fill, .swatch .fill { fill: var(--same); stroke: var(--bg); stroke-width: 1; }
.grown .fill { fill: var(--grown); }
.shrunk .fill { fill: var(--shrunk); }
.new .fill { fill: var(--new); }
.wasted .fill { fill: var(--wasted); }
.others .fill { fill: var(--others); }
.layer-0 .fill { fill: var(--l0); } .layer-1 .fill { fill: var(--l1); }
.layer-2 .fill { fill: var(--l2); } .layer-3 .fill { fill: var(--l3); }
.layer-4 .fill { fill: var(--l4); } .layer-5 .fill { fill: var(--l5); }
.layer-6 .fill { fill: var(--l6); } .layer-7 .fill { fill: var(--l7); }
.tile .pattern, .swatch .pattern { pointer-events: none; }
.ink { fill: var(--ink); }
.ink-line { stroke: var(--ink); stroke-width: 1.5; fill: none; }
.tile text { fill: var(--tile-text); font-size: 12px; pointer-events: none; }
.tile text.name { font-weight: 600; }
.tile.dir { cursor: zoom-in; }
.tile:focus { outline: none; }
.tile:hover .fill, .tile:focus .fill { stroke: var(--fg); stroke-width: 3; }
svg.treemap text.empty { fill: var(--muted); }
.tooltip {
  position: absolute; z-index: 10; max-width: 520px; pointer-events: none;
  background: var(--fg); color: var(--bg); border-radius: 6px; padding: 6px 10px;
  font-size: 12px; overflow-wrap: anywhere; box-shadow: 0 4px 12px rgba(0, 0, 0, 0.25);
}
.tooltip div:first-child { font-family: ui-monospace, monospace; font-weight: 600; }
.tooltip[hidden] { display: none; }
.controls { display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: center; margin: 8px 0; }
.controls fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: 12px; }
.controls legend { float: left; margin-right: 8px; color: var(--muted); }
.controls input[type="search"], .controls select { font: inherit; padding: 2px 6px; background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 6px; }
.controls input[type="search"] { width: 22em; }
ul[role="tree"], ul[role="group"] { list-style: none; margin: 0; padding: 0; }
ul[role="group"] { padding-left: 18px; border-left: 1px dotted var(--line); margin-left: 6px; }
li[role="treeitem"] { margin: 0; }
li[role="treeitem"]:focus { outline: none; }
li[role="treeitem"]:focus > .row, li.more:focus { outline: 2px solid var(--accent); outline-offset: -2px; }
.row { display: flex; gap: 8px; align-items: baseline; padding: 2px 4px; border-radius: 4px; cursor: default; }
.row:hover { background: var(--card); }
.twisty { width: 1em; flex: none; color: var(--muted); cursor: pointer; }
.badge { flex: none; font-size: 11.5px; padding: 0 5px; border-radius: 4px; border: 1px solid var(--line); white-space: nowrap; }
.badge.added, .change-added { background: var(--add-bg); }
.badge.removed, .change-removed { background: var(--del-bg); }
.badge.modified, .change-upgraded, .change-downgraded { background: var(--mod-bg); }
.row .name { overflow-wrap: anywhere; }
.row .meta { color: var(--muted); font-size: 12px; }
.diff-link { font-size: 12px; color: var(--accent); }
li.more { margin: 4px 0 4px 20px; display: inline-block; }
.content-diff { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; }
.content-diff summary { padding: 6px 10px; cursor: pointer; background: var(--card); overflow-wrap: anywhere; }
pre.diff { margin: 0; padding: 8px 10px; overflow-x: auto; tab-size: 4; }
pre.diff span { display: inline-block; min-width: 100%; }
pre.diff .add { background: var(--add-bg); }
pre.diff .del { background: var(--del-bg); }
pre.diff .hunk { color: var(--accent); }
pre.diff .file { font-weight: 700; }
.warnings { color: var(--warn); }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print {
  :root {
    color-scheme: light;
    --bg: #ffffff; --fg: #000000; --muted: #444444; --line: #bbbbbb; --card: #ffffff;
    --tile-text: #000000; --ink: rgba(0, 0, 0, 0.4);
    --grown: #ff9492; --shrunk: #6fdd8b; --new: #c297ff; --same: #dddddd;
    --wasted: #eac54f; --others: #f2f2f2; --add-bg: #dafbe1; --del-bg: #ffebe9; --mod-bg: #fff8c5;
    --l0: #a5d6ff; --l1: #ffd8b5; --l2: #b4f1c4; --l3: #e7d5ff;
    --l4: #ffcfe0; --l5: #fff1a8; --l6: #b9f0ef; --l7: #dcd1c4;
  }
  body { max-width: none; padding: 0; font-size: 11px; }
  .controls, .filter-banner, .tooltip, .hint, .diff-link, li.more, .crumbs button, noscript { display: none !important; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  h2 { break-after: avoid; }
  .layer-bar, .figure, li[role="treeitem"] > .row, tr, svg.treemap { break-inside: avoid; }
  .layer-step { white-space: normal; }
}
`;
