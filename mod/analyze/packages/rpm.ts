/**
 * The rpm reader: the SQLite package database of rpm 4.16+ (Fedora 33+,
 * RHEL/UBI 9, Amazon Linux 2023, openSUSE), opened from its bytes in memory.
 * The older BerkeleyDB and ndb formats are named in `errors`, not read.
 */
import { DatabaseSync } from "node:sqlite";
import { InputError } from "../../errors.ts";
import type {
  InstalledPackage,
  InventoryError,
  PackageReader,
} from "./package.ts";
import { decodeRpmHeader } from "./rpm_header.ts";
import { compareRpmVersions } from "./rpm_version.ts";

/** Where rpm keeps its SQLite database: `%_dbpath`, old and new default. */
const SQLITE_DATABASES = [
  "/var/lib/rpm/rpmdb.sqlite",
  "/usr/lib/sysimage/rpm/rpmdb.sqlite",
];
/** The databases and their write-ahead logs: looked up for every file of every layer. */
const WANTED = new Set(SQLITE_DATABASES.flatMap((db) => [db, `${db}-wal`]));

/** Databases in formats this reader names but does not read. */
const OTHER_FORMATS: readonly (readonly [path: string, format: string])[] = [
  ["/var/lib/rpm/Packages", "BerkeleyDB"],
  ["/var/lib/rpm/Packages.db", "ndb"],
  ["/usr/lib/sysimage/rpm/Packages", "BerkeleyDB"],
  ["/usr/lib/sysimage/rpm/Packages.db", "ndb"],
];

/** rpm's package for each imported signing key: not installed software. */
const PUBKEY_NAME = "gpg-pubkey";

const SQLITE_MAGIC = new TextEncoder().encode("SQLite format 3\0");
const SQLITE_HEADER_BYTES = 100;

/** Reads rpm's SQLite database; versions ordered by rpm's own rules. */
export const rpmReader: PackageReader = {
  ecosystem: "rpm",
  wants: (path) => WANTED.has(path),
  read(kept) {
    const packages: InstalledPackage[] = [];
    const errors: InventoryError[] = [];
    const present = SQLITE_DATABASES.filter((path) => kept.files.has(path));
    for (const path of present) {
      readDatabase(path, kept.files.get(path)!, { packages, errors });
      const wal = kept.files.get(`${path}-wal`);
      if (wal !== undefined && wal.length > 0) {
        errors.push({
          path: `${path}-wal`,
          message:
            `Cannot apply rpm's write-ahead log (${wal.length} bytes): packages are read from ${path} alone and may miss its last transactions`,
        });
      }
    }
    if (present.length === 0) {
      for (const [path, format] of OTHER_FORMATS) {
        if (kept.exists(path)) {
          errors.push({
            path,
            message: `rpm database in ${format} format not read`,
          });
        }
      }
    }
    return { packages, errors };
  },
  compareVersions: compareRpmVersions,
};

interface Found {
  packages: InstalledPackage[];
  errors: InventoryError[];
}

/**
 * Adds the packages of one database to `found`, in `hnum` (install) order.
 * A header that does not decode is one error naming its package number; a
 * database that does not open, or breaks midway, is one error after the
 * packages read so far.
 */
function readDatabase(path: string, bytes: Uint8Array, found: Found): void {
  let db: DatabaseSync | undefined;
  try {
    db = openFromBytes(bytes);
    checkPackagesTable(db);
    for (const row of packageRows(db)) {
      const hnum = row.hnum;
      try {
        if (!(row.blob instanceof Uint8Array)) {
          throw new InputError("blob is not a BLOB");
        }
        const header = decodeRpmHeader(row.blob);
        if (header.name === PUBKEY_NAME) continue;
        found.packages.push({
          ecosystem: "rpm",
          name: header.name,
          version: (header.epoch === null ? "" : `${header.epoch}:`) +
            `${header.version}-${header.release}`,
          arch: header.arch,
          installedSize: header.size,
          source: header.sourceRpm,
          files: header.files,
          location: path,
        });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        found.errors.push({
          path,
          message: `Cannot read rpm package ${hnum}: ${error.reason}`,
        });
      }
    }
  } catch (error) {
    found.errors.push({
      path,
      message: `Cannot read rpm database: ${
        error instanceof Error ? error.message : String(error)
      }`,
    });
  } finally {
    db?.close();
  }
}

/**
 * The rows of `Packages` in rowid (= `hnum`) order, one lookup each:
 * Deno 2.9's `StatementSync.iterate()` ends silently at a corrupt page where
 * `get()` throws, and an exact (bigint) rowid keeps the walk moving forward.
 */
function* packageRows(
  db: DatabaseSync,
): Generator<{ hnum: unknown; blob: unknown }> {
  const columns = "SELECT rowid AS at, hnum, blob FROM Packages";
  const first = db.prepare(`${columns} ORDER BY rowid LIMIT 1`);
  const next = db.prepare(`${columns} WHERE rowid > ? ORDER BY rowid LIMIT 1`);
  first.setReadBigInts(true);
  next.setReadBigInts(true);
  for (let row = first.get(); row !== undefined; row = next.get(row.at)) {
    yield { hnum: row.hnum, blob: row.blob };
  }
}

/**
 * An in-memory database holding a copy of `bytes`. rpm's databases are in
 * WAL mode (header bytes 18 and 19 are 2), which an in-memory database
 * cannot open ("unable to open database file"); the copy says rollback
 * journal (1) instead. The pages are the same either way: the log itself is
 * a separate file.
 */
function openFromBytes(bytes: Uint8Array): DatabaseSync {
  if (
    bytes.length < SQLITE_HEADER_BYTES ||
    !SQLITE_MAGIC.every((byte, i) => bytes[i] === byte)
  ) {
    throw new InputError("not a SQLite database");
  }
  const copy = bytes.slice();
  for (const at of [18, 19]) if (copy[at] === 2) copy[at] = 1;
  const db = new DatabaseSync(":memory:");
  try {
    db.deserialize(copy);
    db.exec("PRAGMA query_only = ON");
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Refuses a `Packages` that is a view or virtual table, or whose columns are
 * computed: reading those could run a query of the file's choosing (a
 * recursive view never ends). A stored table reads only stored bytes.
 */
function checkPackagesTable(db: DatabaseSync): void {
  const table = db.prepare(
    "SELECT type, sql FROM sqlite_schema WHERE name = 'Packages' COLLATE NOCASE",
  ).get();
  if (table === undefined) throw new InputError("no Packages table");
  if (
    table.type !== "table" || typeof table.sql !== "string" ||
    /^\s*CREATE\s+VIRTUAL\b/i.test(table.sql)
  ) {
    throw new InputError("Packages is not a stored table");
  }
  const columns = db.prepare("PRAGMA table_xinfo(Packages)").all();
  for (const name of ["hnum", "blob"]) {
    const column = columns.find((c) => String(c.name).toLowerCase() === name);
    if (column === undefined) {
      throw new InputError(`Packages has no ${name} column`);
    }
    if (column.hidden !== 0) {
      throw new InputError(`Packages column ${name} is computed`);
    }
  }
}
