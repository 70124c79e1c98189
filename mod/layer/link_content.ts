import type { LayerEntry } from "./entry.ts";

/**
 * Gives a hard link its target's content and metadata: a hard link is the
 * target's inode (as `umoci unpack` extracts it), whatever its own header
 * says.
 */
export function takeTargetContent(link: LayerEntry, target: LayerEntry): void {
  link.size = target.size;
  link.mode = target.mode;
  link.uid = target.uid;
  link.gid = target.gid;
  link.mtime = target.mtime;
  if (target.digest) link.digest = target.digest;
}
