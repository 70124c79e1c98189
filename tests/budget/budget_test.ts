import assert from "@std/assert";
import { hasRules, mergeBudgets } from "../../mod/budget/budget.ts";

Deno.test("mergeBudgets() lets a flag replace the file's limit and adds globs", () => {
  const merged = mergeBudgets(
    {
      maxSize: 100,
      minEfficiency: 0.9,
      deny: ["*.pem"],
      ignore: ["/tmp"],
      denyPackage: ["gcc*"],
    },
    {
      maxSize: 200,
      maxLayers: undefined,
      deny: ["/root"],
      ignore: [],
      denyPackage: ["*-dev"],
    },
  );
  assert.deepEqual(merged, {
    maxSize: 200,
    minEfficiency: 0.9,
    deny: ["*.pem", "/root"],
    ignore: ["/tmp"],
    denyPackage: ["gcc*", "*-dev"],
  });
});

Deno.test("hasRules() is false for a budget with only options", () => {
  assert.equal(hasRules({}), false);
  assert.equal(
    hasRules({ sizeKind: "compressed", deny: [], ignore: ["/x"] }),
    false,
  );
  assert.equal(hasRules({ deny: ["*.pem"] }), true);
  assert.equal(hasRules({ denyPackage: [] }), false);
  assert.equal(hasRules({ denyPackage: ["gcc*"] }), true);
  assert.equal(hasRules({ maxPackageGrowth: 0 }), true);
  assert.equal(hasRules({ maxLayers: 0 }), true);
});
