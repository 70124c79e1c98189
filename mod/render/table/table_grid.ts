/**
 * Lays out rows as aligned columns, two spaces apart, each line indented by
 * `indent`. Columns listed in `right` are right-aligned; the last column is
 * never padded, so long paths do not push trailing spaces.
 */
export function grid(
  rows: string[][],
  options: { right?: number[]; indent?: string } = {},
): string[] {
  const right = new Set(options.right ?? []);
  const indent = options.indent ?? "  ";
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => widths[i] = Math.max(widths[i] ?? 0, cell.length));
  }
  return rows.map((row) =>
    indent +
    row.map((cell, i) =>
      i === row.length - 1 && !right.has(i)
        ? cell
        : right.has(i)
        ? cell.padStart(widths[i])
        : cell.padEnd(widths[i])
    ).join("  ").trimEnd()
  );
}
