/**
 * The tar entry stream: headers decoded, PAX and GNU extension headers
 * folded into the entry they describe, bodies streamed as views of the
 * source chunks, and unread bodies skipped (seeking where the source can).
 *
 * @module
 */

import { addContext, type ErrorContext, InputError } from "../errors.ts";
import type { ByteReader } from "./byte_reader.ts";
import type { TarEntry, TarEntryType } from "./entry.ts";
import {
  BLOCK_SIZE,
  decodeHeader,
  type HeaderKind,
  isZeroBlock,
  type RawHeader,
} from "./header.ts";
import { decodeName } from "./name.ts";
import {
  mergePaxRecords,
  parsePaxRecords,
  type PaxFields,
  paxFields,
  type PaxRecords,
} from "./pax.ts";

/** Options of `readTar`. */
export interface ReadTarOptions {
  /**
   * Largest PAX header or GNU long name accepted, in bytes (default 1 MiB):
   * hostile archives declare megabytes of names.
   */
  maxMetaSize?: number;
}

const DEFAULT_MAX_META = 1 << 20;
/** Largest body chunk handed out; smaller when the source's chunks are. */
const MAX_CHUNK = 1 << 20;

/**
 * Reads the entries of a tar stream. Each entry's `body` yields exactly
 * `size` bytes, may be iterated once and only before the generator is
 * resumed; whatever is left unread is skipped. The stream ends at the
 * end-of-archive marker (one or two zero blocks) or at the end of the data
 * after a member (padding included or left out, as Go reads it); bytes after
 * the marker are left unread in `reader`.
 *
 * @example
 * ```ts
 * const reader = new ByteReader(chunkSourceFromBytes(bytes));
 * for await (const entry of readTar(reader)) {
 *   if (entry.type === "file") for await (const chunk of entry.body) hash.update(chunk);
 * }
 * ```
 */
export async function* readTar(
  reader: ByteReader,
  options: ReadTarOptions = {},
): AsyncGenerator<TarEntry> {
  const state: MemberState = {
    reader,
    maxMetaSize: options.maxMetaSize ?? DEFAULT_MAX_META,
    global: new Map(),
    globalFields: {},
  };
  for (;;) {
    // Fast path: a plain header already buffered is decoded without an await.
    let entry: TarEntry | null | undefined = plainMember(state);
    if (entry === undefined) entry = await readMember(state);
    if (entry === null) return;
    const { size } = entry;
    const padding = (BLOCK_SIZE - (size % BLOCK_SIZE)) % BLOCK_SIZE;
    const buffered = reader.peekBuffered(size + padding);
    if (buffered !== null) {
      // The whole body is in the current chunk: hand it out as one view.
      reader.advanceBuffered(size + padding);
      const body = new BufferedBody(buffered.subarray(0, size));
      entry.body = body;
      try {
        yield entry;
      } finally {
        body.detach();
      }
      continue;
    }
    const body = new EntryBody(reader, size, entry.name);
    entry.body = body;
    try {
      yield entry;
    } finally {
      body.detach();
    }
    try {
      await reader.skip(body.remaining);
      const skipped = await reader.skipAtMost(padding);
      if (skipped > 0 && skipped < padding) {
        throw new InputError("unexpected end of data", {
          offset: reader.position,
        });
      }
    } catch (error) {
      throw addContext(error, { entry: entry.name });
    }
  }
}

/**
 * The whole body of an entry when it was already buffered (the common case
 * for small files), taken synchronously; undefined when it must be streamed
 * or was already read. Either this or iterating `body`, not both.
 */
export function bufferedBody(
  body: AsyncIterable<Uint8Array>,
): Uint8Array | undefined {
  return body instanceof BufferedBody ? body.take() : undefined;
}

interface MemberState {
  reader: ByteReader;
  maxMetaSize: number;
  /** Records of the global PAX headers seen so far. */
  global: PaxRecords;
  /** `paxFields(global)`, computed once per global header. */
  globalFields: PaxFields | undefined;
}

