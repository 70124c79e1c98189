import type { Progress } from "../image/open_images.ts";

/**
 * A progress line on a terminal's stderr, rewritten in place while layers
 * are read and erased at the end.
 */
export class ProgressLine {
  #shown = false;
  constructor(
    private readonly write: (text: string) => void | Promise<void>,
    private readonly names: { a: string; b: string },
  ) {}

  /** Shows the layer being read. */
  update(progress: Progress): void {
    if (progress.done) return;
    this.#shown = true;
    void this.write(
      `\r\x1b[Kreading ${this.names[progress.image]}: layer ${
        progress.layer + 1
      }/${progress.layers}`,
    );
  }

  /** Erases the line. */
  clear(): void {
    if (this.#shown) void this.write("\r\x1b[K");
    this.#shown = false;
  }
}
