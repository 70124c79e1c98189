import {
  type ErrorContext,
  InputError,
  IntegrityError,
  LayerdiffError,
  SelectionError,
  UsageError,
} from "../errors.ts";
import type { FileRange } from "../source/archive.ts";
import type { BlobDigests, DecodedBlob } from "./decode_blob.ts";

const ERROR_KINDS: Record<string, typeof LayerdiffError> = {
  LayerdiffError,
  InputError,
  IntegrityError,
  SelectionError,
  UsageError,
};

/** What a worker sends about one stream (see `layer_worker.ts`). */
interface StreamMessage {
  id: number;
  chunk?: Uint8Array;
  digests?: BlobDigests;
  error?: { kind: string; reason: string; context?: ErrorContext };
}

interface Slot {
  worker: Worker;
  busy: number;
}

/**
 * A few workers that read, hash and decompress layer blobs from file
 * ranges (`layer_worker.ts`) and stream the tar back, while this thread
 * indexes it. Work goes to the least busy worker; results are the same as
 * reading in-process, and the index is never copied between threads.
 */
export class WorkerPool {
  readonly #slots: Slot[] = [];
  readonly #streams = new Map<number, (message: StreamMessage) => void>();
  #nextId = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL("./layer_worker.ts", import.meta.url), {
        type: "module",
      });
      worker.onmessage = ({ data }: MessageEvent<StreamMessage>) =>
        this.#streams.get(data.id)?.(data);
      worker.onerror = (event) => {
        event.preventDefault();
        for (const [id, deliver] of this.#streams) {
          deliver({ id, error: { kind: "Error", reason: event.message } });
        }
      };
      this.#slots.push({ worker, busy: 0 });
    }
  }

  /** Streams the layer blob at `range` from a worker, decompressed. */
  stream(range: FileRange): DecodedBlob {
    const slot = this.#slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.#nextId++;
    slot.busy++;
    const blob = new StreamedBlob((chunk) =>
      slot.worker.postMessage({ ack: id, buffer: chunk.buffer }, [
        chunk.buffer as ArrayBuffer,
      ])
    );
    this.#streams.set(id, (message) => {
      if (message.error || message.digests) {
        this.#streams.delete(id);
        slot.busy--;
      }
      blob.deliver(message);
    });
    slot.worker.postMessage({ id, range });
    return blob;
  }

  /** Stops the workers. */
  close(): void {
    for (const { worker } of this.#slots) worker.terminate();
  }
}

/**
 * The receiving end of one stream: a queue of chunks, then the digests. A
 * chunk read from `tar` is valid until the next read, which hands its
 * memory back to the worker (the tar reader keeps no view that long).
 */
class StreamedBlob implements DecodedBlob {
  readonly tar = { read: () => this.#read() };
  readonly #digests: Promise<BlobDigests>;
  readonly #ack: (chunk: Uint8Array) => void;
  readonly #queue: Uint8Array[] = [];
  /** The chunk last read, handed back at the next read. */
  #lent?: Uint8Array;
  #ended = false;
  #failure?: Error;
  #waiter?: {
    resolve: (chunk: Uint8Array | null) => void;
    reject: (error: Error) => void;
  };
  #settle!: {
    resolve: (digests: BlobDigests) => void;
    reject: (error: Error) => void;
  };

  constructor(ack: (chunk: Uint8Array) => void) {
    this.#ack = ack;
    this.#digests = new Promise((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    // Whoever awaits sees the failure; nobody awaiting is not an error.
    this.#digests.catch(() => {});
  }

  digests(): Promise<BlobDigests> {
    return this.#digests;
  }

  deliver(message: StreamMessage): void {
    if (message.chunk) {
      if (this.#waiter) {
        this.#lent = message.chunk;
        this.#waiter.resolve(message.chunk);
        this.#waiter = undefined;
      } else {
        this.#queue.push(message.chunk);
      }
    }
    if (message.digests) {
      this.#ended = true;
      this.#settle.resolve(message.digests);
      this.#waiter?.resolve(null);
      this.#waiter = undefined;
    }
    if (message.error) {
      this.#failure = rebuildError(message.error);
      this.#settle.reject(this.#failure);
      this.#waiter?.reject(this.#failure);
      this.#waiter = undefined;
    }
  }

  #read(): Promise<Uint8Array | null> {
    if (this.#lent) this.#ack(this.#lent);
    const chunk = this.#lent = this.#queue.shift();
    if (chunk) return Promise.resolve(chunk);
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#ended) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }
}

function rebuildError(
  error: { kind: string; reason: string; context?: ErrorContext },
): Error {
  const Kind = ERROR_KINDS[error.kind];
  return Kind ? new Kind(error.reason, error.context) : new Error(error.reason);
}
