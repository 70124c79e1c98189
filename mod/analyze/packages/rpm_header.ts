/**
 * The rpm header codec, read side: the few tags layerdiff reports, taken
 * from a header as an rpm database stores it (the `blob` of a `Packages`
 * row). Every count and offset is checked against the blob before it is
 * used, so a hostile header costs at most one pass over its own bytes.
 */
import { InputError } from "../../errors.ts";
import { normalizePath } from "../../layer/path.ts";

/** What layerdiff keeps of one installed package's rpm header. */
export interface RpmHeader {
  name: string;
  version: string;
  release: string;
  /** EPOCH, when the package declares one (0 included). */
  epoch: number | null;
  arch: string | null;
  /** Installed bytes by rpm's count: LONGSIZE when present, else SIZE. */
  size: number | null;
  /** SOURCERPM, the source package file name. */
  sourceRpm: string | null;
  /** `dirnames[dirindexes[i]] + basenames[i]`, normalised, in header order. */
  files: string[];
}

const TAG = {
  name: 1000,
  version: 1001,
  release: 1002,
  epoch: 1003,
  size: 1009,
  arch: 1022,
  sourceRpm: 1044,
  dirIndexes: 1116,
  baseNames: 1117,
  dirNames: 1118,
  longSize: 5009,
} as const;

const WANTED: ReadonlySet<number> = new Set(Object.values(TAG));

const TYPE = { int32: 4, int64: 5, string: 6, stringArray: 8 } as const;

const TYPE_NAMES: Record<number, string> = {
  0: "null",
  1: "char",
  2: "int8",
  3: "int16",
  4: "int32",
  5: "int64",
  6: "string",
  7: "bin",
  8: "string array",
  9: "i18n string",
};

const PREAMBLE_BYTES = 8;
const ENTRY_BYTES = 16;

interface Entry {
  tag: number;
  type: number;
  offset: number;
  count: number;
}

/**
 * Decodes the tags layerdiff reads from a database header blob: `il` and
 * `dl` (big-endian), `il` index entries of 16 bytes (tag, type, offset,
 * count), then `dl` bytes of data. The 8-byte header magic of an rpm file is
 * not part of it. Throws an `InputError` naming what is wrong when the
 * header is malformed or lacks a name, version or release.
 *
 * @example
 * ```ts
 * const row = db.prepare("SELECT blob FROM Packages").get();
 * decodeRpmHeader(row.blob).name; // "bash"
 * ```
 */
export function decodeRpmHeader(blob: Uint8Array): RpmHeader {
  const header = new HeaderReader(blob);
  const name = header.string(TAG.name);
  const version = header.string(TAG.version);
  const release = header.string(TAG.release);
  if (name === null || version === null || release === null) {
    throw new InputError("header has no name, version or release");
  }
  return {
    name,
    version,
    release,
    epoch: header.number(TAG.epoch, TYPE.int32),
    arch: header.string(TAG.arch),
    size: header.number(TAG.longSize, TYPE.int64) ??
      header.number(TAG.size, TYPE.int32),
    sourceRpm: header.string(TAG.sourceRpm),
    files: fileList(header),
  };
}

function fileList(header: HeaderReader): string[] {
  const baseNames = header.strings(TAG.baseNames) ?? [];
  const dirNames = header.strings(TAG.dirNames) ?? [];
  const dirIndexes = header.int32s(TAG.dirIndexes) ?? [];
  if (baseNames.length !== dirIndexes.length) {
    throw new InputError(
      `header has ${baseNames.length} base names but ${dirIndexes.length} directory indexes`,
    );
  }
  return baseNames.map((baseName, i) => {
    const dirName = dirNames[dirIndexes[i]];
    if (dirName === undefined) {
      throw new InputError(
        `file ${i} points to directory ${dirIndexes[i]} of ${dirNames.length}`,
      );
    }
    try {
      return normalizePath(dirName + baseName);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new InputError(
        `file ${JSON.stringify(dirName + baseName)}: ${error.reason}`,
      );
    }
  });
}

/** The index of one header blob and typed, bounds-checked access to its data. */
class HeaderReader {
  readonly #data: Uint8Array;
  readonly #view: DataView;
  readonly #entries = new Map<number, Entry>();
  readonly #text = new TextDecoder();

