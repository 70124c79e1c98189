import type {
  InstalledPackage,
  InventoryError,
  KeptFiles,
  PackageReader,
} from "./package.ts";
import {
  comparePythonVersions,
  normalizePythonName,
} from "./python_version.ts";
import { decodeText } from "./stanzas.ts";

/** What a kept path is to this reader. */
type Kind =
  | "metadata"
  | "record"
  | "pkg-info"
  | "installed-files"
  | "egg-info-file";

/**
 * Installed Python distributions, as `importlib.metadata` finds them:
 *
 * - wheels: `<dir>/{site,dist}-packages/<x>.dist-info/METADATA`, with the
 *   owned files from `RECORD` (paths relative to the site directory,
 *   `../../../bin/x` included), and `installedSize` the sum of the sizes
 *   RECORD gives (null without a RECORD);
 * - setuptools, anywhere in the tree: `<x>.egg-info/PKG-INFO`, with the
 *   owned files from `installed-files.txt` (paths relative to the egg-info
 *   directory, plus the list itself) when old pip wrote one;
 * - distutils: `<x>.egg-info` as a regular file holding the PKG-INFO.
 *
 * Names are PEP 503-normalised; `location` is the `.dist-info` or
 * `.egg-info` path. The lists name files, not directories; without one,
 * `files` is empty.
 */
export const pythonReader: PackageReader = {
  ecosystem: "python",
  wants: (path) => kindOf(path) !== undefined,
  read(kept) {
    const packages: InstalledPackage[] = [];
    const errors: InventoryError[] = [];
    for (const [path, bytes] of kept.files) {
      const kind = kindOf(path);
      if (kind === undefined) continue;
      if (kind === "record" || kind === "installed-files") {
        const metadata = kind === "record" ? "METADATA" : "PKG-INFO";
        if (!kept.files.has(`${parentPath(path)}/${metadata}`)) {
          errors.push({ path, message: `no ${metadata} beside it; skipped` });
        }
        continue;
      }
      const location = kind === "egg-info-file" ? path : parentPath(path);
      const headers = metadataHeaders(decodeText(bytes));
      const name = headers.get("name");
      const version = headers.get("version");
      if (!name || !version) {
        const missing = !name ? "Name" : "Version";
        errors.push({ path, message: `no ${missing} header; skipped` });
        continue;
      }
      const owned = ownedFiles(location, kind, { kept, errors });
      packages.push({
        ecosystem: "python",
        name: normalizePythonName(name),
        version,
        arch: null,
        installedSize: owned?.size ?? null,
        source: null,
        files: owned?.files ?? [],
        location,
      });
    }
    return { packages, errors };
  },
  compareVersions: comparePythonVersions,
};

/** Cheap enough for every path of every layer: suffix tests first. */
function kindOf(path: string): Kind | undefined {
  // Called for every file of every layer: decide by the ending before
  // slicing anything.
  if (path.endsWith(".egg-info")) {
    return path.length - path.lastIndexOf("/") > ".egg-info/".length
      ? "egg-info-file"
      : undefined;
  }
  if (path.endsWith("/METADATA")) {
    return isDistInfo(path.slice(0, -"/METADATA".length))
      ? "metadata"
      : undefined;
  }
  if (path.endsWith("/RECORD")) {
    return isDistInfo(path.slice(0, -"/RECORD".length)) ? "record" : undefined;
  }
  if (path.endsWith("/PKG-INFO")) {
    return isEggInfo(path.slice(0, -"/PKG-INFO".length))
      ? "pkg-info"
      : undefined;
  }
  if (path.endsWith("/installed-files.txt")) {
    return isEggInfo(path.slice(0, -"/installed-files.txt".length))
      ? "installed-files"
      : undefined;
  }
  return undefined;
}

/** `<…>/site-packages/<x>.dist-info` or Debian's `dist-packages`. */
function isDistInfo(dir: string): boolean {
  if (!dir.endsWith(".dist-info")) return false;
  const site = parentPath(dir);
  return site.endsWith("/site-packages") || site.endsWith("/dist-packages");
}

