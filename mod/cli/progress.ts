import type { Progress } from "../image/open_images.ts";
import { escapeForTerminal, formatBytes } from "../render/format.ts";

/**
 * A progress line on a terminal's stderr ("reading a.tar: layer 3/7,
 * 12.3 MB"), rewritten in place while layers are read and erased at the end.
 */
export class ProgressLine {
  #shown = false;
  readonly #write: (text: string) => void | Promise<void>;
  readonly #names: { a: string; b: string };

  constructor(
    write: (text: string) => void | Promise<void>,
    names: { a: string; b: string },
  ) {
    this.#write = write;
    this.#names = {
      a: escapeForTerminal(names.a),
      b: escapeForTerminal(names.b),
    };
  }

  /** Shows the layer being read. */
  update(progress: Progress): void {
    if (progress.done) return;
    this.#shown = true;
    const size = progress.bytes > 0 ? `, ${formatBytes(progress.bytes)}` : "";
    this.#emit(
      `\r\x1b[Kreading ${this.#names[progress.image]}: layer ${
        progress.layer + 1
      }/${progress.layers}${size}`,
    );
  }

  /** Erases the line. */
  clear(): void {
    if (this.#shown) this.#emit("\r\x1b[K");
    this.#shown = false;
  }

  /** Writes without waiting; the line is cosmetic, so a failed write is ignored. */
  #emit(text: string): void {
    Promise.resolve(this.#write(text)).catch(() => {});
  }
}
