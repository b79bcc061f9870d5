/**
 * Base class of every error flagstream throws, rejects with or emits.
 *
 * `code` is a stable, machine-readable name (e.g. `INVALID_OPTION`, `TIMEOUT`); `name` is the
 * class name. The original error, when there is one, is kept on `cause`.
 */
export abstract class FlagstreamError extends Error {
  /** Stable machine-readable code. */
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
