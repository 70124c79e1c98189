import assert from "@std/assert";
import { createHash } from "node:crypto";
import { indexLayer } from "../../mod/layer/index_layer.ts";
import { KeepBudget, type KeepPolicy } from "../../mod/layer/keep_files.ts";
import { ByteReader, chunkSourceFromBytes } from "../../mod/tar/byte_reader.ts";
import { readTar } from "../../mod/tar/reader.ts";
import { buildTar, dir, file, type TarSpec } from "../fixtures/tar_builder.ts";

const text = (bytes: Uint8Array | undefined) =>
  bytes && new TextDecoder().decode(bytes);

function sha256(content: string | Uint8Array): string {
  return `sha256:${createHash("sha256").update(content).digest("hex")}`;
}

/** Keeps paths under /etc up to `limit` bytes, within `budget` bytes in all. */
function etcPolicy(limit: number, budget: number): KeepPolicy {
  return {
    limit: (path) => path.startsWith("/etc/") ? limit : 0,
    budget: new KeepBudget(budget),
  };
}

async function index(entries: TarSpec[], keep: KeepPolicy, chunk?: number) {
  const bytes = buildTar(entries);
  const source = chunkSourceFromBytes(bytes, { chunkSize: chunk });
  return (await indexLayer(readTar(new ByteReader(source)), { keep })).index;
}

Deno.test("indexLayer() keeps the bytes of the files the policy asks for, hashed as usual", async () => {
  const status = "Package: zlib1g\nVersion: 1:1.2.13.dfsg-1\n".repeat(500);
  const layer = await index(
    [
      dir("etc"),
      file("etc/status", status),
      file("usr/bin/tool", "binary"),
    ],
    etcPolicy(1 << 20, 1 << 20),
    4096,
  );
  assert.equal(text(layer.kept?.get("/etc/status")), status);
  assert.deepEqual([...layer.kept!.keys()], ["/etc/status"]);
  assert.equal(layer.entries.get("/etc/status")!.digest, sha256(status));
  assert.equal(layer.entries.get("/usr/bin/tool")!.digest, sha256("binary"));
  assert.equal(layer.notKept, undefined);
});

Deno.test("indexLayer() names a file over its limit, or past the budget, instead of keeping it", async () => {
  const budget = etcPolicy(10, 12);
  const layer = await index([
    file("etc/big", "eleven byte"),
    file("etc/a", "123456"),
    file("etc/b", "123456"),
    file("etc/c", "1"),
  ], budget);
  assert.deepEqual(
    [...layer.notKept!],
    [["/etc/big", "too-large"], ["/etc/c", "budget"]],
  );
  assert.deepEqual([...layer.kept!.keys()], ["/etc/a", "/etc/b"]);
  assert.equal(layer.entries.get("/etc/big")!.digest, sha256("eleven byte"));
  // The budget is shared: the next layer finds it spent.
  const next = await index([file("etc/d", "x")], budget);
  assert.deepEqual([...next.notKept!], [["/etc/d", "budget"]]);
});

Deno.test("indexLayer() keeps only the last copy of a path stored twice, and none of a replaced subtree", async () => {
  const layer = await index([
    file("etc/conf", "first"),
    file("etc/conf", "second"),
    file("etc/dir/inner", "gone"),
    file("etc/dir", "a file now"),
  ], etcPolicy(100, 1000));
  assert.equal(text(layer.kept!.get("/etc/conf")), "second");
  assert.equal(layer.kept!.has("/etc/dir/inner"), false);
  assert.equal(text(layer.kept!.get("/etc/dir")), "a file now");
});
