import { InputError } from "../errors.ts";
import type { Archive } from "../source/archive.ts";
import { planDockerSave } from "./docker_save_plan.ts";
import type { ImagePlan, ImageSelector } from "./image_plan.ts";
import { planOci } from "./oci_plan.ts";
import { checkPlatform } from "./select_image.ts";

/**
 * Chooses the image in an archive and lists what to read. manifest.json
 * (docker save, any version) is preferred; otherwise an OCI layout. The
 * chosen image's config must match `--platform` when one is given.
 */
export async function planImage(
  archive: Archive,
  selector: ImageSelector,
  options: { verify: boolean },
): Promise<ImagePlan> {
  const plan = await archive.has("manifest.json")
    ? await planDockerSave(archive, selector, options)
    : await archive.has("index.json")
    ? await planOci(archive, selector, options)
    : undefined;
  if (plan) {
    checkPlatform(selector.platform, plan.platform);
    return plan;
  }
  const found = (await archive.names()).slice(0, 5).join(", ");
  throw new InputError(
    `not a docker save or OCI image archive (no manifest.json or index.json${
      found ? `; found ${found}` : ""
    })`,
  );
}
