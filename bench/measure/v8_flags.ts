/**
 * The `--v8-flags=…` argument the binary is compiled with (`deno task
 * compile`), so that benchmarks measure what ships: the worker's hint to
 * collect inflater buffers needs `--expose-gc`, and a small young
 * generation keeps peak memory down at no measurable cost in time.
 *
 * @module
 */
import denoJson from "../../deno.json" with { type: "json" };

const flag = denoJson.tasks.compile.split(" ").find((arg) =>
  arg.startsWith("--v8-flags=")
);
if (!flag) throw new Error("deno.json: the compile task has no --v8-flags");

/** The compile task's `--v8-flags=…` argument. */
export const V8_FLAGS: string = flag;
