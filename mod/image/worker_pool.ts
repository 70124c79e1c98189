import {
  type ErrorContext,
  InputError,
  IntegrityError,
  LayerdiffError,
  SelectionError,
  UsageError,
} from "../errors.ts";
import type { FileRange } from "../source/archive.ts";
import type { FileDigests } from "../layer/file_digest.ts";
import type { ChunkSource } from "../tar/byte_reader.ts";
import {
  type DecodedBlob,
  hashedTar,
  type HashOptions,
  type StreamDigest,
} from "./decode_blob.ts";

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
  /** With chunks, when the worker hashes files: those finished so far. */
  files?: string[];
  /** The stream ended: the stored digest of a compressed blob. */
  end?: { stored?: StreamDigest; files?: string[] };
  error?: { kind: string; reason: string; context?: ErrorContext };
}

interface Slot {
  worker: Worker;
  busy: number;
}

/**
 * A few workers that read and decompress layer blobs from file ranges
 * (`layer_worker.ts`) and stream the tar back, while this thread hashes
 * and indexes it; the worker hashes the stored blob, or the files of an
 * uncompressed one. Work goes to the least busy worker; results are the
 * same as reading in-process, and the index is never copied between threads.
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

  /**
   * Streams the layer blob at `range` from a worker, decompressed; with
   * `hash: false`, the blob and its tar are counted, not hashed.
   */
  stream(range: FileRange, options: HashOptions = {}): DecodedBlob {
    const slot = this.#slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.#nextId++;
    slot.busy++;
    const stream = new WorkerStream((chunk) =>
      slot.worker.postMessage({ ack: id, buffer: chunk.buffer }, [
        chunk.buffer as ArrayBuffer,
      ])
    );
    this.#streams.set(id, (message) => {
      if (message.error || message.end) {
        this.#streams.delete(id);
        slot.busy--;
      }
      stream.deliver(message);
    });
    slot.worker.postMessage({ id, range, hash: options.hash !== false });
    return {
      ...hashedTar(stream, () => stream.stored, options),
      fileDigests: stream,
    };
  }

  /** Stops the workers. */
  close(): void {
    for (const { worker } of this.#slots) worker.terminate();
  }
}

/**
 * The receiving end of one stream: a queue of chunks, the files' digests
 * when the worker hashed them, then the stored digest. A chunk read is
 * valid until the next read, which hands its memory back to the worker
 * (the tar reader keeps no view that long).
 */
class WorkerStream implements ChunkSource, FileDigests {
  given = false;
  /** Resolves at the end with the stored digest of a compressed blob. */
  readonly stored: Promise<StreamDigest | undefined>;
  readonly #ack: (chunk: Uint8Array) => void;
  readonly #chunks: Uint8Array[] = [];
  readonly #files: string[] = [];
  #filesTaken = 0;
  /** The chunk last read, handed back at the next read. */
  #lent?: Uint8Array;
  #ended = false;
  #failure?: Error;
  /** Whoever waits for the next message: a read, or a file digest. */
  #waiters: (() => void)[] = [];
  #settle!: {
    resolve: (stored: StreamDigest | undefined) => void;
    reject: (error: Error) => void;
  };

  constructor(ack: (chunk: Uint8Array) => void) {
    this.#ack = ack;
    this.stored = new Promise((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    // Whoever awaits sees the failure; nobody awaiting is not an error.
    this.stored.catch(() => {});
  }

  deliver(message: StreamMessage): void {
    if (message.chunk) {
      this.#chunks.push(message.chunk);
      if (message.files) {
        this.given = true;
        this.#addFiles(message.files);
      }
    }
    if (message.end) {
      if (message.end.files) this.#addFiles(message.end.files);
      this.#ended = true;
      this.#settle.resolve(message.end.stored);
    }
    if (message.error) {
      this.#failure = rebuildError(message.error);
      this.#settle.reject(this.#failure);
    }
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  read(): Promise<Uint8Array | null> {
    if (this.#lent) this.#ack(this.#lent);
    this.#lent = undefined;
    const chunk = this.#chunks.shift();
    if (chunk) {
      this.#lent = chunk;
      return Promise.resolve(chunk);
    }
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#ended) return Promise.resolve(null);
    return this.#next().then(() => this.read());
  }

  next(): string | Promise<string> {
    if (this.#filesTaken < this.#files.length) {
      return this.#files[this.#filesTaken++];
    }
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#ended) {
      return Promise.reject(
        new Error("worker sent fewer file digests than files"),
      );
    }
    return this.#next().then(() => this.next());
  }

  #addFiles(files: string[]): void {
    if (this.#filesTaken > 4096) {
      this.#files.splice(0, this.#filesTaken);
      this.#filesTaken = 0;
    }
    for (const file of files) this.#files.push(file);
  }

  /** Resolves at the next message. */
  #next(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

function rebuildError(
  error: { kind: string; reason: string; context?: ErrorContext },
): Error {
  const Kind = ERROR_KINDS[error.kind];
  return Kind ? new Kind(error.reason, error.context) : new Error(error.reason);
}
