import { InputError } from "../errors.ts";
import { ByteReader } from "../tar/byte_reader.ts";
import { readTar } from "../tar/reader.ts";
import type { Archive } from "./archive.ts";
import { MAX_DOCUMENT_SIZE } from "./archive.ts";
import { openFileRange, readFileRange } from "./file_source.ts";
import { MemberTable } from "./member_table.ts";

/**
 * Opens an uncompressed tar file: one walk over its headers, seeking past
 * every body, then members are read on demand by offset.
 */
export async function openTarFileArchive(
  path: string,
  name: string,
): Promise<Archive> {
  const table = new MemberTable();
  const source = await openFileRange(path);
  try {
    for await (const entry of readTar(new ByteReader(source))) table.add(entry);
  } finally {
    source.close();
  }
  const find = (member: string) => {
    const found = table.resolve(member);
    if (!found) throw new InputError(`missing member ${member}`);
    return found;
  };
  return {
    name,
    kind: "tar-file",
    has: (member) => Promise.resolve(table.resolve(member) !== undefined),
    resolve: (member) => Promise.resolve(table.resolve(member)?.name),
    size: (member) => Promise.resolve(table.resolve(member)?.size),
    readDocument(member) {
      const found = find(member);
      if (found.size > MAX_DOCUMENT_SIZE) {
        throw new InputError(`document too large (${found.size} bytes)`, {
          entry: member,
        });
      }
      return readFileRange(path, found.dataOffset, found.size);
    },
    openBlob(member) {
      const found = find(member);
      return openFileRange(path, {
        offset: found.dataOffset,
        length: found.size,
      });
    },
    locate(member) {
      const found = table.resolve(member);
      return Promise.resolve(
        found && { file: path, offset: found.dataOffset, length: found.size },
      );
    },
    names: () => Promise.resolve(table.names()),
  };
}
