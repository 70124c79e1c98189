import type { LayerIndex } from "../../layer/entry.ts";
import { keptContent } from "../../merge/kept_content.ts";
import type { MergedFs } from "../../merge/merged_entry.ts";
import { compareNames } from "../../tar/name.ts";
import type {
  Ecosystem,
  InstalledPackage,
  InventoryError,
  PackageReader,
} from "./package.ts";
import { PACKAGE_READERS } from "./package_readers.ts";

/** An installed package with what our merged filesystem says about it. */
export interface ScannedPackage extends InstalledPackage {
  /** Bytes of the regular files it owns, as the merged filesystem has them. */
  measuredSize: number;
  /** The layer that last wrote its record or one of its files; null if none is present. */
  layer: number | null;
}

/** A problem with one image's inventory, and the ecosystem it concerns. */
export interface PackageError extends InventoryError {
  ecosystem: Ecosystem;
}

/** Every package of one image, and who owns which file. */
export interface PackageInventory {
  /** Sorted by ecosystem (reader order), name, location. */
  packages: ScannedPackage[];
  errors: PackageError[];
  /** Regular file path → the package (index into `packages`) that owns it. */
  owners: Map<string, number>;
  /** Bytes of the regular files some package owns. */
  ownedBytes: number;
  /** Bytes of all regular files of the merged filesystem. */
  fileBytes: number;
  /** The layer a path of the merged filesystem came from. */
  layerOf(path: string): number | undefined;
}

/**
 * Reads the package databases an image's layers kept (see `keepPolicy`)
 * from its merged filesystem and measures each package by the files it owns
 * there. npm packages own every file under their directory but nested
 * `node_modules`. A database that was not kept, or kept only in part, is
 * an error entry, never a failed report.
 */
export function scanPackages(
  indexes: readonly LayerIndex[],
  fs: MergedFs,
): PackageInventory {
  const files = new Map<string, Uint8Array>();
  const errors: PackageError[] = [];
  let fileBytes = 0;
  for (const entry of fs.values()) {
    if (entry.type === "file") fileBytes += entry.size;
    else if (entry.type !== "hardlink") continue;
    const reader = readerOf(entry.path);
    if (!reader) continue;
    const content = keptContent(indexes, entry);
    if (content instanceof Uint8Array) files.set(entry.path, content);
    else {
      errors.push({
        ecosystem: reader.ecosystem,
        path: entry.path,
        message: notKeptMessage(content),
      });
    }
  }
  const exists = (path: string) => fs.has(path);
  const packages: ScannedPackage[] = [];
  for (const reader of PACKAGE_READERS) {
    const inventory = reader.read({ files, exists });
    for (const error of inventory.errors) {
      errors.push({ ecosystem: reader.ecosystem, ...error });
    }
    const found = inventory.packages.map((pkg) => ({
      ...pkg,
      measuredSize: 0,
      layer: null,
    }));
    found.sort((x, y) =>
      compareNames(x.name, y.name) || compareNames(x.location, y.location)
    );
    packages.push(...found);
  }
  errors.sort((x, y) => compareNames(x.path, y.path));
  const { owners, ownedBytes } = measure(packages, fs);
  return {
    packages,
    errors,
    owners,
    ownedBytes,
    fileBytes,
    layerOf: (path) => fs.get(path)?.layer,
  };
}

/** The reader that wants this path; a loop, as it runs for every file. */
function readerOf(path: string): PackageReader | undefined {
  for (const reader of PACKAGE_READERS) if (reader.wants(path)) return reader;
  return undefined;
}

function notKeptMessage(reason: string | undefined): string {
  switch (reason) {
    case "too-large":
      return "not read: larger than the limit for a package database";
    case "budget":
      return "not read: the bytes kept for package databases ran out; inventory incomplete";
    case "link":
      return "not read: a hard link to a file whose bytes were not kept (they streamed past before the link named them)";
    default:
      return "not read: the image was opened without keeping package databases";
  }
}

/**
 * Sets each package's measured size and layer (that of its record file, or
 * else the highest layer of its non-directory files, or else its
 * database's); returns the owner map and the bytes it covers.
 */
function measure(
  packages: ScannedPackage[],
  fs: MergedFs,
): { owners: Map<string, number>; ownedBytes: number } {
  const owners = new Map<string, number>();
  let ownedBytes = 0;
  const own = (path: string, owner: number, entry = fs.get(path)) => {
    if (!entry || entry.type === "dir") return;
    const pkg = packages[owner];
    if (pkg.layer === null || entry.layer > pkg.layer) pkg.layer = entry.layer;
    if (entry.type !== "file" || owners.has(path)) return;
    owners.set(path, owner);
    pkg.measuredSize += entry.size;
    ownedBytes += entry.size;
  };
  const npmDirs = new Map<string, number>();
  packages.forEach((pkg, i) => {
    for (const path of pkg.files) own(path, i);
    if (pkg.ecosystem === "npm") npmDirs.set(pkg.location, i);
  });
  if (npmDirs.size > 0) {
    // Paths of one package directory mostly come together: the last
    // directory is tried first, sparing a slice and a lookup.
    let lastDir = "";
    let lastOwner: number | undefined;
    for (const [path, entry] of fs) {
      if (
        lastDir === "" || !path.startsWith(lastDir) ||
        path[lastDir.length] !== "/" ||
        path.includes("/node_modules/", lastDir.length)
      ) {
        lastDir = npmPackageDir(path) ?? "";
        lastOwner = npmDirs.get(lastDir);
      }
      if (lastOwner !== undefined) own(path, lastOwner, entry);
    }
  }
  for (const pkg of packages) {
    const record = recordFiles(pkg).map((path) => fs.get(path)).find(Boolean);
    if (record) pkg.layer = record.layer;
    else if (pkg.layer === null) {
      pkg.layer = fs.get(pkg.location)?.layer ?? null;
    }
  }
  return { owners, ownedBytes };
}

/**
 * Files written exactly when the package was installed or upgraded: their
 * layer is the package's, whatever later layers did to its other files.
 */
function recordFiles(pkg: InstalledPackage): string[] {
  switch (pkg.ecosystem) {
    case "dpkg": {
      const info = "/var/lib/dpkg/info/";
      return [`${info}${pkg.name}.list`, `${info}${pkg.name}:${pkg.arch}.list`];
    }
    case "python":
      return [`${pkg.location}/METADATA`, `${pkg.location}/PKG-INFO`];
    case "npm":
      return [`${pkg.location}/package.json`];
    default:
      return [];
  }
}

/** The npm package directory a path lies in: `/x/node_modules/[@s/]name`. */
function npmPackageDir(path: string): string | undefined {
  const at = path.lastIndexOf("/node_modules/");
  if (at < 0) return undefined;
  const start = at + "/node_modules/".length;
  let end = path.indexOf("/", start);
  if (end < 0) return undefined;
  if (path[start] === "@") {
    end = path.indexOf("/", end + 1);
    if (end < 0) return undefined;
  }
  return path.slice(0, end);
}
