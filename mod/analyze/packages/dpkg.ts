import { normalizePath } from "../../layer/path.ts";
import { compareDpkgVersions } from "./dpkg_version.ts";
import type {
  InstalledPackage,
  InventoryError,
  KeptFiles,
  PackageReader,
} from "./package.ts";
import { deb822Fields, decodeText, splitStanzas } from "./stanzas.ts";

const STATUS = "/var/lib/dpkg/status";
/** Distroless images: one status stanza file per package, no `status`. */
const STATUS_D = "/var/lib/dpkg/status.d/";
const INFO = "/var/lib/dpkg/info/";

/**
 * Control files distroless tools put beside the stanza files in `status.d/`
 * (`libsqlite3-0.md5sums`, `libsqlite3-0.preinst`): not stanzas.
 */
const CONTROL_FILE =
  /\.(md5sums|preinst|postinst|prerm|postrm|config|templates|conffiles|triggers|shlibs|symbols|list)$/;

/**
 * Debian's dpkg: the `status` database (or distroless `status.d/` stanza
 * files) for the installed packages, `info/<pkg>[:<arch>].list` for the
 * paths each owns. Only packages whose Status says "installed" count; a
 * stanza in `status.d/` without Status is installed.
 */
export const dpkgReader: PackageReader = {
  ecosystem: "dpkg",
  wants: (path) => path === STATUS || isStatusD(path) || isInfoList(path),
  read(kept) {
    const packages: InstalledPackage[] = [];
    const errors: InventoryError[] = [];
    for (const [path, bytes] of kept.files) {
      const inStatusD = isStatusD(path);
      if (path !== STATUS && !inStatusD) continue;
      readStatusFile(path, bytes, { kept, packages, errors, inStatusD });
    }
    return { packages, errors };
  },
  compareVersions: compareDpkgVersions,
};

/** A stanza file of `status.d/`. */
function isStatusD(path: string): boolean {
  return path.startsWith(STATUS_D) && isPlainName(path, STATUS_D.length) &&
    !CONTROL_FILE.test(path);
}

function isInfoList(path: string): boolean {
  return path.startsWith(INFO) && path.endsWith(".list") &&
    isPlainName(path, INFO.length);
}

/** A name directly in the directory that `path` starts with at `from`. */
function isPlainName(path: string, from: number): boolean {
  return path.length > from && path.indexOf("/", from) < 0;
}

interface ReadContext {
  kept: KeptFiles;
  packages: InstalledPackage[];
  errors: InventoryError[];
  /** Whether a stanza without Status counts as installed. */
  inStatusD: boolean;
}

function readStatusFile(
  path: string,
  bytes: Uint8Array,
  context: ReadContext,
): void {
  for (const stanza of splitStanzas(decodeText(bytes))) {
    const fields = deb822Fields(stanza);
    const status = fields.get("status");
    if (status !== undefined && !isInstalled(status)) continue;
    const name = fields.get("package");
    const version = fields.get("version");
    if (!name || !version || (status === undefined && !context.inStatusD)) {
      const missing = !name ? "Package" : !version ? "Version" : "Status";
      context.errors.push({
        path,
        message:
          `stanza at line ${stanza.line} has no ${missing} field; skipped`,
      });
      continue;
    }
    const arch = fields.get("architecture") || null;
    const files = ownedFiles(name, arch, fields.get("multi-arch"), context);
    context.packages.push({
      ecosystem: "dpkg",
      name,
      version,
      arch,
      installedSize: kibibytes(fields.get("installed-size")),
      source: sourceName(fields.get("source")),
      files,
      location: path,
    });
  }
}

/** "install ok installed", "hold ok installed"; not "… half-installed". */
function isInstalled(status: string): boolean {
  return status.endsWith(" installed");
}

/** Installed-Size is in KiB; the model wants bytes. */
function kibibytes(value: string | undefined): number | null {
  return value && /^\d+$/.test(value) ? Number(value) * 1024 : null;
}

/** "gcc-12 (12.2.0-14)" → "gcc-12": Source names a version when it differs. */
function sourceName(value: string | undefined): string | null {
  const name = value?.replace(/\s*\(.*$/, "");
  return name || null;
}

/**
 * The paths of the package's `.list` file, `<pkg>:<arch>.list` for a
 * Multi-Arch: same package (dpkg's multiarch info db), `<pkg>.list`
 * otherwise, either found when the other is missing. Directories are
 * included; the root ("/.") and paths that would escape it are not.
 */
function ownedFiles(
  name: string,
  arch: string | null,
  multiArch: string | undefined,
  context: ReadContext,
): string[] {
  const plain = `${INFO}${name}.list`;
  const qualified = arch ? [`${INFO}${name}:${arch}.list`] : [];
  const candidates = multiArch === "same"
    ? [...qualified, plain]
    : [plain, ...qualified];
  const listPath = candidates.find((path) => context.kept.files.has(path));
  if (!listPath) return [];
  const files = new Set<string>();
  let refused = 0;
  for (
    const line of decodeText(context.kept.files.get(listPath)!).split("\n")
  ) {
    if (line === "") continue;
    try {
      const path = normalizePath(line);
      if (path !== "/") files.add(path);
    } catch {
      refused++;
    }
  }
  if (refused > 0) {
    context.errors.push({
      path: listPath,
      message: `${refused} path(s) escape the root or are too long; skipped`,
    });
  }
  return [...files];
}
