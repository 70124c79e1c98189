import assert from "@std/assert";
import { ProgressLine } from "../../mod/cli/progress.ts";

Deno.test("ProgressLine rewrites one line per layer and erases it at the end", () => {
  const written: string[] = [];
  const line = new ProgressLine((text) => void written.push(text), {
    a: "a.tar",
    b: "-",
  });
  line.update({
    image: "a",
    layer: 0,
    layers: 2,
    bytes: 2_500_000,
    done: false,
  });
  line.update({
    image: "a",
    layer: 0,
    layers: 2,
    bytes: 2_500_000,
    done: true,
  });
  line.update({ image: "b", layer: 1, layers: 3, bytes: 0, done: false });
  line.clear();
  line.clear();
  assert.deepEqual(written, [
    "\r\x1b[Kreading a.tar: layer 1/2, 2.5 MB",
    "\r\x1b[Kreading -: layer 2/3",
    "\r\x1b[K",
  ]);
});

Deno.test("ProgressLine writes nothing when no layer was read", () => {
  const written: string[] = [];
  new ProgressLine((text) => void written.push(text), { a: "a", b: "b" })
    .clear();
  assert.deepEqual(written, []);
});

Deno.test("ProgressLine ignores a failed write", async () => {
  const line = new ProgressLine(() => Promise.reject(new Error("closed")), {
    a: "a",
    b: "b",
  });
  line.update({ image: "a", layer: 0, layers: 1, bytes: 1, done: false });
  line.clear();
  await new Promise((resolve) => setTimeout(resolve, 0));
});