function isEggInfo(dir: string): boolean {
  return dir.endsWith(".egg-info") &&
    dir.length - dir.lastIndexOf("/") > ".egg-info/".length;
}

function parentPath(path: string): string {
  return path.slice(0, path.lastIndexOf("/"));
}

/** RFC 822 header names: printable ASCII but space and colon. */
const HEADER_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/**
 * The headers of a METADATA or PKG-INFO file, names lower-cased, first
 * occurrence kept, values trimmed. As Python's email parser (which
 * importlib.metadata uses), the headers end at the first empty line or the
 * first line that is neither a header nor a continuation; the rest is the
 * description.
 */
function metadataHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, text[end - 1] === "\r" ? end - 1 : end);
    start = end + 1;
    if (line === "") break;
    if (line[0] === " " || line[0] === "\t") continue;
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).toLowerCase();
    if (colon <= 0 || !HEADER_NAME.test(name)) break;
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

interface Owned {
  files: string[];
  /** Sum of the sizes RECORD gives; null for installed-files.txt. */
  size: number | null;
}

/**
 * The files RECORD (beside METADATA) or installed-files.txt (beside
 * PKG-INFO) lists, resolved to absolute paths; undefined when there is no
 * such list. Paths that would climb above the root are counted in one
 * error entry and skipped.
 */
function ownedFiles(
  location: string,
  kind: Kind,
  context: { kept: KeptFiles; errors: InventoryError[] },
): Owned | undefined {
  if (kind === "egg-info-file") return undefined;
  const listPath = `${location}/${
    kind === "metadata" ? "RECORD" : "installed-files.txt"
  }`;
  const bytes = context.kept.files.get(listPath);
  if (!bytes) return undefined;
  const text = decodeText(bytes);
  const rows = kind === "metadata"
    ? csvRows(text)
    : text.split("\n").map((line) => [line.replace(/\r$/, "")]);
  const base = kind === "metadata" ? parentPath(location) : location;
  const files = new Set<string>();
  let size = 0;
  let refused = 0;
  for (const [relative, , bytesField] of rows) {
    if (!relative) continue;
    const path = resolvePath(base, relative);
    if (path === null) {
      refused++;
      continue;
    }
    files.add(path);
    if (bytesField && /^\d+$/.test(bytesField)) size += Number(bytesField);
  }
  // pip writes installed-files.txt last, and leaves itself out of it.
  if (kind === "pkg-info") files.add(listPath);
  if (refused > 0) {
    context.errors.push({
      path: listPath,
      message: `${refused} path(s) escape the root; skipped`,
    });
  }
  return {
    files: [...files].sort(),
    size: kind === "metadata" ? size : null,
  };
}

/**
 * `relative` resolved against the absolute directory `base` (an absolute
 * `relative` stands alone), `.` and `..` folded; null if it climbs above
 * the root or names the root itself.
 */
function resolvePath(base: string, relative: string): string | null {
  const parts = relative.startsWith("/")
    ? []
    : base.split("/").filter((part) => part !== "");
  for (const part of relative.split("/")) {
    if (part === "" || part === ".") continue;
    if (part !== "..") parts.push(part);
    else if (parts.pop() === undefined) return null;
  }
  return parts.length > 0 ? `/${parts.join("/")}` : null;
}

/**
 * The rows of a CSV text as Python's `csv` module (excel dialect) reads
 * RECORD: fields split at commas, a field that starts with `"` runs to the
 * closing quote (`""` is a quote, commas and newlines are data), lines end
 * with LF or CRLF; empty lines are skipped.
 */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let fieldStart = true;
  let quoted = false;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== "") rows.push(row);
    row = [];
    field = "";
    fieldStart = true;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (c === ",") {
      row.push(field);
      field = "";
      fieldStart = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRow();
    } else {
      field += c;
      fieldStart = false;
    }
  }
  if (field !== "" || row.length > 0) endRow();
  return rows;
}
