import { apkReader } from "./apk.ts";
import { dpkgReader } from "./dpkg.ts";
import { npmReader } from "./npm.ts";
import type { PackageReader } from "./package.ts";
import { pythonReader } from "./python.ts";
import { rpmReader } from "./rpm.ts";

/** Every ecosystem layerdiff reads, in report order. */
export const PACKAGE_READERS: readonly PackageReader[] = [
  dpkgReader,
  apkReader,
  rpmReader,
  pythonReader,
  npmReader,
];

/** The reader of an ecosystem. */
export function packageReader(ecosystem: string): PackageReader {
  const reader = PACKAGE_READERS.find((r) => r.ecosystem === ecosystem);
  if (!reader) throw new Error(`no package reader for ${ecosystem}`);
  return reader;
}

/** Whether some package reader keeps the bytes of this path. */
export function isPackageFile(path: string): boolean {
  return PACKAGE_READERS.some((reader) => reader.wants(path));
}
