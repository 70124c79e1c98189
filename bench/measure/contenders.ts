/**
 * The commands the benchmark times on one pair in one archive form, as bash
 * scripts: layerdiff itself (cold, and with a layer cache holding A's
 * layers or both images'), the C-tool floor (one streaming pipeline per
 * layer: extract the blob, decompress, untar, sha256 the contents), and the
 * alternative a user has without layerdiff (skopeo copy to OCI layouts,
 * umoci unpack both, `diff -rq` the two trees).
 */
import type { ArchiveInfo, ArchiveLayer } from "../gen/write_archive.ts";
import { V8_FLAGS } from "./v8_flags.ts";

/** One timed command. */
export interface Contender {
  /** Key in the results. */
  key: ContenderKey;
  /** Bash script; `$WORK` is an empty scratch folder, removed after the run. */
  script: string;
  /** Bash script run untimed before each run of `script`, in the same `$WORK`. */
  setup?: string;
  /** Commands the script needs. */
  tools: string[];
  /** Measure peak RSS too. */
  rss?: boolean;
}

/** The contenders of a row. */
export type ContenderKey =
  | "layerdiff"
  | "warmA"
  | "warmBoth"
  | "noPackages"
  | "uniqueFloor"
  | "fullFloor"
  | "alternative";

/** The two archives of a pair in one form. */
export interface ArchivePair {
  a: ArchiveInfo;
  b: ArchiveInfo;
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** layerdiff with JSON output, as a user runs it in CI, with no layer cache. */
export function layerdiff(pair: ArchivePair): Contender {
  return {
    key: "layerdiff",
    script: `${command(pair)} --no-cache > /dev/null`,
    tools: ["deno", "/usr/bin/time"],
    rss: true,
  };
}

/**
 * layerdiff with a layer cache that already holds A's layers ("warmA": CI
 * comparing a pull request's image with the base it was compared with
 * before; B's own layers are read and cached) or both images' ("warmBoth":
 * the same comparison again). The setup fills the cache, untimed.
 */
export function layerdiffWarm(
  pair: ArchivePair,
  options: { both: boolean },
): Contender {
  const run = `${command(pair)} --cache-dir "$WORK/cache" > /dev/null`;
  return {
    key: options.both ? "warmBoth" : "warmA",
    setup: options.both
      ? run
      : `${
        layerdiffCommand(`inspect ${quote(pair.a.path)}`)
      } --json --cache-dir "$WORK/cache" > /dev/null`,
    script: run,
    tools: ["deno", "/usr/bin/time"],
    rss: true,
  };
}

/** `layerdiff A B --json`. */
function command(pair: ArchivePair): string {
  return layerdiffCommand(`${quote(pair.a.path)} ${quote(pair.b.path)} --json`);
}

/** layerdiff with `args`, allowed to read, write (its cache) and see the environment. */
function layerdiffCommand(args: string): string {
  return `deno run --allow-read --allow-write --allow-env ${V8_FLAGS} main.ts ${args}`;
}

/**
 * layerdiff without the packages section (every other section), so that no
 * package database is kept or read: the baseline of the package scan's cost.
 */
export function layerdiffWithoutPackages(pair: ArchivePair): Contender {
  return {
    key: "noPackages",
    script: `${
      command(pair)
    } --no-cache --section summary,layers,bloat,directories,files,changes > /dev/null`,
    tools: ["deno", "/usr/bin/time"],
    rss: true,
  };
}

/**
 * The floor: every layer of both images ("fullFloor"), or each distinct
 * diffID once ("uniqueFloor"), one pipeline per layer, in image order.
 */
export function floor(
  pair: ArchivePair,
  options: { unique: boolean },
): Contender {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const archive of [pair.a, pair.b]) {
    for (const layer of archive.layers) {
      if (options.unique && seen.has(layer.diffId)) continue;
      seen.add(layer.diffId);
      lines.push(layerPipeline(archive.path, layer));
    }
  }
  return {
    key: options.unique ? "uniqueFloor" : "fullFloor",
    script: lines.join("\n"),
    tools: ["tar", "pigz", "openssl"],
  };
}

function layerPipeline(archive: string, layer: ArchiveLayer): string {
  const decompress = layer.compression === "gzip" ? " | pigz -dc" : "";
  return `tar -xOf ${quote(archive)} ${quote(layer.member)}${decompress}` +
    " | tar -xOf - | openssl dgst -sha256 > /dev/null";
}

/**
 * The alternative: `skopeo copy` each archive to an OCI layout (for
 * docker-archive this recompresses the layers with gzip: skopeo 1.9's
 * `--dest-oci-accept-uncompressed-layers` labels the uncompressed blobs as
 * gzip and umoci then fails), `umoci unpack` both, `diff -rq` the rootfs
 * trees (exit 1, "they differ", is success here).
 */
export function alternative(
  pair: ArchivePair,
  options: { transport: "docker-archive" | "oci-archive" },
): Contender {
  const copy = (archive: ArchiveInfo, name: string) =>
    `skopeo copy -q ${options.transport}:${quote(archive.path)} ` +
    `oci:"$WORK/${name}:latest"`;
  return {
    key: "alternative",
    script: [
      "set -e",
      copy(pair.a, "a"),
      copy(pair.b, "b"),
      `umoci unpack --image "$WORK/a:latest" "$WORK/ra"`,
      `umoci unpack --image "$WORK/b:latest" "$WORK/rb"`,
      `diff -rq --no-dereference "$WORK/ra/rootfs" "$WORK/rb/rootfs" > /dev/null || [ $? -eq 1 ]`,
    ].join("\n"),
    tools: ["skopeo", "umoci", "diff"],
  };
}
