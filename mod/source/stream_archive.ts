import { InputError } from "../errors.ts";
import {
  ByteReader,
  type ChunkSource,
  chunkSourceFrom,
} from "../tar/byte_reader.ts";
import { readTar } from "../tar/reader.ts";
import type { Archive, BlobHandler } from "./archive.ts";
import { MAX_DOCUMENT_SIZE } from "./archive.ts";
import { peekSource } from "./peek.ts";
import { MemberTable } from "./member_table.ts";

/**
 * Reads a tar archive from a stream in a single pass: small JSON documents
 * are kept in memory, every other member is handed to `onBlob` as it passes
 * (Docker 25+ writes manifest.json last, so nothing can be chosen earlier).
 */
export async function openStreamArchive(
  source: ChunkSource,
  name: string,
  onBlob: BlobHandler,
): Promise<Archive> {
  const table = new MemberTable();
  const documents = new Map<string, Uint8Array>();
  for await (const entry of readTar(new ByteReader(source))) {
    const member = table.add(entry);
    if (member === undefined || entry.type !== "file") continue;
    const peeked = await peekSource(chunkSourceFrom(entry.body), 1);
    if (entry.size <= MAX_DOCUMENT_SIZE && isJsonStart(peeked.head)) {
      documents.set(member, await readAll(peeked.source, entry.size));
    } else {
      await onBlob(member, peeked.source);
    }
  }
  const find = (member: string) => {
    const found = table.resolve(member);
    if (!found) throw new InputError(`missing member ${member}`);
    return found.name;
  };
  return {
    name,
    kind: "stream",
    has: (member) => Promise.resolve(table.resolve(member) !== undefined),
    resolve: (member) => Promise.resolve(table.resolve(member)?.name),
    size: (member) => Promise.resolve(table.resolve(member)?.size),
    readDocument(member) {
      const found = find(member);
      const document = documents.get(found);
      if (!document) {
        const size = table.resolve(found)!.size;
        throw new InputError(
          size > MAX_DOCUMENT_SIZE
            ? `document too large (${size} bytes)`
            : "not a JSON document",
          { entry: member },
        );
      }
      return Promise.resolve(document);
    },
    openBlob(member) {
      throw new InputError("cannot reopen a member of a stream", {
        entry: member,
      });
    },
    locate: () => Promise.resolve(undefined),
    names: () => Promise.resolve(table.names()),
  };
}

/** Whether the member's first byte opens a JSON object or array. */
function isJsonStart(head: Uint8Array): boolean {
  return head.length === 0 || head[0] === 0x7b || head[0] === 0x5b;
}

async function readAll(source: ChunkSource, size: number): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let at = 0;
  for (let chunk = await source.read(); chunk; chunk = await source.read()) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
