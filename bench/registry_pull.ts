/**
 * Bytes downloaded and wall time for a pair of registry images sharing a
 * large base: `layerdiff docker://A docker://B` against `skopeo copy` of
 * both to oci-archive followed by `layerdiff` on the archives, through a
 * byte-counting proxy, in the same run. Needs docker-registry, skopeo, umoci.
 *
 *   deno run --allow-all bench/registry_pull.ts [runs]
 */
import { startFaultProxy } from "../tests/fixtures/fault_proxy.ts";
import { startRegistry } from "../tests/fixtures/registry_server.ts";
import {
  BIG_TAGS,
  buildRegistryImages,
} from "../tests/source/registry/registry_images.ts";

const runs = Number(Deno.args[0] ?? 5);
const dir = await Deno.makeTempDir({ prefix: "layerdiff-bench-" });
const layout = await buildRegistryImages(dir);
const registry = await startRegistry();
for (const tag of BIG_TAGS) {
  await registry.push(`oci:${layout}:${tag}`, `app:${tag}`);
}
const main = new URL("../main.ts", import.meta.url).pathname;
const run = async (cmd: string, args: string[]) => {
  const out = await new Deno.Command(cmd, {
    args,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`${cmd}: ${new TextDecoder().decode(out.stderr)}`);
  }
};
const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
const times = { direct: [] as number[], skopeo: [] as number[] };
const bytes = { direct: 0, skopeo: 0 };
for (let i = 0; i < runs; i++) {
  for (const mode of ["direct", "skopeo"] as const) {
    const proxy = startFaultProxy(registry.host);
    const refs = BIG_TAGS.map((tag) => `docker://${proxy.host}/app:${tag}`);
    const start = performance.now();
    if (mode === "direct") {
      await run("deno", ["run", "-A", main, ...refs, "--json"]);
    } else {
      const archives = BIG_TAGS.map((tag) => `${dir}/${tag}-${i}.tar`);
      for (const [k, ref] of refs.entries()) {
        await run("skopeo", [
          "--insecure-policy",
          "copy",
          "-q",
          "--src-tls-verify=false",
          ref,
          `oci-archive:${archives[k]}`,
        ]);
      }
      await run("deno", ["run", "-A", main, ...archives, "--json"]);
    }
    times[mode].push(performance.now() - start);
    bytes[mode] = [...proxy.served.values()].reduce((a, b) => a + b, 0);
    await proxy.stop();
  }
}
await registry.stop();
await Deno.remove(dir, { recursive: true });
console.log(
  `blob bytes served: layerdiff docker:// ${bytes.direct}, skopeo copy ×2 ${bytes.skopeo} (${
    (bytes.skopeo / bytes.direct).toFixed(2)
  }×)`,
);
console.log(
  `median wall time over ${runs} runs: layerdiff docker:// ${
    median(times.direct).toFixed(0)
  } ms, skopeo copy ×2 + layerdiff ${median(times.skopeo).toFixed(0)} ms (${
    (median(times.skopeo) / median(times.direct)).toFixed(2)
  }×)`,
);
