import { FlagstreamError } from '../../errors/flagstream-error';

/** The stored version of an item is not the one a change was based on (another writer won). */
export class VersionConflictError extends FlagstreamError {
  override readonly name = 'VersionConflictError';
  readonly code = 'VERSION_CONFLICT';

  constructor(
    /** `environment/kind/key`. */
    readonly item: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${item} is at version ${actual}, not ${expected}: it was changed by another writer`);
  }
}

/** The database cannot be reached (or failed); nothing was written. */
export class StoreUnavailableError extends FlagstreamError {
  override readonly name = 'StoreUnavailableError';
  readonly code = 'STORE_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The store does not take writes (flags as code, relay). */
export class StoreReadOnlyError extends FlagstreamError {
  override readonly name = 'StoreReadOnlyError';
  readonly code = 'STORE_READ_ONLY';
}
