import assert from "@std/assert";
import { InputError } from "../../../mod/errors.ts";
import {
  findCredentials,
  type FindCredentialsOptions,
} from "../../../mod/source/registry/credentials.ts";

/** A temp HOME with env vars, auth files and helper scripts in it. */
interface Fixture {
  root: string;
  vars: Record<string, string | undefined>;
  options: FindCredentialsOptions;
  /** Writes JSON (or text as is) at `path` under root; returns the full path. */
  write(path: string, content: unknown): Promise<string>;
  /** Writes an executable `bin/docker-credential-NAME` running `body` in sh. */
  helper(name: string, body: string): Promise<void>;
  /** What helper NAME last read on stdin (helpers save it with RECORD). */
  received(name: string): Promise<string>;
}

/** Shell lines that save stdin where `received` reads it. */
const RECORD = `url=$(cat); printf "%s" "$url" > "$0.url"`;

async function withFixture(test: (f: Fixture) => Promise<void>) {
  const root = await Deno.makeTempDir({ prefix: "credentials_test_" });
  const vars: Record<string, string | undefined> = {
    HOME: `${root}/home`,
    XDG_RUNTIME_DIR: `${root}/run`,
    PATH: `${root}/bin:/usr/bin:/bin`,
  };
  const write = async (path: string, content: unknown) => {
    const full = `${root}/${path}`;
    await Deno.mkdir(full.slice(0, full.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(
      full,
      typeof content === "string" ? content : JSON.stringify(content),
    );
    return full;
  };
  const fixture: Fixture = {
    root,
    vars,
    options: { env: (name) => vars[name], timeoutMs: 5_000 },
    write,
    async helper(name, body) {
      const path = await write(
        `bin/docker-credential-${name}`,
        `#!/bin/sh\n${body}\n`,
      );
      await Deno.chmod(path, 0o755);
    },
    received: (name) =>
      Deno.readTextFile(`${root}/bin/docker-credential-${name}.url`),
  };
  try {
    await test(fixture);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

const auth = (user: string, password: string) => ({
  auth: btoa(`${user}:${password}`),
});
const basic = (username: string, password: string, source: string) => ({
  kind: "basic",
  username,
  password,
  source,
});
const answer = (username: string, secret: string) =>
  `printf '%s' '${
    JSON.stringify({ ServerURL: "x", Username: username, Secret: secret })
  }'`;

async function rejects(
  promise: Promise<unknown>,
  ...fragments: string[]
): Promise<InputError> {
  const error = await promise.then(
    () => assert.fail("expected an InputError"),
    (error) => error,
  );
  assert.ok(error instanceof InputError, String(error));
  for (const fragment of fragments) {
    assert.ok(
      error.message.includes(fragment),
      `${JSON.stringify(error.message)} lacks ${JSON.stringify(fragment)}`,
    );
  }
  return error;
}

Deno.test("findCredentials() reads a base64 auth from config.json", async () => {
  await withFixture(async (f) => {
    const path = await f.write("home/.docker/config.json", {
      auths: { "ghcr.io": auth("ci", "pa55") },
    });
    assert.deepStrictEqual(
      await findCredentials("ghcr.io", f.options),
      basic("ci", "pa55", path),
    );
    assert.strictEqual(await findCredentials("quay.io", f.options), undefined);
  });
});

Deno.test("findCredentials() returns undefined when no file exists", async () => {
  await withFixture(async (f) => {
    assert.strictEqual(await findCredentials("ghcr.io", f.options), undefined);
    f.vars.HOME = undefined;
    f.vars.XDG_RUNTIME_DIR = undefined;
    assert.strictEqual(await findCredentials("ghcr.io", f.options), undefined);
  });
});

Deno.test("findCredentials() searches XDG_RUNTIME_DIR, XDG_CONFIG_HOME, then DOCKER_CONFIG", async () => {
  await withFixture(async (f) => {
    f.vars.XDG_CONFIG_HOME = `${f.root}/config`;
    f.vars.DOCKER_CONFIG = `${f.root}/docker`;
    const files = [
      await f.write("run/containers/auth.json", {
        auths: { "ghcr.io": auth("runtime", "1") },
      }),
      await f.write("config/containers/auth.json", {
        auths: {
          "ghcr.io": auth("config", "2"),
          "quay.io": auth("config", "3"),
        },
      }),
      await f.write("docker/config.json", {
        auths: {
          "ghcr.io": auth("docker", "4"),
          "gcr.io": auth("docker", "5"),
        },
      }),
    ];
    // The first file with an entry for the registry wins, not the first file.
    assert.strictEqual(
      (await findCredentials("ghcr.io", f.options))?.source,
      files[0],
    );
    assert.strictEqual(
      (await findCredentials("quay.io", f.options))?.source,
      files[1],
    );
    assert.strictEqual(
      (await findCredentials("gcr.io", f.options))?.source,
      files[2],
    );
    await Deno.remove(files[0]);
    assert.strictEqual(
      (await findCredentials("ghcr.io", f.options))?.source,
      files[1],
    );
    await Deno.remove(files[1]);
    assert.strictEqual(
      (await findCredentials("ghcr.io", f.options))?.source,
      files[2],
    );
  });
});

Deno.test("findCredentials() defaults to $HOME/.config and $HOME/.docker", async () => {
  await withFixture(async (f) => {
    const containers = await f.write("home/.config/containers/auth.json", {
      auths: { "ghcr.io": auth("config", "1") },
    });
    const docker = await f.write("home/.docker/config.json", {
      auths: { "ghcr.io": auth("docker", "2"), "quay.io": auth("docker", "3") },
    });
    assert.strictEqual(
      (await findCredentials("ghcr.io", f.options))?.source,
      containers,
    );
    assert.strictEqual(
      (await findCredentials("quay.io", f.options))?.source,
      docker,
    );
  });
});

Deno.test("findCredentials() reads only REGISTRY_AUTH_FILE when it is set, as skopeo --authfile", async () => {
  await withFixture(async (f) => {
    const explicit = await f.write("explicit.json", {
      auths: { "ghcr.io": auth("explicit", "1") },
    });
    await f.write("run/containers/auth.json", {
      auths: {
        "ghcr.io": auth("runtime", "2"),
        "quay.io": auth("runtime", "3"),
      },
    });
    f.vars.REGISTRY_AUTH_FILE = explicit;
    assert.deepStrictEqual(
      await findCredentials("ghcr.io", f.options),
      basic("explicit", "1", explicit),
    );
    assert.strictEqual(await findCredentials("quay.io", f.options), undefined);
    f.vars.REGISTRY_AUTH_FILE = `${f.root}/missing.json`;
    assert.strictEqual(await findCredentials("ghcr.io", f.options), undefined);
  });
});

Deno.test("findCredentials() passes over an empty marker entry to the next file", async () => {
  await withFixture(async (f) => {
    await f.write("run/containers/auth.json", { auths: { "ghcr.io": {} } });
    const docker = await f.write("home/.docker/config.json", {
      auths: { "ghcr.io": auth("docker", "1") },
    });
    assert.deepStrictEqual(
      await findCredentials("ghcr.io", f.options),
      basic("docker", "1", docker),
    );
  });
});

Deno.test("findCredentials() matches Docker Hub under each of its key forms", async () => {
  const keys = [
    "docker.io",
    "index.docker.io",
    "registry-1.docker.io",
    "https://index.docker.io/v1/",
    "http://index.docker.io/v1/",
    "https://registry-1.docker.io",
  ];
  for (const key of keys) {
    await withFixture(async (f) => {
      const path = await f.write("home/.docker/config.json", {
        auths: { [key]: auth("hub", key) },
      });
      for (const registry of ["docker.io", "index.docker.io"]) {
        assert.deepStrictEqual(
          await findCredentials(registry, f.options),
          basic("hub", key, path),
          `${registry} under key ${key}`,
        );
      }
    });
  }
});

Deno.test("findCredentials() strips the scheme and path of URL keys and keeps ports", async () => {
  await withFixture(async (f) => {
    const path = await f.write("home/.docker/config.json", {
      auths: {
        "https://ghcr.io/v2/": auth("url", "1"),
        "http://127.0.0.1:5000": auth("port", "2"),
        "127.0.0.1:5001": auth("exact", "3"),
      },
    });
    const found = (registry: string) => findCredentials(registry, f.options);
    assert.deepStrictEqual(await found("ghcr.io"), basic("url", "1", path));
    assert.deepStrictEqual(
      await found("127.0.0.1:5000"),
      basic("port", "2", path),
    );
    assert.deepStrictEqual(
      await found("127.0.0.1:5001"),
      basic("exact", "3", path),
    );
    assert.strictEqual(await found("127.0.0.1"), undefined);
  });
});

Deno.test("findCredentials() prefers the exact key to a normalised one", async () => {
  await withFixture(async (f) => {
    const path = await f.write("home/.docker/config.json", {
      auths: {
        "https://index.docker.io/v1/": auth("url", "1"),
        "docker.io": auth("exact", "2"),
      },
    });
    assert.deepStrictEqual(
      await findCredentials("docker.io", f.options),
      basic("exact", "2", path),
    );
    assert.deepStrictEqual(
      await findCredentials("index.docker.io", f.options),
      basic("url", "1", path),
    );
  });
});

Deno.test("findCredentials() uses host/namespace keys only for a repository under them, longest first", async () => {
  await withFixture(async (f) => {
    const path = await f.write("run/containers/auth.json", {
      auths: {
        "quay.io/acme": auth("acme", "1"),
        "quay.io/acme/app": auth("app", "2"),
        "quay.io": auth("host", "3"),
      },
    });
    const found = (repository?: string) =>
      findCredentials("quay.io", { ...f.options, repository });
    assert.deepStrictEqual(await found(), basic("host", "3", path));
    assert.deepStrictEqual(await found("acme/app"), basic("app", "2", path));
    assert.deepStrictEqual(await found("acme/tool"), basic("acme", "1", path));
    assert.deepStrictEqual(await found("other/app"), basic("host", "3", path));
    assert.deepStrictEqual(await found("acme"), basic("acme", "1", path));
  });
});

Deno.test("findCredentials() splits auth at the first colon and trims NUL padding", async () => {
  await withFixture(async (f) => {
    const path = await f.write("home/.docker/config.json", {
      auths: { "ghcr.io": { auth: btoa("ci:pa:ss\0\0") } },
    });
    assert.deepStrictEqual(
      await findCredentials("ghcr.io", f.options),
      basic("ci", "pa:ss", path),
    );
  });
});

Deno.test("findCredentials() reads username and password fields", async () => {
  await withFixture(async (f) => {
    const path = await f.write("home/.docker/config.json", {
      auths: {
        "ghcr.io": { username: "ci", password: "pa55" },
        "quay.io": {
          username: "ci",
          password: "ignored",
          ...auth("bot", "wins"),
        },
      },
    });
    assert.deepStrictEqual(
      await findCredentials("ghcr.io", f.options),
      basic("ci", "pa55", path),
    );
    assert.deepStrictEqual(
      await findCredentials("quay.io", f.options),
      basic("bot", "wins", path),
    );
  });
});

Deno.test("findCredentials() returns an identitytoken as an identity-token credential", async () => {
  await withFixture(async (f) => {
    const path = await f.write("home/.docker/config.json", {
      auths: {
        "myregistry.azurecr.io": {
          ...auth("00000000", ""),
          identitytoken: "refresh-me",
        },
      },
    });
    assert.deepStrictEqual(
      await findCredentials("myregistry.azurecr.io", f.options),
      { kind: "identity-token", token: "refresh-me", source: path },
    );
  });
});

Deno.test("findCredentials() asks credHelpers before credsStore, sending the key as written", async () => {
  await withFixture(async (f) => {
    await f.helper("test", `${RECORD}\n${answer("helper", "from-test")}`);
    await f.helper("store", `${RECORD}\n${answer("store", "from-store")}`);
    await f.write("home/.docker/config.json", {
      credsStore: "store",
      credHelpers: { "ghcr.io": "test", "https://index.docker.io/v1/": "test" },
      auths: { "ghcr.io": auth("file", "ignored"), "quay.io": {} },
    });
    assert.deepStrictEqual(
      await findCredentials("ghcr.io", f.options),
      basic("helper", "from-test", "docker-credential-test"),
    );
    assert.strictEqual(await f.received("test"), "ghcr.io");
    await findCredentials("docker.io", f.options);
    assert.strictEqual(await f.received("test"), "https://index.docker.io/v1/");
    assert.deepStrictEqual(
      await findCredentials("quay.io", f.options),
      basic("store", "from-store", "docker-credential-store"),
    );
    assert.strictEqual(await f.received("store"), "quay.io");
  });
});

Deno.test("findCredentials() sends Docker Hub to credsStore as https://index.docker.io/v1/", async () => {
  await withFixture(async (f) => {
    await f.helper("store", `${RECORD}\n${answer("hub", "pw")}`);
    await f.write("home/.docker/config.json", { credsStore: "store" });
    assert.deepStrictEqual(
      await findCredentials("docker.io", f.options),
      basic("hub", "pw", "docker-credential-store"),
    );
    assert.strictEqual(
      await f.received("store"),
      "https://index.docker.io/v1/",
    );
  });
});

Deno.test("findCredentials() honours credHelpers but not credsStore in a containers auth.json", async () => {
  await withFixture(async (f) => {
    await f.helper("test", answer("helper", "pw"));
    await f.write("run/containers/auth.json", {
      credsStore: "missing",
      credHelpers: { "ghcr.io": "test" },
    });
    assert.deepStrictEqual(
      await findCredentials("ghcr.io", f.options),
      basic("helper", "pw", "docker-credential-test"),
    );
    assert.strictEqual(await findCredentials("quay.io", f.options), undefined);
  });
});

Deno.test("findCredentials() returns an identity token when a helper answers <token>", async () => {
  await withFixture(async (f) => {
    await f.helper("test", answer("<token>", "refresh-me"));
    await f.write("home/.docker/config.json", {
      credHelpers: { "ghcr.io": "test" },
    });
    assert.deepStrictEqual(
      await findCredentials("ghcr.io", f.options),
      {
        kind: "identity-token",
        token: "refresh-me",
        source: "docker-credential-test",
      },
    );
  });
});

Deno.test("findCredentials() falls back to auths when the helper has no credentials", async () => {
  await withFixture(async (f) => {
    await f.helper(
      "test",
      `${RECORD}\necho "credentials not found in native keychain"\nexit 1`,
    );
    const path = await f.write("home/.docker/config.json", {
      credsStore: "test",
      auths: { "ghcr.io": auth("file", "pw"), "quay.io": {} },
    });
    assert.deepStrictEqual(
      await findCredentials("ghcr.io", f.options),
      basic("file", "pw", path),
    );
    assert.strictEqual(await findCredentials("quay.io", f.options), undefined);
    assert.strictEqual(await f.received("test"), "quay.io");
  });
});

Deno.test("findCredentials() names a missing credential helper", async () => {
  await withFixture(async (f) => {
    const path = await f.write("home/.docker/config.json", {
      credHelpers: { "ghcr.io": "absent" },
    });
    await rejects(
      findCredentials("ghcr.io", f.options),
      path,
      "credential helper docker-credential-absent not found",
    );
  });
});

Deno.test("findCredentials() refuses a credential helper name with a path in it", async () => {
  await withFixture(async (f) => {
    await f.write("home/.docker/config.json", { credsStore: "../../bin/sh" });
    await rejects(
      findCredentials("ghcr.io", f.options),
      `invalid credential helper name "../../bin/sh"`,
    );
  });
});

Deno.test("findCredentials() reports a failing helper by name and exit code", async () => {
  await withFixture(async (f) => {
    await f.helper("test", "echo 'unexpected trouble'\nexit 3");
    await f.write("home/.docker/config.json", {
      credHelpers: { "ghcr.io": "test" },
    });
    const error = await rejects(
      findCredentials("ghcr.io", f.options),
      "credential helper docker-credential-test failed",
      `"ghcr.io"`,
      "exit",
      "code 3",
    );
    assert.ok(!error.message.includes("unexpected trouble"));
  });
});

Deno.test("findCredentials() refuses helper output that is not credentials JSON", async () => {
  await withFixture(async (f) => {
    await f.helper("test", "echo 'Username: ci'");
    await f.write("home/.docker/config.json", {
      credHelpers: { "ghcr.io": "test" },
    });
    await rejects(
      findCredentials("ghcr.io", f.options),
      "credential helper docker-credential-test",
      "not credentials JSON",
    );
  });
});

Deno.test("findCredentials() kills a helper that outlives timeoutMs", async () => {
  await withFixture(async (f) => {
    await f.helper("test", `sleep 5\n${answer("late", "pw")}`);
    await f.write("home/.docker/config.json", {
      credHelpers: { "ghcr.io": "test" },
    });
    const started = Date.now();
    await rejects(
      findCredentials("ghcr.io", { ...f.options, timeoutMs: 200 }),
      "credential helper docker-credential-test timed out after 200 ms",
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 3_000, `took ${elapsed} ms`);
  });
});

Deno.test("findCredentials() rejects a file that is not JSON, naming the file", async () => {
  await withFixture(async (f) => {
    const path = await f.write("run/containers/auth.json", `{"auths": {`);
    await f.write("home/.docker/config.json", {
      auths: { "ghcr.io": auth("a", "b") },
    });
    await rejects(
      findCredentials("ghcr.io", f.options),
      path,
      "not valid JSON",
    );
    await Deno.writeTextFile(path, "[]");
    await rejects(
      findCredentials("ghcr.io", f.options),
      path,
      "not a JSON object",
    );
    await Deno.writeTextFile(path, `{"auths": []}`);
    await rejects(
      findCredentials("ghcr.io", f.options),
      path,
      `"auths" is not an object`,
    );
    await Deno.writeTextFile(path, "\n");
    assert.strictEqual(
      (await findCredentials("ghcr.io", f.options))?.kind,
      "basic",
    );
  });
});

Deno.test("findCredentials() rejects an auth that is not base64 of user:password", async () => {
  const cases: [string, string][] = [
    ["not base64!", "is not valid base64"],
    ["Y2k6cHc", "is not valid base64"], // unpadded
    [btoa("no-colon"), "does not decode to user:password"],
    [btoa(":empty-user"), "does not decode to user:password"],
  ];
  for (const [value, reason] of cases) {
    await withFixture(async (f) => {
      const path = await f.write("home/.docker/config.json", {
        auths: { "ghcr.io": { auth: value } },
      });
      await rejects(
        findCredentials("ghcr.io", f.options),
        path,
        `auths entry "ghcr.io"`,
        reason,
      );
    });
  }
});

Deno.test("findCredentials() never puts a password in an error message", async () => {
  const password = "hunter2-S3cret-Pa55word";
  const encoded = btoa(`ci:${password}`);
  const secrets = [password, encoded];
  const helperFile = { credHelpers: { "ghcr.io": "test" } };
  const cases: [string, string, (f: Fixture) => Promise<void>][] = [
    ["bad JSON", "not valid JSON", async (f) => {
      await f.write(
        "home/.docker/config.json",
        `{"auths": {"ghcr.io": {"auth": "${encoded}", "password": ${password}}}}`,
      );
    }],
    ["bad base64", "is not valid base64", async (f) => {
      await f.write("home/.docker/config.json", {
        auths: { "ghcr.io": { auth: `ci:${password}` } },
      });
    }],
    ["no colon", "does not decode to user:password", async (f) => {
      await f.write("home/.docker/config.json", {
        auths: { "ghcr.io": { auth: btoa(password) } },
      });
    }],
    ["auth not a string", `"auth" is not a string`, async (f) => {
      await f.write("home/.docker/config.json", {
        auths: { "ghcr.io": { auth: [encoded, password] } },
      });
    }],
    ["helper missing", "docker-credential-absent not found", async (f) => {
      await f.write("home/.docker/config.json", {
        credHelpers: { "ghcr.io": "absent" },
        auths: { "ghcr.io": { auth: encoded } },
      });
    }],
    ["helper failing", "code 3", async (f) => {
      await f.helper(
        "test",
        `${answer("ci", password)}\necho '${password}' >&2\nexit 3`,
      );
      await f.write("home/.docker/config.json", helperFile);
    }],
    ["helper output not JSON", "not credentials JSON", async (f) => {
      await f.helper("test", `echo 'Secret: ${password}'`);
      await f.write("home/.docker/config.json", helperFile);
    }],
    ["helper output too large", "printed more than", async (f) => {
      await f.helper("test", `yes '${password}' | head -c 100000`);
      await f.write("home/.docker/config.json", helperFile);
    }],
    ["helper timeout", "timed out after 300 ms", async (f) => {
      await f.helper(
        "test",
        `echo '${password}'\necho '${password}' >&2\nsleep 5`,
      );
      await f.write("home/.docker/config.json", helperFile);
    }],
  ];
  for (const [name, expected, setup] of cases) {
    await withFixture(async (f) => {
      await setup(f);
      const error = await rejects(
        findCredentials("ghcr.io", { ...f.options, timeoutMs: 300 }),
        expected,
      );
      const said = [error.message, error.reason, String(error.cause ?? "")];
      for (const secret of secrets) {
        for (const text of said) {
          assert.ok(!text.includes(secret), `${name}: ${JSON.stringify(text)}`);
        }
      }
    });
  }
});
