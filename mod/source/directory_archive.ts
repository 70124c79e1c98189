import { InputError } from "../errors.ts";
import type { Archive } from "./archive.ts";
import { MAX_DOCUMENT_SIZE } from "./archive.ts";
import { openFileRange } from "./file_source.ts";
import { memberName } from "./member_name.ts";

/** Opens an OCI image layout directory; members are files below it. */
export function openDirectoryArchive(path: string, name: string): Archive {
  const fileOf = (member: string) => `${path}/${memberName(member)}`;
  const stat = async (member: string) => {
    try {
      const info = await Deno.stat(fileOf(member));
      return info.isFile ? info : undefined;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    }
  };
  const find = async (member: string) => {
    const info = await stat(member);
    if (!info) throw new InputError(`missing member ${member}`);
    return info;
  };
  return {
    name,
    kind: "directory",
    has: async (member) => (await stat(member)) !== undefined,
    resolve: async (member) =>
      (await stat(member)) ? memberName(member) : undefined,
    size: async (member) => (await stat(member))?.size,
    async readDocument(member) {
      const info = await find(member);
      if (info.size > MAX_DOCUMENT_SIZE) {
        throw new InputError(`document too large (${info.size} bytes)`, {
          entry: member,
        });
      }
      return await Deno.readFile(fileOf(member));
    },
    async openBlob(member) {
      await find(member);
      return await openFileRange(fileOf(member));
    },
    async locate(member) {
      const info = await stat(member);
      return info && { file: fileOf(member), offset: 0, length: info.size };
    },
    async names() {
      const names: string[] = [];
      for (const top of ["oci-layout", "index.json", "manifest.json"]) {
        if (await stat(top)) names.push(top);
      }
      return names;
    },
  };
}