  constructor(blob: Uint8Array) {
    if (blob.length < PREAMBLE_BYTES) {
      throw new InputError(
        `header is ${blob.length} bytes, shorter than its ${PREAMBLE_BYTES}-byte preamble`,
      );
    }
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    const il = view.getUint32(0);
    const dl = view.getUint32(4);
    const need = PREAMBLE_BYTES + il * ENTRY_BYTES + dl;
    if (need !== blob.length) {
      throw new InputError(
        `header of ${il} index entries and ${dl} data bytes needs ${need} bytes, the blob has ${blob.length}`,
      );
    }
    const dataStart = PREAMBLE_BYTES + il * ENTRY_BYTES;
    this.#data = blob.subarray(dataStart);
    this.#view = new DataView(blob.buffer, blob.byteOffset + dataStart, dl);
    for (let at = PREAMBLE_BYTES; at < dataStart; at += ENTRY_BYTES) {
      const tag = view.getUint32(at);
      // A tag repeated after the immutable region replaces the region's copy.
      if (!WANTED.has(tag)) continue;
      this.#entries.set(tag, {
        tag,
        type: view.getUint32(at + 4),
        offset: view.getInt32(at + 8),
        count: view.getUint32(at + 12),
      });
    }
  }

  string(tag: number): string | null {
    const entry = this.#entry(tag, TYPE.string);
    if (entry === null) return null;
    if (entry.count !== 1) {
      throw new InputError(`tag ${tag} is a string of count ${entry.count}`);
    }
    return this.#stringsAt(entry, 1)[0];
  }

  strings(tag: number): string[] | null {
    const entry = this.#entry(tag, TYPE.stringArray);
    return entry === null ? null : this.#stringsAt(entry, entry.count);
  }

  int32s(tag: number): number[] | null {
    const entry = this.#entry(tag, TYPE.int32);
    if (entry === null) return null;
    this.#checkSpan(entry, 4);
    const values: number[] = [];
    for (let i = 0; i < entry.count; i++) {
      values.push(this.#view.getUint32(entry.offset + 4 * i));
    }
    return values;
  }

  /** An INT32 or INT64 tag of count 1 (EPOCH, SIZE, LONGSIZE). */
  number(
    tag: number,
    type: typeof TYPE.int32 | typeof TYPE.int64,
  ): number | null {
    const entry = this.#entry(tag, type);
    if (entry === null) return null;
    if (entry.count !== 1) {
      throw new InputError(`tag ${tag} holds ${entry.count} numbers, not 1`);
    }
    if (type === TYPE.int32) {
      this.#checkSpan(entry, 4);
      return this.#view.getUint32(entry.offset);
    }
    this.#checkSpan(entry, 8);
    return Number(this.#view.getBigUint64(entry.offset));
  }

  #entry(tag: number, type: number): Entry | null {
    const entry = this.#entries.get(tag);
    if (entry === undefined) return null;
    if (entry.type !== type) {
      throw new InputError(
        `tag ${tag} has type ${
          TYPE_NAMES[entry.type] ?? entry.type
        }, expected ${TYPE_NAMES[type]}`,
      );
    }
    if (entry.offset < 0 || entry.offset >= this.#data.length) {
      throw new InputError(
        `tag ${tag} starts at offset ${entry.offset}, outside the ${this.#data.length} data bytes`,
      );
    }
    return entry;
  }

  #checkSpan(entry: Entry, width: number): void {
    if (entry.offset + width * entry.count > this.#data.length) {
      throw new InputError(
        `tag ${entry.tag} needs ${
          width * entry.count
        } bytes at offset ${entry.offset}, past the ${this.#data.length} data bytes`,
      );
    }
  }

  /** `count` NUL-terminated strings from the entry's offset, each inside the data. */
  #stringsAt(entry: Entry, count: number): string[] {
    // Each string takes at least its NUL: a larger count cannot fit.
    if (count > this.#data.length - entry.offset) {
      throw new InputError(
        `tag ${entry.tag} holds ${count} strings, more than the ${
          this.#data.length - entry.offset
        } bytes after offset ${entry.offset}`,
      );
    }
    const strings: string[] = [];
    let at = entry.offset;
    for (let i = 0; i < count; i++) {
      const end = this.#data.indexOf(0, at);
      if (end < 0) {
        throw new InputError(
          `tag ${entry.tag} string ${i} at offset ${at} has no terminating NUL`,
        );
      }
      strings.push(this.#text.decode(this.#data.subarray(at, end)));
      at = end + 1;
    }
    return strings;
  }
}