/** Extension headers read before an entry header. */
interface Extensions {
  offset?: number;
  local?: PaxRecords;
  longName?: string;
  longLink?: string;
}

const NO_BODY: AsyncIterable<Uint8Array> = {
  [Symbol.asyncIterator]: () => {
    throw new Error("a tar entry body is not ready");
  },
};

/**
 * The next member when its header is buffered and has no extension header
 * before it; undefined (nothing consumed) when the slow path must run.
 */
function plainMember(state: MemberState): TarEntry | undefined {
  const { reader } = state;
  const block = reader.peekBuffered(BLOCK_SIZE);
  if (block === null) return undefined;
  const at = reader.position;
  const header = decodeHeader(block, at);
  if (header === null || !isEntryKind(header.kind)) return undefined;
  reader.advanceBuffered(BLOCK_SIZE);
  return toEntry(state, header, header.kind, {}, at);
}

function isEntryKind(kind: HeaderKind): kind is TarEntryType {
  return kind !== "pax" && kind !== "globalPax" && kind !== "gnuLongName" &&
    kind !== "gnuLongLink";
}

/**
 * Reads the headers of one member (extension headers, then the entry
 * header) and folds them, or returns null at the end of the archive.
 */
async function readMember(state: MemberState): Promise<TarEntry | null> {
  const { reader } = state;
  const extensions: Extensions = {};
  for (;;) {
    const at = reader.position;
    const block = await reader.readExact(BLOCK_SIZE);
    if (block === null) {
      // Like Go's archive/tar (and so Docker and umoci), an archive may end
      // at a member boundary without its end-of-archive marker: umoci's
      // `insert` writes such layers. Layer truncation is caught by diff_ids.
      if (extensions.offset === undefined) return null;
      throw new InputError("unexpected end of data", { offset: at });
    }
    const header = decodeHeader(block, at);
    if (header === null) {
      if (extensions.offset !== undefined) {
        throw new InputError("extended header not followed by an entry", {
          offset: at,
        });
      }
      await readEndMarker(reader);
      return null;
    }
    const context = { offset: at };
    switch (header.kind) {
      case "globalPax": {
        const records = parsePax(await readMeta(state, header, at), context);
        state.global = mergePaxRecords(state.global, records);
        state.globalFields = undefined;
        if (paxSize(state.global) > state.maxMetaSize) {
          throw new InputError("PAX header too large", context);
        }
        continue;
      }
      case "pax":
        extensions.offset ??= at;
        extensions.local = parsePax(
          await readMeta(state, header, at),
          context,
        );
        continue;
      case "gnuLongName":
        extensions.offset ??= at;
        extensions.longName = cString(await readMeta(state, header, at));
        continue;
      case "gnuLongLink":
        extensions.offset ??= at;
        extensions.longLink = cString(await readMeta(state, header, at));
        continue;
    }
    return toEntry(state, header, header.kind, extensions, at);
  }
}

/** Folds extension headers into an entry header; `body` is set by the caller. */
function toEntry(
  state: MemberState,
  header: RawHeader,
  type: TarEntryType,
  extensions: Extensions,
  at: number,
): TarEntry {
  const offset = extensions.offset ?? at;
  let fields;
  try {
    fields = extensions.local
      ? paxFields(mergePaxRecords(state.global, extensions.local))
      : (state.globalFields ??= paxFields(state.global));
  } catch (error) {
    throw addContext(error, { entry: header.name, offset });
  }
  const entry: TarEntry = {
    name: extensions.longName ?? fields.name ?? header.name,
    type,
    mode: header.mode,
    uid: fields.uid ?? header.uid,
    gid: fields.gid ?? header.gid,
    size: type === "file" ? fields.size ?? header.size : 0,
    mtime: fields.mtime ?? header.mtime,
    linkname: extensions.longLink ?? fields.linkname ?? header.linkname,
    devMajor: header.devMajor,
    devMinor: header.devMinor,
    offset,
    dataOffset: state.reader.position,
    body: NO_BODY,
  };
  if (fields.xattrs) entry.xattrs = fields.xattrs;
  return entry;
}

