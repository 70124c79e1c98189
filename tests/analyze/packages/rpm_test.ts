import assert from "@std/assert";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import type {
  InstalledPackage,
  Inventory,
} from "../../../mod/analyze/packages/package.ts";
import { rpmReader } from "../../../mod/analyze/packages/rpm.ts";
import { runCommand } from "../../conformance/run_command.ts";
import {
  editDatabase,
  headerBlobs,
  type RpmFixture,
  rpmFixture,
  rpmSkipReason,
} from "./rpm_fixture.ts";

const skipReason = await rpmSkipReason();
if (skipReason) console.log(`SKIPPING rpm reader tests: ${skipReason}`);
const ignore = skipReason !== undefined;

const DB = "/var/lib/rpm/rpmdb.sqlite";

function read(
  files: Record<string, Uint8Array>,
  present: string[] = [],
): Inventory {
  return rpmReader.read({
    files: new Map(Object.entries(files)),
    exists: (path) => path in files || present.includes(path),
  });
}

function expected(
  fixture: RpmFixture,
  location: string,
  except?: string,
): InstalledPackage[] {
  return fixture.packages.filter((p) => p.name !== except).map((p) => ({
    ecosystem: "rpm",
    ...p,
    location,
  }));
}

function byName(packages: InstalledPackage[]): InstalledPackage[] {
  return packages.toSorted((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  );
}

Deno.test("rpmReader wants the two SQLite databases and their write-ahead logs, nothing else", () => {
  for (
    const path of [
      "/var/lib/rpm/rpmdb.sqlite",
      "/var/lib/rpm/rpmdb.sqlite-wal",
      "/usr/lib/sysimage/rpm/rpmdb.sqlite",
      "/usr/lib/sysimage/rpm/rpmdb.sqlite-wal",
    ]
  ) assert.ok(rpmReader.wants(path), path);
  for (
    const path of [
      "/var/lib/rpm/rpmdb.sqlite-shm",
      "/var/lib/rpm/Packages",
      "/var/lib/rpm/Packages.db",
      "/var/lib/rpm/Name",
      "/root/var/lib/rpm/rpmdb.sqlite",
      "/var/lib/rpm/rpmdb.sqlite.bak",
    ]
  ) assert.ok(!rpmReader.wants(path), path);
});

Deno.test({
  name:
    "rpmReader reads the packages rpm installed as rpm -qa and rpm -ql report them",
  ignore,
  fn: async () => {
    const fixture = await rpmFixture();
    assert.equal(fixture.packages.length, 3);
    assert.equal(fixture.pubkeys, 1, "the key import made a gpg-pubkey header");
    const inventory = read({ [DB]: fixture.db, [`${DB}-wal`]: fixture.wal });
    assert.deepEqual(inventory.errors, []);
    assert.deepEqual(byName(inventory.packages), expected(fixture, DB));
  },
});

Deno.test({
  name:
    "rpmReader reads a database under /usr/lib/sysimage/rpm and names it as the location",
  ignore,
  fn: async () => {
    const fixture = await rpmFixture();
    const path = "/usr/lib/sysimage/rpm/rpmdb.sqlite";
    const inventory = read({ [path]: fixture.db });
    assert.deepEqual(inventory.errors, []);
    assert.deepEqual(byName(inventory.packages), expected(fixture, path));
  },
});

Deno.test({
  name: "rpmReader orders versions as rpm.vercmp does",
  ignore,
  fn: async () => {
    const fixture = await rpmFixture();
    const versions = [
      ...fixture.packages.map((p) => p.version),
      "1.2-3",
      "2:1.2-4",
    ];
    const pairs = versions.flatMap((a) => versions.map((b) => [a, b]));
    // rpm's Lua print() adds no newline: a space separates the results.
    const lua = pairs.map(([a, b]) =>
      `print(rpm.vercmp("${a}", "${b}") .. " ")`
    )
      .join(" ");
    const rpm = (await runCommand("rpm", ["--eval", `%{lua: ${lua}}`]))
      .trim().split(/\s+/).map(Number);
    assert.deepEqual(
      pairs.map(([a, b]) => Math.sign(rpmReader.compareVersions(a, b))),
      rpm,
    );
  },
});

Deno.test({
  name:
    "rpmReader reports a header that does not decode by its package number and still reads the others",
  ignore,
  fn: async () => {
    const fixture = await rpmFixture();
    const { hnum, blob } = headerBlobs(fixture.db).get("beta")!;
    const db = editDatabase(fixture.db, (sqlite) => {
      sqlite.prepare("UPDATE Packages SET blob = ? WHERE hnum = ?")
        .run(blob.subarray(0, blob.length - 1), hnum);
    });
    const inventory = read({ [DB]: db });
    assert.deepEqual(inventory.errors, [{
      path: DB,
      message: `Cannot read rpm package ${hnum}: header of ${
        new DataView(blob.buffer, blob.byteOffset).getUint32(0)
      } index entries and ${
        new DataView(blob.buffer, blob.byteOffset).getUint32(4)
      } data bytes needs ${blob.length} bytes, the blob has ${blob.length - 1}`,
    }]);
    assert.deepEqual(byName(inventory.packages), expected(fixture, DB, "beta"));
  },
});

Deno.test({
  name: "rpmReader reports a Packages row whose blob is not a BLOB",
  ignore,
  fn: async () => {
    const fixture = await rpmFixture();
    const { hnum } = headerBlobs(fixture.db).get("alpha")!;
    const db = editDatabase(fixture.db, (sqlite) => {
      sqlite.prepare("UPDATE Packages SET blob = 'alpha' WHERE hnum = ?")
        .run(hnum);
    });
    const inventory = read({ [DB]: db });
    assert.deepEqual(inventory.errors, [{
      path: DB,
      message: `Cannot read rpm package ${hnum}: blob is not a BLOB`,
    }]);
    assert.deepEqual(
      byName(inventory.packages),
      expected(fixture, DB, "alpha"),
    );
  },
});

Deno.test("rpmReader reports bytes that are not a SQLite database", () => {
  for (
    const bytes of [
      new Uint8Array(0),
      new TextEncoder().encode("SQLite format 3\0"),
      new TextEncoder().encode("Package: bash\nVersion: 5.2\n".repeat(10)),
    ]
  ) {
    assert.deepEqual(read({ [DB]: bytes }), {
      packages: [],
      errors: [{
        path: DB,
        message: "Cannot read rpm database: not a SQLite database",
      }],
    });
  }
});

Deno.test({
  name: "rpmReader reports a truncated database",
  ignore,
  fn: async () => {
    const fixture = await rpmFixture();
    for (const size of [100, 4096, fixture.db.length / 2]) {
      assert.deepEqual(read({ [DB]: fixture.db.subarray(0, size) }), {
        packages: [],
        errors: [{
          path: DB,
          message: "Cannot read rpm database: database disk image is malformed",
        }],
      }, `${size} bytes`);
    }
  },
});

Deno.test({
  name:
    "rpmReader keeps the packages read before a corrupt page of the Packages table",
  ignore,
  fn: async () => {
    const fixture = await rpmFixture();
    let root = 0;
    editDatabase(fixture.db, (sqlite) => {
      root = Number(
        sqlite.prepare(
          "SELECT rootpage FROM sqlite_schema WHERE name = 'Packages'",
        ).get()!.rootpage,
      );
    });
    const db = fixture.db.slice();
    const view = new DataView(db.buffer);
    const pageSize = view.getUint16(16);
    const rootAt = (root - 1) * pageSize;
    assert.equal(db[rootAt], 5, "rpm's three headers span two leaf pages");
    // The rightmost child holds the last rows: its page type byte is broken.
    const last = view.getUint32(rootAt + 8);
    db[(last - 1) * pageSize] = 0;
    const inventory = read({ [DB]: db });
    assert.deepEqual(inventory.errors, [{
      path: DB,
      message: "Cannot read rpm database: database disk image is malformed",
    }]);
    const byHnum = [...headerBlobs(fixture.db)]
      .filter(([name]) => name !== "gpg-pubkey")
      .sort(([, a], [, b]) => a.hnum - b.hnum).map(([name]) => name);
    const names = inventory.packages.map((p) => p.name);
    assert.ok(names.length > 0 && names.length < byHnum.length, `${names}`);
    assert.deepEqual(names, byHnum.slice(0, names.length));
    assert.deepEqual(
      inventory.packages,
      names.map((name) => expected(fixture, DB).find((p) => p.name === name)),
    );
  },
});

Deno.test("rpmReader refuses a Packages view, which could run forever", () => {
  const sqlite = new DatabaseSync(":memory:");
  sqlite.exec(`CREATE VIEW Packages AS
    WITH RECURSIVE n(hnum) AS (SELECT 1 UNION ALL SELECT hnum + 1 FROM n)
    SELECT hnum, x'00' AS blob FROM n`);
  const view = sqlite.serialize();
  sqlite.exec(`DROP VIEW Packages;
    CREATE TABLE Packages (hnum INTEGER PRIMARY KEY,
      blob BLOB GENERATED ALWAYS AS (zeroblob(hnum)) VIRTUAL)`);
  const generated = sqlite.serialize();
  sqlite.exec("DROP TABLE Packages; CREATE TABLE Other (x)");
  const none = sqlite.serialize();
  sqlite.close();
  for (
    const [bytes, reason] of [
      [view, "Packages is not a stored table"],
      [generated, "Packages column blob is computed"],
      [none, "no Packages table"],
    ] as const
  ) {
    assert.deepEqual(read({ [DB]: bytes }), {
      packages: [],
      errors: [{ path: DB, message: `Cannot read rpm database: ${reason}` }],
    });
  }
});

Deno.test("rpmReader names BerkeleyDB and ndb databases it does not read", () => {
  for (
    const [path, format] of [
      ["/var/lib/rpm/Packages", "BerkeleyDB"],
      ["/var/lib/rpm/Packages.db", "ndb"],
      ["/usr/lib/sysimage/rpm/Packages", "BerkeleyDB"],
      ["/usr/lib/sysimage/rpm/Packages.db", "ndb"],
    ]
  ) {
    assert.deepEqual(read({}, [path]), {
      packages: [],
      errors: [{ path, message: `rpm database in ${format} format not read` }],
    });
  }
  assert.deepEqual(read({}, []), { packages: [], errors: [] });
});

Deno.test({
  name:
    "rpmReader reads the SQLite database and says nothing of a BerkeleyDB file beside it",
  ignore,
  fn: async () => {
    const fixture = await rpmFixture();
    const inventory = read({ [DB]: fixture.db }, ["/var/lib/rpm/Packages"]);
    assert.deepEqual(inventory.errors, []);
    assert.equal(inventory.packages.length, fixture.packages.length);
  },
});

Deno.test({
  name:
    "rpmReader reports a write-ahead log that still holds a transaction and reads the database alone",
  ignore,
  fn: async () => {
    const fixture = await rpmFixture();
    const { hnum } = headerBlobs(fixture.db).get("gamma")!;
    const dir = await Deno.makeTempDir({ prefix: "layerdiff-rpm-wal-" });
    try {
      const file = join(dir, "rpmdb.sqlite");
      await Deno.writeFile(file, fixture.db);
      // SQLite itself writes the log; the copy is taken before it checkpoints.
      const sqlite = new DatabaseSync(file);
      sqlite.exec("PRAGMA foreign_keys = OFF; PRAGMA wal_autocheckpoint = 0");
      sqlite.prepare("DELETE FROM Packages WHERE hnum = ?").run(hnum);
      const db = await Deno.readFile(file);
      const wal = await Deno.readFile(`${file}-wal`);
      sqlite.close();
      assert.ok(wal.length > 0);
      const inventory = read({ [DB]: db, [`${DB}-wal`]: wal });
      assert.deepEqual(inventory.errors, [{
        path: `${DB}-wal`,
        message:
          `Cannot apply rpm's write-ahead log (${wal.length} bytes): packages are read from ${DB} alone and may miss its last transactions`,
      }]);
      assert.deepEqual(byName(inventory.packages), expected(fixture, DB));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
