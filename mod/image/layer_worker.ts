/**
 * Worker entry: reads one layer blob from a file range and streams the tar
 * inside to the main thread (chunks transferred, not copied), which hashes
 * the tar and walks and indexes it. A compressed blob is inflated and hashed
 * as stored here, and the main thread hashes its files too; an uncompressed
 * one has its files hashed here (`hashFiles`), their digests sent with the
 * chunks. Either way both threads have a share of the work, the inflating
 * one the smaller share of sha256. A window of acknowledged chunks bounds
 * the memory in flight. Errors go back as plain data and are rebuilt by
 * `worker_pool.ts`.
 */
import { LayerdiffError } from "../errors.ts";
import type { FileRange } from "../source/archive.ts";
import { openFileRange } from "../source/file_source.ts";
import { hashFiles } from "../layer/hash_files.ts";
import { inflateBlob } from "./decode_blob.ts";

/** Chunks sent and not yet handed back by the main thread. */
const WINDOW = 8;
/** Bytes per chunk sent: the file source's reads and the inflater's output. */
const CHUNK_SIZE = 1 << 20;
/** Spare buffers kept for reuse; more are left to the garbage collector. */
const MAX_SPARE = 2 * WINDOW;
/** Inflated chunks between two hints to collect the inflater's garbage. */
const COLLECT_EVERY = 16;

/**
 * The inflater writes into a new 1 MiB buffer once the last is full, and V8
 * frees dead buffers only when they add up to its external memory limit
 * (64 MB and more), so a gzip layer alone left ~70 MB of garbage here. Run
 * with `--v8-flags=--expose-gc` (as the compiled binary and the tasks are),
 * a minor collection every few chunks frees them at once; without the
 * flag, this is undefined and memory is only higher.
 */
const collect = (globalThis as { gc?: (options: { type: "minor" }) => void })
  .gc;

/**
 * Messages from the pool: a blob to stream (hashed as stored unless `hash`
 * is false), or a chunk done with, its memory handed back for the next read.
 */
type Request =
  | { id: number; range: FileRange; hash: boolean }
  | { ack: number; buffer: ArrayBuffer };

interface WorkerScope {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
/** Per stream: called when the main thread hands a chunk back. */
const acks = new Map<number, () => void>();
/** Chunk memory handed back, reused so that streaming allocates nothing. */
const spare: ArrayBuffer[] = [];

scope.onmessage = ({ data }) => {
  if ("ack" in data) {
    if (data.buffer.byteLength === CHUNK_SIZE && spare.length < MAX_SPARE) {
      spare.push(data.buffer);
    }
    acks.get(data.ack)?.();
  } else void stream(data.id, data.range, data.hash);
};

/** Whether a chunk is a whole buffer of CHUNK_SIZE bytes: safe to transfer. */
function ownsBuffer(chunk: Uint8Array): boolean {
  return chunk.byteOffset === 0 && chunk.length === CHUNK_SIZE &&
    chunk.buffer.byteLength === CHUNK_SIZE;
}

function allocate(): Uint8Array {
  return new Uint8Array(spare.pop() ?? new ArrayBuffer(CHUNK_SIZE));
}

async function stream(
  id: number,
  range: FileRange,
  hash: boolean,
): Promise<void> {
  let inFlight = 0;
  let wake: (() => void) | undefined;
  acks.set(id, () => {
    inFlight--;
    wake?.();
    wake = undefined;
  });
  try {
    const file = await openFileRange(range.file, {
      offset: range.offset,
      length: range.length,
      allocate,
    });
    try {
      const { tar, compressed, storedDigest } = await inflateBlob(file, {
        hash,
      });
      const send = async (chunk: Uint8Array, files?: string[]) => {
        while (inFlight >= WINDOW) {
          await new Promise<void>((resolve) => wake = resolve);
        }
        inFlight++;
        scope.postMessage({ id, chunk, files }, [chunk.buffer as ArrayBuffer]);
      };
      let files: string[] | undefined;
      if (!compressed) {
        // File reads fill spare buffers, sent as they are.
        files = await hashFiles(tar, send);
      } else {
        // A full output chunk of the inflater is a buffer of its own, sent
        // as it is (were the inflater to write into it again, it would fail
        // on the detached buffer, not corrupt data). A partial one is a view
        // of memory it goes on writing (a Buffer's slice() is a view): its
        // bytes are copied to a spare buffer.
        let out = allocate();
        let filled = 0;
        let chunks = 0;
        for (let chunk = await tar.read(); chunk; chunk = await tar.read()) {
          if (++chunks % COLLECT_EVERY === 0) collect?.({ type: "minor" });
          if (ownsBuffer(chunk)) {
            if (filled > 0) {
              await send(out.subarray(0, filled));
              [out, filled] = [allocate(), 0];
            }
            await send(chunk);
            continue;
          }
          for (let at = 0; at < chunk.length;) {
            const n = Math.min(chunk.length - at, out.length - filled);
            out.set(chunk.subarray(at, at + n), filled);
            filled += n;
            at += n;
            if (filled === out.length) {
              await send(out);
              [out, filled] = [allocate(), 0];
            }
          }
        }
        if (filled > 0) await send(out.subarray(0, filled));
      }
      scope.postMessage({ id, end: { stored: storedDigest(), files } });
    } finally {
      file.close();
    }
  } catch (error) {
    scope.postMessage({ id, error: plainError(error) });
  } finally {
    acks.delete(id);
  }
}

function plainError(error: unknown) {
  return error instanceof LayerdiffError
    ? { kind: error.name, reason: error.reason, context: error.context }
    : {
      kind: "Error",
      reason: error instanceof Error ? error.message : String(error),
    };
}
