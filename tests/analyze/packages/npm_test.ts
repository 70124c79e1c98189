/**
 * npmReader on node_modules trees npm itself writes, offline from local
 * tarballs, with `npm ls --all --json --long` as the oracle; and on this
 * machine's global node_modules.
 */
import assert from "@std/assert";
import {
  MAX_PACKAGE_JSON_BYTES,
  npmReader,
} from "../../../mod/analyze/packages/npm.ts";
import type { KeptFiles } from "../../../mod/analyze/packages/package.ts";
import { installNpmApp, npmEnv, npmSkipReason } from "./installed_trees.ts";
import { keptTree, run } from "./kept_tree.ts";

const work = await Deno.makeTempDir({ prefix: "layerdiff-npm-" });
globalThis.addEventListener("unload", () => {
  Deno.removeSync(work, { recursive: true });
});

const env = npmEnv(work);
const skipReason = await npmSkipReason(work);
if (skipReason) console.log(`SKIPPING npm tests: ${skipReason}`);

/** What `npm ls` says is installed: "location name version", sorted. */
async function npmLs(args: string[], options: { cwd?: string }) {
  const tree = JSON.parse(
    await run("npm", ["ls", "--all", "--json", "--long", ...args], {
      cwd: options.cwd,
      env,
    }),
  );
  const found = new Map<string, string>();
  const walk = (node: Record<string, unknown>) => {
    const deps = (node.dependencies ?? {}) as Record<
      string,
      Record<string, unknown>
    >;
    for (const dep of Object.values(deps)) {
      if (typeof dep.path === "string" && typeof dep.version === "string") {
        found.set(dep.path, `${dep.path} ${dep.name} ${dep.version}`);
      }
      walk(dep);
    }
  };
  walk(tree);
  return [...found.values()].sort();
}

const view = (p: { location: string; name: string; version: string }) =>
  `${p.location} ${p.name} ${p.version}`;

const app = skipReason ? "" : await installNpmApp(work);

Deno.test({
  name:
    "npmReader finds in an npm-installed tree what npm ls finds, nested versions included",
  ignore: skipReason !== undefined,
  fn: async () => {
    const tree = await keptTree(`${app}/node_modules`, npmReader, {
      mountAt: "/app/node_modules",
    });
    const { packages, errors } = npmReader.read(tree.kept);
    assert.deepEqual(errors, []);
    const oracle = (await npmLs([], { cwd: app })).map((line) =>
      line.replace(app, "/app")
    );
    assert.deepEqual(packages.map(view).sort(), oracle);
    assert.deepEqual(packages.map(view).sort(), [
      "/app/node_modules/@scope/b @scope/b 2.0.0",
      "/app/node_modules/a a 1.0.0",
      "/app/node_modules/a/node_modules/@scope/b @scope/b 1.0.0",
    ]);
    for (const pkg of packages) {
      assert.deepEqual(
        [pkg.ecosystem, pkg.arch, pkg.installedSize, pkg.source, pkg.files],
        ["npm", null, null, null, []],
      );
    }
    // npm wrote the decoys; wants() kept none of them.
    assert.ok(tree.files.includes("/app/node_modules/.package-lock.json"));
    assert.ok(tree.files.includes("/app/node_modules/a/lib/package.json"));
    assert.deepEqual(
      [...tree.kept.files.keys()].sort(),
      packages.map((p) => `${p.location}/package.json`).sort(),
    );
  },
});

Deno.test({
  name: "npmReader orders the nested and the top version as semver does",
  ignore: skipReason !== undefined,
  fn: async () => {
    const tree = await keptTree(`${app}/node_modules`, npmReader, {
      mountAt: "/app/node_modules",
    });
    const versions = npmReader.read(tree.kept).packages
      .filter((p) => p.name === "@scope/b")
      .map((p) => p.version)
      .sort(npmReader.compareVersions);
    assert.deepEqual(versions, ["1.0.0", "2.0.0"]);
  },
});

const globalRoot = skipReason
  ? undefined
  : (await run("npm", ["root", "-g"], { env })).trim();
const globalSkip = skipReason ??
  (globalRoot!.endsWith("/node_modules")
    ? await Deno.stat(globalRoot!).then(() => undefined, () => "none here")
    : `npm root -g is ${globalRoot}, not a node_modules`);
if (globalSkip) console.log(`SKIPPING global node_modules test: ${globalSkip}`);

