import type { Bloat } from "./bloat.ts";
import type { ContentChange } from "./content_changes.ts";
import type { DirectorySizes } from "./directory_sizes.ts";
import type { LayerView } from "./layer_views.ts";
import type { PackageDiff } from "./packages/package_diff.ts";
import type { Section } from "./sections.ts";
import type { SharedLayerDetails } from "./shared_layers.ts";
import type { SizeTree } from "./size_tree.ts";
import type { TopFile } from "./top_files.ts";

/**
 * The explanation of a diff (the JSON `report`): only the sections asked
 * for are present, and `sections` lists them.
 */
export interface DiffSections {
  sections: Section[];
  /** summary: what the images share and where they part ways. */
  sharedLayers?: SharedLayerDetails;
  /** layers: the per-layer view of each image. */
  layers?: { a: LayerView[]; b: LayerView[] };
  /** bloat: wasted bytes, duplicates and dive's figures of each image. */
  bloat?: { a: Bloat; b: Bloat };
  /** directories: size change by directory. */
  directories?: DirectorySizes;
  /** files: the largest added and grown files. */
  topFiles?: TopFile[];
  /** packages: packages added, removed, upgraded and downgraded, and what they explain of the growth. */
  packages?: PackageDiff;
  /** changes: removed paths that a layer of B deleted, with that layer; sorted by path. */
  removedBy?: { path: string; layer: number }[];
  /** changes, with `--content`: the content diffs of matching modified files; sorted by path. */
  contentChanges?: ContentChange[];
  /** With `tree: true` (the HTML view): every path of A and B with its sizes and layers, and B's hidden copies. */
  tree?: SizeTree;
}
