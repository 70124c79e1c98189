/** Paints text with an ANSI SGR code, or leaves it as is. */
export type Paint = (code: number, text: string) => string;

/** SGR codes of the table view. */
export const COLORS = {
  added: 32,
  removed: 31,
  modified: 33,
  dim: 2,
  bold: 1,
} as const;

/** A painter: ANSI colours when `color` is true, plain text otherwise. */
export function painter(color: boolean): Paint {
  return (code, text) => color ? `\x1b[${code}m${text}\x1b[0m` : text;
}
