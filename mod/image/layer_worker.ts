/**
 * Worker entry: reads and indexes one layer blob from a file range, so
 * layers are decompressed, hashed and indexed on several cores. Errors go
 * back as plain data and are rebuilt by `worker_pool.ts`.
 */
import { LayerdiffError } from "../errors.ts";
import type { FileRange } from "../source/archive.ts";
import { openFileRange } from "../source/file_source.ts";
import { readLayer } from "./read_layer.ts";

interface WorkerScope {
  onmessage:
    | ((event: MessageEvent<{ id: number; range: FileRange }>) => void)
    | null;
  postMessage(message: unknown): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = async ({ data: { id, range } }) => {
  try {
    const source = await openFileRange(range.file, range.offset, range.length);
    try {
      scope.postMessage({ id, layer: await readLayer(source) });
    } finally {
      source.close();
    }
  } catch (error) {
    scope.postMessage({
      id,
      error: error instanceof LayerdiffError
        ? { kind: error.name, reason: error.reason, context: error.context }
        : {
          kind: "Error",
          reason: error instanceof Error ? error.message : String(error),
        },
    });
  }
};
