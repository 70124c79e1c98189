import type { Change } from "../diff.ts";
import { compareNames } from "../../tar/name.ts";
import type { Ecosystem } from "./package.ts";
import { PACKAGE_READERS, packageReader } from "./package_readers.ts";
import type {
  PackageError,
  PackageInventory,
  ScannedPackage,
} from "./scan_packages.ts";

/** How a package differs from A to B. */
export type PackageChangeKind = "added" | "removed" | "upgraded" | "downgraded";

/** One side of a package change. */
export interface PackageSide {
  version: string;
  arch: string | null;
  /** The database's estimate, in bytes. */
  installedSize: number | null;
  /** Bytes of the files it owns in the merged filesystem. */
  measuredSize: number;
  location: string;
  layer: number | null;
}

/** A package added, removed or moved to another version. */
export interface PackageChange {
  ecosystem: Ecosystem;
  name: string;
  change: PackageChangeKind;
  a: PackageSide | null;
  b: PackageSide | null;
  /** B's installed size minus A's (a missing side counts 0); null when a side present has no estimate. */
  installedSizeDelta: number | null;
  /** B's measured size minus A's. */
  measuredSizeDelta: number;
  /** The layer of B that made the change: installed it, or rewrote the database without it. */
  layer: number | null;
}

/** A file no package owns, by how much it grew. */
export interface UnownedGrowth {
  path: string;
  sizeDelta: number;
  layer: number;
}

/** What the packages explain of an image's growth. */
export interface PackageGrowth {
  /** Bytes of regular files in B's merged filesystem minus A's. */
  total: number;
  /** Of that, in files some package owns (B's owned bytes minus A's). */
  packages: number;
  /** The rest: files no package owns. */
  unowned: number;
  /** The added or grown files that no package of B owns, largest growth first. */
  topUnowned: UnownedGrowth[];
}

/** Counts and owned bytes of one image's packages. */
export interface PackageTotals {
  packages: number;
  /** Bytes of regular files some package owns. */
  ownedBytes: number;
}

/** The `packages` section of a diff. */
export interface PackageDiff {
  /** Ecosystems found in either image, in reader order. */
  ecosystems: Ecosystem[];
  a: PackageTotals;
  b: PackageTotals;
  /** Sorted by ecosystem, then name. */
  changes: PackageChange[];
  growth: PackageGrowth;
  errors: (PackageError & { image: "a" | "b" })[];
}

/**
 * Compares two images' packages: added, removed, upgraded and downgraded
 * (by each ecosystem's version order), with the bytes each change moved
 * and the layer that made it; and how much of B's growth files that no
 * package owns account for.
 */
export function diffPackages(
  inventories: { a: PackageInventory; b: PackageInventory },
  options: {
    changes: Change[];
    /** Paths a layer of B deleted, with that layer. */
    removedBy: ReadonlyMap<string, number>;
    top: number;
  },
): PackageDiff {
  const { a, b } = inventories;
  const keyOf = packageKeys(a.packages, b.packages);
  const before = new Map(a.packages.map((pkg) => [keyOf(pkg), pkg]));
  const after = new Map(b.packages.map((pkg) => [keyOf(pkg), pkg]));
  const changes: PackageChange[] = [];
  for (const [key, old] of before) {
    const now = after.get(key);
    if (!now) {
      changes.push(
        change(
          "removed",
          old,
          undefined,
          removedLayer(old, b, options.removedBy),
        ),
      );
      continue;
    }
    const order = packageReader(old.ecosystem).compareVersions(
      old.version,
      now.version,
    );
    // Versions equal by the ecosystem's rules but spelled apart (dpkg
    // `0:1.0` and `1.0`, PEP 440 `1.0` and `1.0.0`) are the same version.
    if (order !== 0) {
      const kind = order > 0 ? "downgraded" : "upgraded";
      changes.push(change(kind, old, now, now.layer));
    }
  }
  for (const [key, now] of after) {
    if (!before.has(key)) {
      changes.push(change("added", undefined, now, now.layer));
    }
  }
  const rank = new Map(
    ecosystemsOf([...a.packages, ...b.packages]).map((e, i) => [e, i]),
  );
  changes.sort((x, y) =>
    rank.get(x.ecosystem)! - rank.get(y.ecosystem)! ||
    compareNames(x.name, y.name) ||
    compareNames((x.b ?? x.a)!.location, (y.b ?? y.a)!.location)
  );
  const total = b.fileBytes - a.fileBytes;
  const packages = b.ownedBytes - a.ownedBytes;
  return {
    ecosystems: [...rank.keys()],
    a: { packages: a.packages.length, ownedBytes: a.ownedBytes },
    b: { packages: b.packages.length, ownedBytes: b.ownedBytes },
    changes,
    growth: {
      total,
      packages,
      unowned: total - packages,
      topUnowned: topUnowned(options.changes, b, options.top),
    },
    errors: [
      ...a.errors.map((error) => ({ image: "a" as const, ...error })),
      ...b.errors.map((error) => ({ image: "b" as const, ...error })),
    ],
  };
}

