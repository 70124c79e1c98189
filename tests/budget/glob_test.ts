import assert from "@std/assert";
import { globMatcher } from "../../mod/budget/glob.ts";

function matches(pattern: string, path: string): boolean {
  return globMatcher([pattern])(path) !== undefined;
}

Deno.test("globMatcher() matches a slash-free pattern against names at any depth", () => {
  assert.ok(matches("*.pem", "/key.pem"));
  assert.ok(matches("*.pem", "/etc/ssl/private/key.pem"));
  assert.ok(matches(".env", "/app/.env"));
  assert.ok(!matches("*.pem", "/etc/ssl/key.pem.txt"));
  assert.ok(!matches(".env", "/app/.envrc"));
});

Deno.test("globMatcher() anchors a pattern with a slash at the root, leading slash or not", () => {
  assert.ok(matches("/etc/passwd", "/etc/passwd"));
  assert.ok(matches("etc/passwd", "/etc/passwd"));
  assert.ok(matches("./etc/passwd", "/etc/passwd"));
  assert.ok(!matches("etc/passwd", "/usr/etc/passwd"));
});

Deno.test("globMatcher() keeps * and ? within a segment and lets ** span segments", () => {
  assert.ok(matches("/usr/*/doc", "/usr/share/doc"));
  assert.ok(!matches("/usr/*/doc", "/usr/local/share/doc"));
  assert.ok(matches("/usr/**/doc", "/usr/local/share/doc"));
  assert.ok(matches("/usr/**/doc", "/usr/doc"));
  assert.ok(matches("/tmp/file?.txt", "/tmp/file1.txt"));
  assert.ok(!matches("/tmp/file?.txt", "/tmp/file12.txt"));
  assert.ok(!matches("/tmp/file?.txt", "/tmp/file/.txt"));
  assert.ok(matches("**/node_modules", "/app/web/node_modules"));
  assert.ok(matches("/var/cache/**", "/var/cache/apt/archives/x.deb"));
});

Deno.test("globMatcher() covers the contents of a matching directory", () => {
  assert.ok(matches("/root/.ssh", "/root/.ssh/id_rsa"));
  assert.ok(matches(".git", "/src/.git/objects/ab/cdef"));
  assert.ok(matches("/var/cache/", "/var/cache/x"));
  assert.ok(!matches("/root/.ssh", "/root/.sshd"));
});

Deno.test("globMatcher() treats regular-expression characters literally", () => {
  assert.ok(matches("/a+b/(c)[d]{e}|f^$.txt", "/a+b/(c)[d]{e}|f^$.txt"));
  assert.ok(!matches("/a.b", "/axb"));
  assert.ok(matches("/naïve/日本", "/naïve/日本"));
});

Deno.test("globMatcher() returns the first matching pattern", () => {
  const match = globMatcher(["*.key", "/secrets", "*.pem"]);
  assert.equal(match("/secrets/a.pem"), "/secrets");
  assert.equal(match("/etc/a.pem"), "*.pem");
  assert.equal(match("/etc/passwd"), undefined);
  assert.equal(globMatcher([])("/anything"), undefined);
});

Deno.test("globMatcher() rejects an empty pattern", () => {
  assert.throws(
    () => globMatcher([" "]),
    /^UsageError: invalid glob " ": empty/,
  );
  assert.throws(() => globMatcher(["/"]), /invalid glob "\/": empty/);
});