Deno.test({
  name:
    "npmReader finds in the global node_modules (npm's own bundle) what npm ls -g finds",
  ignore: globalSkip !== undefined,
  fn: async () => {
    const tree = await keptTree(globalRoot!, npmReader, {
      mountAt: globalRoot,
    });
    const { packages, errors } = npmReader.read(tree.kept);
    assert.deepEqual(errors, []);
    const oracle = await npmLs(["-g"], {});
    assert.ok(oracle.length > 1);
    assert.deepEqual(packages.map(view).sort(), oracle);
    // npm's dependencies ship dist/*/package.json files; none is a package.
    const manifests = tree.files.filter((p) => p.endsWith("/package.json"));
    assert.ok(manifests.length > packages.length);
  },
});

/** Kept files built in code, for the hostile cases. */
function keptOf(files: Record<string, string | Uint8Array>): KeptFiles {
  const map = new Map(
    Object.entries(files).map(([path, content]) => [
      path,
      typeof content === "string" ? new TextEncoder().encode(content) : content,
    ]),
  );
  return { files: map, exists: (path) => map.has(path) };
}

Deno.test("npmReader.wants() keeps only package.json at a package's root", () => {
  const cases: [string, boolean][] = [
    ["/app/node_modules/a/package.json", true],
    ["/app/node_modules/@s/b/package.json", true],
    ["/app/node_modules/a/node_modules/@s/b/package.json", true],
    ["/usr/lib/node_modules/npm/package.json", true],
    ["/node_modules/a/package.json", true],
    ["/app/node_modules/.pnpm/a@1.0.0/node_modules/a/package.json", true],
    ["/app/node_modules/a/lib/package.json", false],
    ["/app/node_modules/@s/b/dist/esm/package.json", false],
    ["/app/node_modules/.package-lock.json", false],
    ["/app/node_modules/.bin/package.json", false],
    ["/app/node_modules/@s/package.json", false],
    ["/app/node_modules/@s/@t/package.json", false],
    ["/app/node_modules/node_modules/package.json", false],
    ["/app/node_modules/package.json", false],
    ["/app/package.json", false],
    ["/app/node_modules/a/package.json.bak", false],
  ];
  for (const [path, wanted] of cases) {
    assert.equal(npmReader.wants(path), wanted, path);
  }
});

Deno.test("npmReader skips a package.json that is not JSON, lacks name or version, or is not an object", () => {
  const dir = "/app/node_modules";
  const { packages, errors } = npmReader.read(keptOf({
    [`${dir}/bad/package.json`]: '{"name": "bad", "version": ',
    [`${dir}/noversion/package.json`]: '{"name": "noversion"}',
    [`${dir}/numeric/package.json`]: '{"name": "numeric", "version": 1}',
    [`${dir}/noname/package.json`]: '{"version": "1.0.0"}',
    [`${dir}/array/package.json`]: '["a", "1.0.0"]',
    [`${dir}/null/package.json`]: "null",
    [`${dir}/bom/package.json`]: '\ufeff{"name": "bom", "version": "1.0.0"}',
    [`${dir}/alias/package.json`]: '{"name": "real", "version": "2.0.0"}',
  }));
  assert.deepEqual(packages.map(view), [
    "/app/node_modules/bom bom 1.0.0",
    "/app/node_modules/alias real 2.0.0",
  ]);
  assert.deepEqual(errors, [
    { path: `${dir}/bad/package.json`, message: "not valid JSON; skipped" },
    { path: `${dir}/noversion/package.json`, message: "no version; skipped" },
    { path: `${dir}/numeric/package.json`, message: "no version; skipped" },
    { path: `${dir}/noname/package.json`, message: "no name; skipped" },
    {
      path: `${dir}/array/package.json`,
      message: "not a JSON object; skipped",
    },
    { path: `${dir}/null/package.json`, message: "not a JSON object; skipped" },
  ]);
});

Deno.test("npmReader refuses a package.json over 1 MiB unread", () => {
  const manifest = JSON.stringify({ name: "big", version: "1.0.0" });
  const padded = manifest.replace(
    "{",
    `{"x":"${"a".repeat(MAX_PACKAGE_JSON_BYTES)}",`,
  );
  const path = "/app/node_modules/big/package.json";
  const { packages, errors } = npmReader.read(keptOf({ [path]: padded }));
  assert.deepEqual(packages, []);
  assert.deepEqual(errors, [{
    path,
    message: "larger than 1048576 bytes; skipped",
  }]);
  const atLimit = manifest.replace(
    "{",
    `{"x":"${"a".repeat(MAX_PACKAGE_JSON_BYTES - manifest.length - 7)}",`,
  );
  assert.equal(atLimit.length, MAX_PACKAGE_JSON_BYTES);
  assert.equal(npmReader.read(keptOf({ [path]: atLimit })).packages.length, 1);
});
