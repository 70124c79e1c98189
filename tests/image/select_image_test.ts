import assert from "@std/assert";
import { SelectionError } from "../../mod/errors.ts";
import { checkPlatform, selectImage } from "../../mod/image/select_image.ts";

const candidates = [
  { names: ["app:v1"], platform: "linux/amd64", value: 1 },
  { names: ["app:v1"], platform: "linux/arm64/v8", value: 2 },
];

Deno.test("selectImage() picks the index entry whose platform matches, variant or not", () => {
  assert.equal(selectImage(candidates, { platform: "linux/arm64" }).value, 2);
  assert.equal(
    selectImage(candidates, { platform: "linux/arm64/v8" }).value,
    2,
  );
  assert.throws(
    () => selectImage(candidates, { platform: "windows/arm64" }),
    /^SelectionError: no image matches --platform windows\/arm64; choices: /,
  );
});

Deno.test("checkPlatform() passes a config matching --platform, or no --platform at all", () => {
  checkPlatform(undefined, "linux/amd64");
  checkPlatform("linux/amd64", "linux/amd64");
  checkPlatform("linux", "linux/amd64");
  checkPlatform("linux/arm64", "linux/arm64/v8");
});

Deno.test("checkPlatform() does not hold a variant the config leaves out against it", () => {
  checkPlatform("linux/arm64/v8", "linux/arm64");
  checkPlatform("linux/arm64", "unknown");
});

Deno.test("checkPlatform() refuses a config of another platform, naming both", () => {
  for (
    const [wanted, actual] of [
      ["windows/arm64", "linux/amd64"],
      ["linux/arm64", "linux/amd64"],
      ["linux/arm/v7", "linux/arm/v6"],
    ]
  ) {
    assert.throws(
      () => checkPlatform(wanted, actual),
      (error: Error) =>
        error instanceof SelectionError &&
        error.message ===
          `no image for platform ${wanted} (the image is ${actual})`,
    );
  }
});
