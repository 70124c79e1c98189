import assert from "@std/assert";
import { writeChunks } from "../../mod/cli/write_chunks.ts";

Deno.test("writeChunks() gathers a million small pieces into a few writes of the same text", async () => {
  const writes: string[] = [];
  const pieces = function* () {
    for (let i = 0; i < 1_000_000; i++) yield `${i % 10}\n`;
  };
  await writeChunks((text) => void writes.push(text), pieces());
  assert.ok(writes.length <= 31, `${writes.length} writes`);
  assert.ok(writes.every((text) => text.length <= 1 << 17));
  assert.equal(writes.join(""), [...pieces()].join(""));
});

Deno.test("writeChunks() waits for each write before the next and writes nothing for no text", async () => {
  const events: string[] = [];
  const write = async (text: string) => {
    events.push(`start ${text.length}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
    events.push("end");
  };
  await writeChunks(write, ["x".repeat(70_000), "y".repeat(70_000), "z"]);
  assert.deepEqual(events, [
    "start 70000",
    "end",
    "start 70000",
    "end",
    "start 1",
    "end",
  ]);
  events.length = 0;
  await writeChunks(write, []);
  await writeChunks(write, ["", ""]);
  assert.deepEqual(events, []);
});

Deno.test("writeChunks() stops at a failed write and passes its error on", async () => {
  let calls = 0;
  const failing = () => {
    calls++;
    return Promise.reject(new Error("broken pipe"));
  };
  await assert.rejects(
    writeChunks(failing, ["a".repeat(70_000), "b".repeat(70_000)]),
    /broken pipe/,
  );
  assert.equal(calls, 1);
});
