import { InputError } from "../errors.ts";
import type { Archive } from "../source/archive.ts";
import { planDockerSave } from "./docker_save_plan.ts";
import type { ImagePlan, ImageSelector } from "./image_plan.ts";
import { planOci } from "./oci_plan.ts";

/**
 * Chooses the image in an archive and lists what to read. manifest.json
 * (docker save, any version) is preferred; otherwise an OCI layout.
 */
export async function planImage(
  archive: Archive,
  selector: ImageSelector,
  options: { verify: boolean },
): Promise<ImagePlan> {
  if (await archive.has("manifest.json")) {
    return await planDockerSave(archive, selector, options);
  }
  if (await archive.has("index.json")) {
    return await planOci(archive, selector, options);
  }
  const found = (await archive.names()).slice(0, 5).join(", ");
  throw new InputError(
    `not a docker save or OCI image archive (no manifest.json or index.json${
      found ? `; found ${found}` : ""
    })`,
  );
}
