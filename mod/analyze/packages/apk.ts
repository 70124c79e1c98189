import { normalizePath } from "../../layer/path.ts";
import { compareApkVersions } from "./apk_version.ts";
import type {
  InstalledPackage,
  InventoryError,
  PackageReader,
} from "./package.ts";
import { decodeText, splitStanzas, type Stanza } from "./stanzas.ts";

const INSTALLED = "/lib/apk/db/installed";

/**
 * Alpine's apk: the installed db, one blank-line-separated block of
 * `K:value` lines per package (P name, V version, A arch, I installed
 * bytes, o origin, F a directory relative to the root, R a file in the
 * last F). The package owns its F directories and their R files.
 */
export const apkReader: PackageReader = {
  ecosystem: "apk",
  wants: (path) => path === INSTALLED,
  read(kept) {
    const packages: InstalledPackage[] = [];
    const errors: InventoryError[] = [];
    const bytes = kept.files.get(INSTALLED);
    if (!bytes) return { packages, errors };
    for (const block of splitStanzas(decodeText(bytes))) {
      const pkg = readBlock(block, errors);
      if (pkg) packages.push(pkg);
    }
    return { packages, errors };
  },
  compareVersions: compareApkVersions,
};

/** The package a block records; null (and an error) without P or V. */
function readBlock(
  block: Stanza,
  errors: InventoryError[],
): InstalledPackage | null {
  const fields = new Map<string, string>();
  const files = new Set<string>();
  let directory: string | null = null;
  let refused = 0;
  const own = (path: string) => {
    try {
      const normal = normalizePath(path);
      if (normal !== "/") files.add(normal);
    } catch {
      refused++;
    }
  };
  for (const line of block.lines) {
    if (line[1] !== ":") continue;
    const key = line[0];
    const value = line.slice(2);
    if (key === "F") {
      directory = value;
      own(value);
    } else if (key === "R") {
      own(directory === null ? value : `${directory}/${value}`);
    } else if (!fields.has(key)) fields.set(key, value);
  }
  const name = fields.get("P");
  const version = fields.get("V");
  const problem = !name
    ? "has no P (name) line; skipped"
    : !version
    ? "has no V (version) line; skipped"
    : refused > 0
    ? `lists ${refused} path(s) that escape the root or are too long; those skipped`
    : null;
  if (problem) {
    errors.push({
      path: INSTALLED,
      message: `package at line ${block.line} ${problem}`,
    });
  }
  if (!name || !version) return null;
  const size = fields.get("I");
  return {
    ecosystem: "apk",
    name,
    version,
    arch: fields.get("A") || null,
    installedSize: size && /^\d+$/.test(size) ? Number(size) : null,
    source: fields.get("o") || null,
    files: [...files],
    location: INSTALLED,
  };
}
