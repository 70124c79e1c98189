import { compareNpmVersions } from "./npm_version.ts";
import type {
  InstalledPackage,
  InventoryError,
  PackageReader,
} from "./package.ts";
import { decodeText } from "./stanzas.ts";

/** Larger package.json files are refused unread: no real one comes close. */
export const MAX_PACKAGE_JSON_BYTES = 1024 * 1024;

const MANIFEST = "/package.json";

/**
 * Installed npm packages: the `package.json` at the root of each
 * `node_modules/<name>` or `node_modules/@scope/<name>` directory, nested
 * `node_modules` and global ones (`/usr/lib/node_modules/npm`) included,
 * pnpm's `node_modules/.pnpm/<id>/node_modules/<name>` too; not the
 * `package.json` files deeper in a package (`lib/package.json`) nor
 * `node_modules/.package-lock.json`.
 *
 * `name` and `version` are as `package.json` records them (an aliased
 * install keeps the real name; `location` is the directory). `files` is
 * empty: npm records no file list, so the package scan attributes every
 * file under `location` but nested `node_modules` to the package.
 */
export const npmReader: PackageReader = {
  ecosystem: "npm",
  wants: (path) => packageDir(path) !== undefined,
  read(kept) {
    const packages: InstalledPackage[] = [];
    const errors: InventoryError[] = [];
    for (const [path, bytes] of kept.files) {
      const location = packageDir(path);
      if (location === undefined) continue;
      const manifest = readManifest(bytes);
      if (typeof manifest === "string") {
        errors.push({ path, message: `${manifest}; skipped` });
        continue;
      }
      packages.push({
        ecosystem: "npm",
        ...manifest,
        arch: null,
        installedSize: null,
        source: null,
        files: [],
        location,
      });
    }
    return { packages, errors };
  },
  compareVersions: compareNpmVersions,
};

/**
 * The package directory whose root `package.json` this path is, or
 * undefined: the parent must be `node_modules` (or a `@scope` in one), the
 * name neither hidden (`.bin`, `.pnpm`) nor `node_modules` itself.
 */
function packageDir(path: string): string | undefined {
  if (!path.endsWith(MANIFEST)) return undefined;
  const dir = path.slice(0, -MANIFEST.length);
  const slash = dir.lastIndexOf("/");
  const name = dir.slice(slash + 1);
  if (name === "" || name[0] === "." || name === "node_modules") {
    return undefined;
  }
  const parent = dir.slice(0, slash);
  if (parent.endsWith("/node_modules")) {
    return name[0] === "@" ? undefined : dir;
  }
  const scopeSlash = parent.lastIndexOf("/");
  const scope = parent.slice(scopeSlash + 1);
  const inScope = scope.length > 1 && scope[0] === "@" && name[0] !== "@" &&
    parent.slice(0, scopeSlash).endsWith("/node_modules");
  return inScope ? dir : undefined;
}

/** The name and version of a package.json, or why there are none. */
function readManifest(
  bytes: Uint8Array,
): { name: string; version: string } | string {
  if (bytes.length > MAX_PACKAGE_JSON_BYTES) {
    return `larger than ${MAX_PACKAGE_JSON_BYTES} bytes`;
  }
  let json: unknown;
  try {
    json = JSON.parse(decodeText(bytes));
  } catch {
    return "not valid JSON";
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return "not a JSON object";
  }
  const { name, version } = json as Record<string, unknown>;
  if (typeof name !== "string" || name === "") return "no name";
  if (typeof version !== "string" || version === "") return "no version";
  return { name, version };
}