/** The body of an extension header, size-capped, padding skipped. */
async function readMeta(
  state: MemberState,
  header: RawHeader,
  at: number,
): Promise<Uint8Array> {
  if (header.size > state.maxMetaSize) {
    const reason =
      header.kind === "gnuLongName" || header.kind === "gnuLongLink"
        ? "GNU long name too large"
        : "PAX header too large";
    throw new InputError(reason, { offset: at });
  }
  const data = await state.reader.readExact(header.size);
  if (data === null) {
    throw new InputError("unexpected end of data", {
      offset: state.reader.position,
    });
  }
  await state.reader.skip(
    (BLOCK_SIZE - (header.size % BLOCK_SIZE)) % BLOCK_SIZE,
  );
  return data;
}

function parsePax(data: Uint8Array, context: ErrorContext): PaxRecords {
  try {
    return parsePaxRecords(data);
  } catch (error) {
    throw addContext(error, context);
  }
}

function paxSize(records: PaxRecords): number {
  let size = 0;
  for (const [key, value] of records) size += key.length + value.length;
  return size;
}

/** A GNU long name: the bytes up to the first NUL. */
function cString(data: Uint8Array): string {
  const end = data.indexOf(0);
  return decodeName(end === -1 ? data : data.subarray(0, end));
}

/**
 * After a first zero block: the end of data or a second zero block ends the
 * archive; anything else is a lone zero block in the middle of an archive,
 * which Go's archive/tar (and so Docker) rejects too.
 */
async function readEndMarker(reader: ByteReader): Promise<void> {
  const at = reader.position;
  const block = await reader.readExact(BLOCK_SIZE);
  if (block !== null && !isZeroBlock(block)) {
    throw new InputError("lone zero block followed by data", { offset: at });
  }
}

/** An entry's body: a one-shot iterable of views over the reader. */
class EntryBody implements AsyncIterable<Uint8Array> {
  /** Body bytes not yet handed out. */
  remaining: number;
  #reader: ByteReader;
  #name: string;
  #used = false;
  #detached = false;

  constructor(reader: ByteReader, size: number, name: string) {
    this.#reader = reader;
    this.remaining = size;
    this.#name = name;
  }

  /** Called when the reader moves on: the body can no longer be read. */
  detach(): void {
    this.#detached = true;
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.#used) throw new Error("a tar entry body can be read only once");
    this.#used = true;
    return { next: () => this.#next() };
  }

  async #next(): Promise<IteratorResult<Uint8Array>> {
    if (this.#detached) {
      throw new Error("a tar entry body must be read before the next entry");
    }
    if (this.remaining === 0) return { done: true, value: undefined };
    const chunk = await this.#reader.readUpTo(
      Math.min(this.remaining, MAX_CHUNK),
    );
    if (chunk === null) {
      throw new InputError("unexpected end of data", {
        entry: this.#name,
        offset: this.#reader.position,
      });
    }
    this.remaining -= chunk.length;
    return { done: false, value: chunk };
  }
}

/** A body already in memory: a one-shot iterable of one view. */
class BufferedBody implements AsyncIterable<Uint8Array> {
  #bytes: Uint8Array;
  #used = false;
  #detached = false;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** Called when the reader moves on: the body can no longer be read. */
  detach(): void {
    this.#detached = true;
  }

  /** The bytes, once, before the reader moves on; undefined otherwise. */
  take(): Uint8Array | undefined {
    if (this.#used || this.#detached) return undefined;
    this.#used = true;
    return this.#bytes;
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.#used) throw new Error("a tar entry body can be read only once");
    this.#used = true;
    let done = this.#bytes.length === 0;
    return {
      next: () => {
        if (this.#detached) {
          return Promise.reject(
            new Error("a tar entry body must be read before the next entry"),
          );
        }
        if (done) return Promise.resolve({ done: true, value: undefined });
        done = true;
        return Promise.resolve({ done: false, value: this.#bytes });
      },
    };
  }
}
