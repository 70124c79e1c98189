import { InputError } from "../errors.ts";
import type { TarHeader } from "../tar/entry.ts";
import { linkedMemberName, memberName } from "./member_name.ts";

/** Where one outer-tar member's body lies, and what it links to. */
export interface MemberInfo {
  size: number;
  dataOffset: number;
  /** Member name a symlink or hard link points at. */
  link?: string;
}

const MAX_LINK_HOPS = 16;

/** Outer-tar members by normalised name; links resolved on lookup. */
export class MemberTable {
  readonly #members = new Map<string, MemberInfo>();

  /** Records a header; directories are not members. Later duplicates win. */
  add(header: TarHeader): string | undefined {
    if (header.type === "dir") return undefined;
    const name = memberName(header.name);
    const isLink = header.type === "symlink" || header.type === "hardlink";
    this.#members.set(name, {
      size: isLink ? 0 : header.size,
      dataOffset: header.dataOffset,
      link: isLink
        ? (header.type === "symlink"
          ? linkedMemberName(name, header.linkname)
          : memberName(header.linkname))
        : undefined,
    });
    return name;
  }

  /** The member a name resolves to after following links, or undefined. */
  resolve(name: string): (MemberInfo & { name: string }) | undefined {
    let current = name;
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      const member = this.#members.get(current);
      if (!member) return undefined;
      if (member.link === undefined) return { ...member, name: current };
      current = member.link;
    }
    throw new InputError("too many levels of links", { entry: name });
  }

  /** Names of all members that are not links. */
  names(): string[] {
    return [...this.#members].filter(([, m]) => m.link === undefined).map((
      [name],
    ) => name);
  }
}
