import { changeTreeView } from "./client/change_tree_view.ts";
import { layerControls, layerMatch, pageState } from "./client/layer_filter.ts";
import { pageMain } from "./client/page_main.ts";
import { pageModel } from "./client/page_model.ts";
import { pageBytes, pageDelta, visibleName } from "./client/page_format.ts";
import { squarify } from "./client/squarify.ts";
import { treemapView } from "./client/treemap_view.ts";

/**
 * Every function of the page's script. They are written as ordinary,
 * type-checked TypeScript under `client/` and embedded by their source
 * text (`Function.prototype.toString`, which gives the JavaScript Deno
 * runs, under `deno run` and in a `deno compile` binary alike), so each
 * may use only its own locals, the DOM and the functions listed here.
 */
const CLIENT_FUNCTIONS = [
  visibleName,
  pageBytes,
  pageDelta,
  squarify,
  pageModel,
  pageState,
  layerMatch,
  layerControls,
  treemapView,
  changeTreeView,
  pageMain,
];

/**
 * The page's script, one strict-mode function scope: no library, no
 * network, nothing loaded; it reads the data from
 * `<script id="layerdiff-data" type="application/json">`.
 */
export const PAGE_SCRIPT = `"use strict";\n(() => {\n${
  CLIENT_FUNCTIONS.map(String).join("\n")
}\npageMain();\n})();\n`;