/** Ecosystems present, in reader order. */
function ecosystemsOf(packages: ScannedPackage[]): Ecosystem[] {
  const present = new Set(packages.map((pkg) => pkg.ecosystem));
  return PACKAGE_READERS.map((reader) => reader.ecosystem)
    .filter((ecosystem) => present.has(ecosystem));
}

/**
 * A package's identity across images. OS packages go by name (and by
 * architecture for a name installed for several); Python and npm ones by
 * where they are installed too, since one image can hold several copies.
 */
function packageKeys(
  a: ScannedPackage[],
  b: ScannedPackage[],
): (pkg: ScannedPackage) => string {
  const seen = new Set<string>();
  const multiArch = new Set<string>();
  for (const list of [a, b]) {
    seen.clear();
    for (const pkg of list) {
      const name = `${pkg.ecosystem}\0${pkg.name}`;
      if (seen.has(name)) multiArch.add(name);
      seen.add(name);
    }
  }
  return (pkg) => {
    const name = `${pkg.ecosystem}\0${pkg.name}`;
    switch (pkg.ecosystem) {
      case "python":
        return `${name}\0${
          pkg.location.slice(0, pkg.location.lastIndexOf("/"))
        }`;
      case "npm":
        return `${name}\0${pkg.location}`;
      default:
        return multiArch.has(name) ? `${name}\0${pkg.arch}` : name;
    }
  };
}

function side(pkg: ScannedPackage): PackageSide {
  return {
    version: pkg.version,
    arch: pkg.arch,
    installedSize: pkg.installedSize,
    measuredSize: pkg.measuredSize,
    location: pkg.location,
    layer: pkg.layer,
  };
}

function change(
  kind: PackageChangeKind,
  a: ScannedPackage | undefined,
  b: ScannedPackage | undefined,
  layer: number | null,
): PackageChange {
  const estimate = (pkg: ScannedPackage | undefined) =>
    pkg ? pkg.installedSize : 0;
  const [before, after] = [estimate(a), estimate(b)];
  return {
    ecosystem: (a ?? b)!.ecosystem,
    name: (a ?? b)!.name,
    change: kind,
    a: a ? side(a) : null,
    b: b ? side(b) : null,
    installedSizeDelta: before === null || after === null
      ? null
      : after - before,
    measuredSizeDelta: (b?.measuredSize ?? 0) - (a?.measuredSize ?? 0),
    layer,
  };
}

/**
 * The layer of B that removed a package: the one that deleted its record,
 * or else the one that last wrote the database that no longer lists it.
 */
function removedLayer(
  pkg: ScannedPackage,
  b: PackageInventory,
  removedBy: ReadonlyMap<string, number>,
): number | null {
  const deleted = removedBy.get(pkg.location);
  if (deleted !== undefined) return deleted;
  const database = pkg.ecosystem === "dpkg" || pkg.ecosystem === "apk" ||
    pkg.ecosystem === "rpm";
  return database ? b.layerOf(pkg.location) ?? null : null;
}

function topUnowned(
  changes: Change[],
  b: PackageInventory,
  top: number,
): UnownedGrowth[] {
  const grown: UnownedGrowth[] = [];
  for (const change of changes) {
    const after = change.b;
    if (!after || after.type !== "file" || b.owners.has(change.path)) continue;
    const sizeDelta = after.size -
      (change.a?.type === "file" ? change.a.size : 0);
    if (sizeDelta > 0) {
      grown.push({ path: change.path, sizeDelta, layer: after.layer });
    }
  }
  grown.sort((x, y) =>
    y.sizeDelta - x.sizeDelta || compareNames(x.path, y.path)
  );
  return grown.slice(0, top);
}
