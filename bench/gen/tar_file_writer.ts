/**
 * A streaming tar writer to a file: headers come from the test fixtures'
 * encoder, bodies are copied through a 4 MiB buffer, and the sha256 of the
 * whole tar (the layer's diffID) is computed on the way, so a 1 GB layer is
 * written without ever being held in memory.
 */
import { createHash, type Hash } from "node:crypto";
import {
  encodeMemberHeader,
  type TarSpec,
} from "../../tests/fixtures/tar_builder.ts";

const BLOCK = 512;
const BUFFER = 4 * 1024 * 1024;

/** Digest and length of a finished tar. */
export interface WrittenTar {
  /** "sha256:<hex>" of the tar bytes. */
  digest: string;
  size: number;
}

/** Writes one tar archive to a file, member by member. */
export class TarFileWriter {
  readonly #file: Deno.FsFile;
  readonly #hash: Hash = createHash("sha256");
  readonly #buffer = new Uint8Array(BUFFER);
  #used = 0;
  #size = 0;

  private constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  /** Creates (or truncates) `path`. */
  static async create(path: string): Promise<TarFileWriter> {
    return new TarFileWriter(
      await Deno.open(path, { write: true, create: true, truncate: true }),
    );
  }

  /**
   * Appends a member. For a regular file `spec.size` must be set and `body`
   * must yield exactly that many bytes.
   */
  async add(spec: TarSpec, body: Iterable<Uint8Array> = []): Promise<void> {
    await this.#write(encodeMemberHeader(spec));
    let length = 0;
    for (const chunk of body) {
      length += chunk.length;
      await this.#write(chunk);
    }
    if (length !== (spec.size ?? 0)) {
      throw new Error(`${spec.path}: body is ${length}, header ${spec.size}`);
    }
    const rest = length % BLOCK;
    if (rest !== 0) await this.#write(new Uint8Array(BLOCK - rest));
  }

  /** Writes the end-of-archive marker, flushes and closes the file. */
  async finish(): Promise<WrittenTar> {
    await this.#write(new Uint8Array(2 * BLOCK));
    await this.#flush();
    this.#file.close();
    return { digest: `sha256:${this.#hash.digest("hex")}`, size: this.#size };
  }

  async #write(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) {
      const length = Math.min(bytes.length - at, BUFFER - this.#used);
      this.#buffer.set(bytes.subarray(at, at + length), this.#used);
      this.#used += length;
      at += length;
      if (this.#used === BUFFER) await this.#flush();
    }
  }

  async #flush(): Promise<void> {
    const data = this.#buffer.subarray(0, this.#used);
    this.#hash.update(data);
    this.#size += data.length;
    for (let at = 0; at < data.length;) {
      at += await this.#file.write(data.subarray(at));
    }
    this.#used = 0;
  }
}
