/**
 * A real rpm SQLite database for the rpm reader tests: three packages built
 * by `rpmbuild` from specs written here, installed with `rpm -i --justdb`,
 * a signing key imported with `rpm --import` (a gpg-pubkey header), and
 * what `rpm -qa` and `rpm -ql` report about each: rpm is the oracle.
 */
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { commandExists, runCommand } from "../../conformance/run_command.ts";

/** One installed package as rpm's own queries describe it. */
export interface RpmFacts {
  name: string;
  /** `%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}` */
  version: string;
  arch: string;
  /** `%{LONGSIZE}`, which is SIZE when the header has no LONGSIZE. */
  installedSize: number;
  source: string;
  /** `rpm -ql`, with "(contains no files)" as none. */
  files: string[];
}

/** The database rpm wrote and what it says is in it. */
export interface RpmFixture {
  /** `rpmdb.sqlite` as rpm left it (WAL mode, log checkpointed). */
  db: Uint8Array;
  /** `rpmdb.sqlite-wal` as rpm left it. */
  wal: Uint8Array;
  /** `rpm -qa` but the gpg-pubkey pseudo-packages, sorted by name. */
  packages: RpmFacts[];
  /** How many gpg-pubkey packages `rpm -qa` lists. */
  pubkeys: number;
}

/** Why the rpm tests cannot run here, if they cannot. */
export async function rpmSkipReason(): Promise<string | undefined> {
  for (const tool of ["rpm", "rpmbuild", "gpg"]) {
    if (!(await commandExists(tool))) return `${tool} is not installed`;
  }
  return undefined;
}

const SPECS: Record<string, string> = {
  "alpha.spec": `Name: alpha
Version: 1.2
Release: 3
Epoch: 2
Summary: noarch package with an epoch
License: MIT
BuildArch: noarch
%description
alpha
%install
mkdir -p %{buildroot}/usr/share/alpha %{buildroot}/etc
echo hello > %{buildroot}/usr/share/alpha/readme.txt
echo x=1 > %{buildroot}/etc/alpha.conf
%files
%dir /usr/share/alpha
/usr/share/alpha/readme.txt
%config /etc/alpha.conf
`,
  "beta.spec": `Name: beta
Version: 0.9~rc1
Release: 1.fc40
Summary: native package with a symlink and a name with a space
License: MIT
%description
beta
%install
mkdir -p %{buildroot}/usr/bin %{buildroot}/usr/lib/beta/data
printf '#!/bin/sh\\necho beta\\n' > %{buildroot}/usr/bin/beta
chmod 755 %{buildroot}/usr/bin/beta
echo one > %{buildroot}/usr/lib/beta/data/one.txt
echo two > "%{buildroot}/usr/lib/beta/two words.txt"
ln -s data/one.txt %{buildroot}/usr/lib/beta/link
%files
/usr/bin/beta
/usr/lib/beta
%package -n gamma
Summary: subpackage with epoch 0 and no files
Epoch: 0
%description -n gamma
gamma
%files -n gamma
`,
};

let built: Promise<RpmFixture> | undefined;

/** Builds the fixture once per test file; the temporary tree is gone after. */
export function rpmFixture(): Promise<RpmFixture> {
  built ??= build();
  return built;
}

async function build(): Promise<RpmFixture> {
  const dir = await Deno.makeTempDir({ prefix: "layerdiff-rpm-" });
  const gnupg = join(dir, "gnupg");
  try {
    const dbpath = join(dir, "db");
    for (const [name, text] of Object.entries(SPECS)) {
      await Deno.writeTextFile(join(dir, name), text);
    }
    await runCommand("rpmbuild", [
      "-bb",
      "--nodeps",
      "--quiet",
      "--define",
      `_topdir ${join(dir, "top")}`,
      "--define",
      `_dbpath ${dbpath}`,
      "--define",
      `_tmppath ${dir}`,
      join(dir, "alpha.spec"),
      join(dir, "beta.spec"),
    ]);
    const rpms: string[] = [];
    for (const arch of Deno.readDirSync(join(dir, "top", "RPMS"))) {
      for (
        const file of Deno.readDirSync(join(dir, "top", "RPMS", arch.name))
      ) {
        rpms.push(join(dir, "top", "RPMS", arch.name, file.name));
      }
    }
    const db = ["--dbpath", dbpath, "--define", "_db_backend sqlite"];
    await runCommand("rpm", ["--initdb", ...db]);
    await runCommand("rpm", ["-i", "--nodeps", "--justdb", ...db, ...rpms]);
    await Deno.mkdir(gnupg, { mode: 0o700 });
    const gpg = ["--homedir", gnupg, "--batch", "--passphrase", ""];
    await runCommand("gpg", [
      ...gpg,
      "--quick-gen-key",
      "Test <t@example.com>",
      "ed25519",
      "sign",
      "never",
    ]);
    const key = join(dir, "key.asc");
    await Deno.writeTextFile(
      key,
      await runCommand("gpg", [...gpg, "--armor", "--export", "t@example.com"]),
    );
    await runCommand("rpm", ["--import", ...db, key]);

    const query = await runCommand("rpm", [
      "-qa",
      ...db,
      "--qf",
      "%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{LONGSIZE}\\t%{SOURCERPM}\\n",
    ]);
    const packages: RpmFacts[] = [];
    let pubkeys = 0;
    for (const line of query.trimEnd().split("\n")) {
      const [name, version, arch, size, source] = line.split("\t");
      if (name === "gpg-pubkey") {
        pubkeys++;
        continue;
      }
      const listed = await runCommand("rpm", ["-ql", ...db, name]);
      packages.push({
        name,
        version,
        arch,
        installedSize: Number(size),
        source,
        files: listed === "(contains no files)\n"
          ? []
          : listed.trimEnd().split("\n"),
      });
    }
    packages.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    return {
      db: await Deno.readFile(join(dbpath, "rpmdb.sqlite")),
      wal: await Deno.readFile(join(dbpath, "rpmdb.sqlite-wal")),
      packages,
      pubkeys,
    };
  } finally {
    await new Deno.Command("gpgconf", {
      args: ["--homedir", gnupg, "--kill", "all"],
      stdout: "null",
      stderr: "null",
    }).output().catch(() => undefined);
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Runs `fn` on an in-memory copy of an rpm database and returns the
 * database it leaves, with the header marked WAL again as rpm writes it.
 */
export function editDatabase(
  db: Uint8Array,
  fn: (db: DatabaseSync) => void,
): Uint8Array {
  const copy = db.slice();
  copy[18] = 1;
  copy[19] = 1;
  const sqlite = new DatabaseSync(":memory:");
  try {
    sqlite.deserialize(copy);
    fn(sqlite);
    const edited = sqlite.serialize();
    edited[18] = 2;
    edited[19] = 2;
    return edited;
  } finally {
    sqlite.close();
  }
}

/**
 * The header blobs of an rpm database by package name, found through rpm's
 * own `Name` index rather than by decoding them.
 */
export function headerBlobs(
  db: Uint8Array,
): Map<string, { hnum: number; blob: Uint8Array }> {
  const blobs = new Map<string, { hnum: number; blob: Uint8Array }>();
  editDatabase(db, (sqlite) => {
    const rows = sqlite.prepare(
      "SELECT Name.key AS name, hnum, blob FROM Name JOIN Packages USING (hnum)",
    ).all();
    for (const row of rows) {
      blobs.set(String(row.name), {
        hnum: Number(row.hnum),
        blob: row.blob as Uint8Array,
      });
    }
  });
  return blobs;
}
