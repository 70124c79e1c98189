/**
 * The library's error hierarchy. The library never prints or exits: it throws
 * one of these, and the CLI turns it into a single stderr line and exit code 2.
 *
 * Messages read "Cannot <action>: <reason>"; the context (archive file, layer,
 * entry, byte offset) is kept in fields and folded into the message once.
 */

/** Where in the input a problem was found. Every field is optional. */
export interface ErrorContext {
  /** The archive, directory or "-" (stdin) the user named. */
  file?: string;
  /** The layer, by position in the image and digest. */
  layer?: { index: number; digest?: string };
  /** The tar entry (path as stored) or archive member concerned. */
  entry?: string;
  /** Byte offset in the stream where the problem was detected. */
  offset?: number;
}

/** Base class: anything layerdiff reports to the user on purpose. */
export class LayerdiffError extends Error {
  /** The problem without the context prefix. */
  readonly reason: string;
  readonly context: ErrorContext;

  constructor(
    reason: string,
    context: ErrorContext = {},
    options?: ErrorOptions,
  ) {
    super(formatMessage(reason, context), options);
    this.name = new.target.name;
    this.reason = reason;
    this.context = context;
  }

  /**
   * A copy of this error with more context; fields already set win, but a
   * layer known only by index gains the digest given for the same index.
   */
  withContext(context: ErrorContext): LayerdiffError {
    const Kind = this.constructor as new (
      reason: string,
      context: ErrorContext,
      options?: ErrorOptions,
    ) => LayerdiffError;
    const own = this.context.layer;
    const layer = own && context.layer?.index === own.index
      ? { index: own.index, digest: own.digest ?? context.layer.digest }
      : own ?? context.layer;
    return new Kind(this.reason, {
      ...context,
      ...this.context,
      ...(layer ? { layer } : {}),
    }, { cause: this.cause });
  }
}

/** The archive or directory is malformed, truncated or hostile. */
export class InputError extends LayerdiffError {}

/** A digest or diffID does not match the bytes. */
export class IntegrityError extends InputError {}

/** The archive holds several images or platforms and none was chosen. */
export class SelectionError extends InputError {}

/** The command line is wrong. */
export class UsageError extends LayerdiffError {}

function formatMessage(reason: string, context: ErrorContext): string {
  const where: string[] = [];
  if (context.file !== undefined) where.push(context.file);
  if (context.layer) {
    const digest = context.layer.digest
      ? ` (${shortDigest(context.layer.digest)})`
      : "";
    where.push(`layer ${context.layer.index}${digest}`);
  }
  if (context.entry !== undefined) {
    where.push(`entry ${JSON.stringify(context.entry)}`);
  }
  if (context.offset !== undefined) where.push(`offset ${context.offset}`);
  return where.length ? `${where.join(": ")}: ${reason}` : reason;
}

function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.split(":");
  return hex ? `${algorithm}:${hex.slice(0, 12)}` : digest;
}

/** Adds context to a LayerdiffError passing through; other errors pass unchanged. */
export function addContext(error: unknown, context: ErrorContext): unknown {
  return error instanceof LayerdiffError ? error.withContext(context) : error;
}
