import { compareNames } from "../../tar/name.ts";
import type { Ecosystem } from "./package.ts";
import type { PackageError, PackageInventory } from "./scan_packages.ts";

/** One package of an image, as `inspect` lists it. */
export interface ListedPackage {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  arch: string | null;
  installedSize: number | null;
  measuredSize: number;
  location: string;
  layer: number | null;
}

/** The `packages` section of `inspect`. */
export interface PackageList {
  /** Ecosystems found, in reader order. */
  ecosystems: Ecosystem[];
  /** How many packages there are in all. */
  count: number;
  /** Bytes of regular files some package owns. */
  ownedBytes: number;
  /** Bytes of regular files no package owns. */
  unownedBytes: number;
  /** Every package, largest measured size first (then by name). */
  packages: ListedPackage[];
  errors: PackageError[];
}

/** An image's packages by size, for `inspect`. */
export function listPackages(inventory: PackageInventory): PackageList {
  const packages = inventory.packages.map((pkg) => ({
    ecosystem: pkg.ecosystem,
    name: pkg.name,
    version: pkg.version,
    arch: pkg.arch,
    installedSize: pkg.installedSize,
    measuredSize: pkg.measuredSize,
    location: pkg.location,
    layer: pkg.layer,
  }));
  packages.sort((x, y) =>
    y.measuredSize - x.measuredSize || compareNames(x.name, y.name) ||
    compareNames(x.location, y.location)
  );
  return {
    ecosystems: [...new Set(inventory.packages.map((pkg) => pkg.ecosystem))],
    count: packages.length,
    ownedBytes: inventory.ownedBytes,
    unownedBytes: inventory.fileBytes - inventory.ownedBytes,
    packages,
    errors: inventory.errors,
  };
}
