import { KeepBudget, type KeepPolicy } from "../layer/keep_files.ts";
import { isPackageFile } from "./packages/package_readers.ts";

/** Largest package database file kept (an rpmdb.sqlite of a big image is tens of MB). */
export const PACKAGE_FILE_LIMIT = 64 << 20;
/** Default cap per `--content` file. */
export const CONTENT_FILE_LIMIT = 256 << 10;
/** Default bytes all layers of a run keep together. */
export const KEEP_BUDGET = 256 << 20;

/** What a run keeps of the files it reads (see `keepPolicy`). */
export interface KeepOptions {
  /** Keep package databases for the `packages` section (default true). */
  packages?: boolean;
  /** Paths whose content is diffed (`--content`). */
  content?: (path: string) => boolean;
  /** Most bytes kept of one content file (default 256 KiB). */
  contentLimit?: number;
  /** Most bytes kept in all (default 256 MiB). */
  budget?: number;
}

/**
 * The files a run keeps while its layers stream: package databases and the
 * `--content` files, each within its limit, all within one budget. Pass it
 * to `openImages` as `keep`; the reports read what it kept.
 */
export function keepPolicy(options: KeepOptions = {}): KeepPolicy {
  const packages = options.packages !== false;
  const contentLimit = options.contentLimit ?? CONTENT_FILE_LIMIT;
  return {
    limit(path) {
      const content = options.content?.(path) ? contentLimit : 0;
      const pkg = packages && isPackageFile(path) ? PACKAGE_FILE_LIMIT : 0;
      return Math.max(content, pkg);
    },
    budget: new KeepBudget(options.budget ?? KEEP_BUDGET),
  };
}
