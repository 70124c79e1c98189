/**
 * Conformance with a real writer and reader: archives written by GNU tar
 * (POSIX and GNU formats) are read back by readTar(), and archives from the
 * test builder are read back by GNU tar.
 */

import assert from "@std/assert";
import { encodeName } from "../../mod/tar/name.ts";
import {
  buildTar,
  dir,
  file,
  hardlink,
  symlink,
} from "../fixtures/tar_builder.ts";
import { readAll, text, utf8 } from "./helpers.ts";

const d1 = "d".repeat(99);
const d2 = "e".repeat(99);
const longFile = "f".repeat(80);
const longTarget = `../${"t".repeat(200)}`;
const big = new Uint8Array(10000).map((_, i) => i % 251);

async function run(
  command: string,
  args: string[],
  stdin?: Uint8Array,
): Promise<Uint8Array> {
  const child = new Deno.Command(command, {
    args,
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
    env: { TZ: "UTC" },
  }).spawn();
  if (stdin) {
    const writer = child.stdin.getWriter();
    await writer.write(stdin);
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output();
  assert.equal(code, 0, `${command} failed: ${text(stderr)}`);
  return stdout;
}

/** A directory with a long path, a symlink, a hardlink, a fifo and a non-UTF-8 name. */
async function makeTree(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "layerdiff-tar-" });
  await Deno.writeTextFile(`${root}/a.txt`, "hello\n");
  await Deno.writeFile(`${root}/big`, big);
  await Deno.mkdir(`${root}/${d1}/${d2}`, { recursive: true });
  await Deno.writeTextFile(`${root}/${d1}/${d2}/${longFile}`, "deep\n");
  await Deno.mkdir(`${root}/empty`);
  await Deno.symlink(longTarget, `${root}/link`);
  await Deno.link(`${root}/a.txt`, `${root}/hard`);
  await run("mkfifo", [`${root}/fifo`]);
  await run("sh", ["-c", `printf 'latin1' > "${root}/$(printf 'caf\\351')"`]);
  return root;
}

const tarFlags = [
  "--sort=name",
  "--numeric-owner",
  "--owner=0",
  "--group=0",
  "--mtime=@1700000000",
];

for (const format of ["posix", "gnu"]) {
  Deno.test(`readTar() reads what GNU tar writes in ${format} format`, async () => {
    const root = await makeTree();
    try {
      const extra = format === "posix"
        ? ["--pax-option=delete=atime,delete=ctime"]
        : [];
      const tar = await run("tar", [
        `--format=${format}`,
        ...tarFlags,
        ...extra,
        "-C",
        root,
        "-cf",
        "-",
        ".",
      ]);
      const entries = new Map((await readAll(tar)).map((e) => [e.name, e]));
      const latin1 = "./caf\udce9";
      assert.deepEqual(
        [...entries.keys()].sort(),
        [
          "./",
          "./a.txt",
          "./big",
          latin1,
          `./${d1}/`,
          `./${d1}/${d2}/`,
          `./${d1}/${d2}/${longFile}`,
          "./empty/",
          "./fifo",
          "./hard",
          "./link",
        ].sort(),
      );
      const get = (name: string) => entries.get(name)!;
      assert.equal(get("./").type, "dir");
      assert.equal(text(get("./a.txt").content), "hello\n");
      assert.deepEqual(get("./big").content, big);
      assert.equal(get("./big").size, 10000);
      assert.deepEqual(
        encodeName(latin1),
        new Uint8Array([...utf8("./caf"), 0xe9]),
      );
      assert.equal(text(get(latin1).content), "latin1");
      assert.equal(get(`./${d1}/${d2}/`).type, "dir");
      assert.equal(text(get(`./${d1}/${d2}/${longFile}`).content), "deep\n");
      assert.equal(get("./fifo").type, "fifo");
      assert.deepEqual([
        get("./hard").type,
        get("./hard").linkname,
        get("./hard").size,
      ], ["hardlink", "./a.txt", 0]);
      assert.deepEqual([get("./link").type, get("./link").linkname], [
        "symlink",
        longTarget,
      ]);
      for (const entry of entries.values()) {
        assert.deepEqual([entry.uid, entry.gid, entry.mtime], [
          0,
          0,
          1700000000,
        ], entry.name);
      }
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  });
}

Deno.test("GNU tar reads what buildTar() writes", async () => {
  const long = `${d1}/${d2}/${longFile}`;
  const specs = [
    dir("top/"),
    file("top/a", "alpha"),
    file(`top/${long}`, "pax name"),
    file(`top/g${long}`, "gnu name", { longName: "gnu" }),
    file(`${"p".repeat(120)}/${"n".repeat(90)}`, "ustar name", {
      longName: "ustar",
    }),
    symlink("top/s", longTarget),
    symlink("top/sg", longTarget, { longName: "gnu" }),
    hardlink("top/h", "top/a"),
    file("top/big", big, { uid: 2 ** 24, mode: 0o600 }),
    file("top/frac", "f", { mtime: 1700000000.5 }),
  ];
  const tar = buildTar(specs, { globalPax: { comment: "built by tests" } });
  const names = text(await run("tar", ["-tf", "-"], tar)).trimEnd().split("\n");
  assert.deepEqual(names, specs.map((spec) => spec.path));
  const listing = text(
    await run("tar", [
      "-tvf",
      "-",
      "--numeric-owner",
      "--full-time",
      "top/big",
      "top/frac",
    ], tar),
  );
  assert.match(
    listing,
    /-rw------- 16777216\/0 +10000 2023-11-14 22:13:20 top\/big/,
  );
  assert.match(listing, /2023-11-14 22:13:20\.5 top\/frac/);
  const out = await Deno.makeTempDir({ prefix: "layerdiff-tar-" });
  try {
    await run("tar", ["-xf", "-", "-C", out], tar);
    assert.equal(await Deno.readTextFile(`${out}/top/${long}`), "pax name");
    assert.equal(await Deno.readTextFile(`${out}/top/g${long}`), "gnu name");
    assert.equal(await Deno.readLink(`${out}/top/sg`), longTarget);
    assert.equal((await Deno.stat(`${out}/top/h`)).nlink, 2);
    assert.deepEqual(await Deno.readFile(`${out}/top/big`), big);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
