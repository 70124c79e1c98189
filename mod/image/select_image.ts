import { SelectionError } from "../errors.ts";
import { platformMatches } from "./config.ts";
import type { ImageSelector } from "./image_plan.ts";

/** One image an archive offers. */
export interface Candidate<T> {
  /** Names the image answers to: tags, ref.name annotations. */
  names: string[];
  /** Manifest or config digest, also accepted by `--image`. */
  digest?: string;
  /** "os/arch[/variant]" when known. */
  platform?: string;
  value: T;
}

/**
 * Picks the one candidate matching `--image` and `--platform`. None or
 * several left is a SelectionError listing the choices, so the user can
 * name one.
 */
export function selectImage<T>(
  candidates: Candidate<T>[],
  selector: ImageSelector,
): Candidate<T> {
  const matching = candidates.filter((candidate) =>
    (!selector.image || nameMatches(selector.image, candidate)) &&
    (!selector.platform || candidate.platform === undefined ||
      platformMatches(selector.platform, candidate.platform))
  );
  if (matching.length === 1) return matching[0];
  const asked = [
    selector.image ? `--image ${selector.image}` : "",
    selector.platform ? `--platform ${selector.platform}` : "",
  ].filter(Boolean).join(" ");
  const choices = candidates.map(describe).join(", ");
  if (matching.length === 0) {
    throw new SelectionError(
      `no image matches ${asked || "the selection"}; choices: ${choices}`,
    );
  }
  const how = [
    matching.some((c) => c.names.length > 0) ? "--image" : "",
    matching.some((c) => c.platform) ? "--platform" : "",
  ].filter(Boolean).join(" or ") || "--image";
  throw new SelectionError(
    `archive holds ${matching.length} images${
      asked ? ` matching ${asked}` : ""
    }; choose one with ${how}: ${matching.map(describe).join(", ")}`,
  );
}

/**
 * Checks the chosen image's own platform (from its config) against
 * `--platform`: docker save entries and index entries without a platform
 * offer nothing to select by, so a wrong platform would otherwise pass
 * unseen. A variant the config does not state ("linux/arm64") is not held
 * against it; a config without os and architecture ("unknown") passes.
 *
 * @example
 * checkPlatform("linux/arm64", "linux/arm64/v8"); // passes
 * checkPlatform("windows/arm64", "linux/amd64"); // throws SelectionError
 */
export function checkPlatform(
  wanted: string | undefined,
  actual: string,
): void {
  if (!wanted || actual === "unknown") return;
  const stated = wanted.split("/").slice(0, actual.split("/").length);
  if (platformMatches(stated.join("/"), actual)) return;
  throw new SelectionError(
    `no image for platform ${wanted} (the image is ${actual})`,
  );
}

function nameMatches(wanted: string, candidate: Candidate<unknown>): boolean {
  if (
    candidate.digest &&
    (wanted === candidate.digest || candidate.digest === `sha256:${wanted}`)
  ) {
    return true;
  }
  return candidate.names.some((name) =>
    name === wanted || name === `${wanted}:latest` ||
    name.endsWith(`/${wanted}`) || name.endsWith(`/${wanted}:latest`)
  );
}

function describe(candidate: Candidate<unknown>): string {
  const name = candidate.names[0] ?? candidate.digest?.slice(0, 19) ??
    "unnamed";
  return candidate.platform ? `${name} (${candidate.platform})` : name;
}
