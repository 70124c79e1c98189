import {
  type ErrorContext,
  InputError,
  IntegrityError,
  LayerdiffError,
  SelectionError,
  UsageError,
} from "../errors.ts";
import type { FileRange } from "../source/archive.ts";
import type { ReadLayer } from "./read_layer.ts";

const ERROR_KINDS: Record<string, typeof LayerdiffError> = {
  LayerdiffError,
  InputError,
  IntegrityError,
  SelectionError,
  UsageError,
};

interface Pending {
  resolve: (layer: ReadLayer) => void;
  reject: (error: Error) => void;
}

/**
 * A few workers that read layers from file ranges (`layer_worker.ts`) in
 * parallel. Work goes to the least busy worker; results are the same as
 * reading in-process.
 */
export class WorkerPool {
  readonly #workers: { worker: Worker; busy: number }[] = [];
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL("./layer_worker.ts", import.meta.url), {
        type: "module",
      });
      const slot = { worker, busy: 0 };
      worker.onmessage = ({ data }) => {
        slot.busy--;
        const pending = this.#pending.get(data.id);
        this.#pending.delete(data.id);
        if (data.error) pending?.reject(rebuildError(data.error));
        else pending?.resolve(data.layer);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        for (const pending of this.#pending.values()) {
          pending.reject(new Error(event.message));
        }
        this.#pending.clear();
      };
      this.#workers.push(slot);
    }
  }

  /** Reads and indexes the layer blob at `range` on a worker. */
  read(range: FileRange): Promise<ReadLayer> {
    const slot = this.#workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.#nextId++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, range });
    });
  }

  /** Stops the workers. */
  close(): void {
    for (const { worker } of this.#workers) worker.terminate();
  }
}

function rebuildError(
  error: { kind: string; reason: string; context?: ErrorContext },
): Error {
  const Kind = ERROR_KINDS[error.kind];
  return Kind ? new Kind(error.reason, error.context) : new Error(error.reason);
}
