import type { Change, ChangedField } from "../../analyze/diff.ts";
import type { InspectReport } from "../../analyze/inspect_report.ts";
import type { DiffReport, ImageSummary } from "../../analyze/report.ts";
import { type SizeTree, sizeTree } from "../../analyze/size_tree.ts";
import type { MergedEntry } from "../../merge/merged_entry.ts";
import { shortenCommand } from "../format_report.ts";

/** Change kinds in the order their codes (0, 1, 2) stand for. */
export const CHANGE_KINDS = ["added", "removed", "modified"] as const;

/** Changed fields in the order of their bits (bit 0 is "type"). */
export const FIELD_BITS: readonly ChangedField[] = [
  "type",
  "content",
  "mode",
  "uid",
  "gid",
  "target",
  "device",
  "mtime",
];

/**
 * What the page's script draws, embedded once as JSON: the size tree
 * (names as a tree, sizes and layers in columns) and the changes as
 * numbers that point into it, never an object or a full path per file.
 */
export interface PageData {
  kind: "diff" | "inspect";
  tree: SizeTree;
  /**
   * The report had no `tree` (built without `tree: true`): this one holds
   * only the changed paths, enough for the change list but not a treemap.
   */
  partial: boolean;
  /**
   * Four numbers per change, in path order: the node, the kind (index
   * into `CHANGE_KINDS`), the changed fields (bits of `FIELD_BITS`), and
   * the layer of B that deleted a removed path (−1 when none did).
   */
  changes: number[];
  /** The node of each `report.contentChanges[i]`, in that order. */
  contentNodes: number[];
  /** Each layer's history step, shortened; A's empty for inspect. */
  steps: { a: string[]; b: string[] };
  /** Layers at the bottom both images share (drawn once). */
  sharedPrefix: number;
}

/** The page data of a diff or an inspect report. */
export function pageData(report: DiffReport | InspectReport): PageData {
  if ("image" in report) {
    const tree = report.report.tree;
    return {
      kind: "inspect",
      tree: tree ?? sizeTree({ b: { fs: new Map(), hidden: [] } }),
      partial: tree === undefined,
      changes: [],
      contentNodes: [],
      steps: { a: [], b: steps(report.image) },
      sharedPrefix: 0,
    };
  }
  const tree = report.report.tree ?? changedPathsTree(report.changes);
  const nodes = nodeIndex(tree);
  const removedBy = new Map(
    (report.report.removedBy ?? []).map(({ path, layer }) => [path, layer]),
  );
  const changes: number[] = [];
  for (const change of report.changes) {
    let fields = 0;
    for (const field of change.fields) fields |= 1 << FIELD_BITS.indexOf(field);
    changes.push(
      nodes.get(change.path)!,
      CHANGE_KINDS.indexOf(change.change),
      fields,
      removedBy.get(change.path) ?? -1,
    );
  }
  return {
    kind: "diff",
    tree,
    partial: report.report.tree === undefined,
    changes,
    contentNodes: (report.report.contentChanges ?? []).map((change) =>
      nodes.get(change.path)!
    ),
    steps: { a: steps(report.images.a), b: steps(report.images.b) },
    sharedPrefix: report.layers.sharedPrefix,
  };
}

function steps(image: ImageSummary): string[] {
  return image.layers.map((layer) => shortenCommand(layer.createdBy, 80));
}

/** A size tree of the changed paths alone, from their entries in the diff. */
function changedPathsTree(changes: Change[]): SizeTree {
  const a = new Map<string, MergedEntry>();
  const b = new Map<string, MergedEntry>();
  for (const change of changes) {
    if (change.a) a.set(change.path, change.a);
    if (change.b) b.set(change.path, change.b);
  }
  return sizeTree({ a: { fs: a, hidden: [] }, b: { fs: b, hidden: [] } });
}

/** Path → node of a size tree. */
function nodeIndex(tree: SizeTree): Map<string, number> {
  const paths: string[] = ["/"];
  const index = new Map<string, number>([["/", 0]]);
  for (let i = 1; i < tree.names.length; i++) {
    const parent = tree.parents[i];
    paths.push(`${parent === 0 ? "" : paths[parent]}/${tree.names[i]}`);
    index.set(paths[i], i);
  }
  return index;
}
