/**
 * File contents for the benchmark images, cut from three pools of seeded
 * bytes: text-like (gzip about 3:1), binary-like (about 1.6:1, like machine
 * code) and random (incompressible, like already-compressed files). A file
 * is a label line naming it, then slices of its pool at offsets drawn from
 * the file's own seed, so every file is distinct and any file's bytes can be
 * produced again, in bounded memory, from its record alone. An npm
 * `package.json` is real JSON instead: the package's name (from its path), a
 * version drawn from the seed, and text filling a description to the size.
 */
import { Prng } from "./prng.ts";

/** How compressible a file is. */
export type ContentKind = "text" | "binary" | "random" | "package-json";

const SLICE = 64 * 1024;
const encoder = new TextEncoder();

/** The three byte pools, built once per generator run. */
export class ContentPool {
  readonly #pools: Record<Exclude<ContentKind, "package-json">, Uint8Array>;

  constructor(seed: number, size = 16 * 1024 * 1024) {
    const prng = new Prng(seed);
    this.#pools = {
      text: textPool(prng, size),
      binary: binaryPool(prng, size),
      random: randomPool(prng, size),
    };
  }

  /**
   * Yields the `size` bytes of a file, in chunks of at most 64 KiB that stay
   * valid only until the next chunk is requested.
   */
  *chunks(
    kind: ContentKind,
    size: number,
    options: { seed: number; label: string },
  ): Generator<Uint8Array> {
    if (kind === "package-json") {
      yield packageJson(this.#pools.text, size, options);
      return;
    }
    const label = encoder.encode(`${options.label} #${options.seed}\n`);
    yield label.subarray(0, size);
    const pool = this.#pools[kind];
    const prng = new Prng(options.seed);
    for (let left = size - label.length; left > 0; left -= SLICE) {
      const length = Math.min(left, SLICE);
      const at = prng.int(pool.length - length);
      yield pool.subarray(at, at + length);
    }
  }
}

/**
 * `{"name":…,"version":…,"description":…}` of exactly `size` bytes (cut
 * short, so not JSON, only when `size` is below the name and version).
 */
function packageJson(
  text: Uint8Array,
  size: number,
  options: { seed: number; label: string },
): Uint8Array {
  const prng = new Prng(options.seed);
  const name = options.label.replace(/^.*node_modules\//, "")
    .replace(/\/package\.json$/, "");
  const version = `${prng.int(12)}.${prng.int(30)}.${prng.int(40)}`;
  const head = encoder.encode(
    `{"name":"${name}","version":"${version}","description":"`,
  );
  const tail = encoder.encode(`"}\n`);
  const out = new Uint8Array(size);
  out.set(head.subarray(0, size));
  const fill = size - head.length - tail.length;
  if (fill < 0) return out;
  const at = prng.int(text.length - fill);
  out.set(text.subarray(at, at + fill), head.length);
  // The text pool's lines end in newlines, which a JSON string may not hold.
  for (let i = head.length; i < head.length + fill; i++) {
    if (out[i] === 0x0a) out[i] = 0x20;
  }
  out.set(tail, size - tail.length);
  return out;
}

function textPool(prng: Prng, size: number): Uint8Array {
  const letters = "etaoinshrdlcumwfgypbvkjxqz";
  const words: Uint8Array[] = [];
  for (let i = 0; i < 4096; i++) {
    let word = "";
    const length = 2 + prng.int(9);
    for (let j = 0; j < length; j++) {
      word += letters[Math.floor(letters.length * prng.next() ** 2)];
    }
    words.push(encoder.encode(word));
  }
  const out = new Uint8Array(size);
  let at = 0;
  let column = 0;
  while (at < size - 16) {
    // Zipf-like: a few words are very common, most are rare.
    const word = words[Math.floor(words.length * prng.next() ** 4)];
    out.set(word.subarray(0, size - at), at);
    at += word.length;
    column += word.length;
    const end = column > 60 + prng.int(30);
    out[at++] = end ? 0x0a : prng.next() < 0.08 ? 0x2e : 0x20;
    if (end) column = 0;
  }
  return out;
}

function binaryPool(prng: Prng, size: number): Uint8Array {
  const common = new Uint8Array(24);
  prng.fill(common);
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const r = prng.next();
    out[i] = r < 0.4 ? 0 : r < 0.75 ? common[prng.int(common.length)] : prng
      .uint32();
  }
  return out;
}

function randomPool(prng: Prng, size: number): Uint8Array {
  const out = new Uint8Array(size);
  prng.fill(out);
  return out;
}
