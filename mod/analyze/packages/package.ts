/** The package managers whose databases layerdiff reads. */
export type Ecosystem = "dpkg" | "apk" | "rpm" | "python" | "npm";

/** One installed package as its database (or metadata file) records it. */
export interface InstalledPackage {
  ecosystem: Ecosystem;
  /** As recorded; Python names PEP 503-normalised (`zope-interface`). */
  name: string;
  /** As recorded; rpm as `[epoch:]version-release`. */
  version: string;
  /** Architecture, when the ecosystem records one. */
  arch: string | null;
  /** Installed size in bytes by the database's own estimate, when it has one. */
  installedSize: number | null;
  /** Source package (dpkg Source, apk origin, rpm source rpm), when recorded. */
  source: string | null;
  /** Absolute, normalised paths the database says the package owns (directories included). */
  files: string[];
  /**
   * Where the package is recorded: the database file for dpkg, apk and rpm,
   * the `.dist-info`/`.egg-info` path for Python, the package directory
   * (`/app/node_modules/@scope/name`) for npm.
   */
  location: string;
}

/** A problem met while reading an inventory; the rest of it is still used. */
export interface InventoryError {
  /** The file that could not be read (fully). */
  path: string;
  message: string;
}

/** What one reader found in one merged filesystem. */
export interface Inventory {
  packages: InstalledPackage[];
  errors: InventoryError[];
}

/**
 * The bytes a package scan kept from a merged filesystem: path → content of
 * the regular files some reader `wants`, plus `exists` for paths whose
 * presence alone matters (an rpm BerkeleyDB file is named, never read).
 */
export interface KeptFiles {
  files: ReadonlyMap<string, Uint8Array>;
  exists(path: string): boolean;
}

/** One ecosystem: which files to keep, how to read them, how to order versions. */
export interface PackageReader {
  ecosystem: Ecosystem;
  /** Whether the scan keeps the bytes of this absolute path (a regular file). */
  wants(path: string): boolean;
  /** The packages recorded in the kept files; never throws on bad content. */
  read(kept: KeptFiles): Inventory;
  /** Version order by the ecosystem's own rules: < 0, 0 or > 0. */
  compareVersions(a: string, b: string): number;
}
