import { FlagstreamError } from './flagstream-error';

/**
 * A persistent feature store (e.g. Redis) could not carry out an operation: it is unreachable,
 * it refused the command, or it was already closed.
 *
 * The message names the store (its description, never a URL with credentials), the operation
 * and the reason, e.g.
 * `redis (prefix flagstream): all() failed: cannot reach Redis (connect ECONNREFUSED 127.0.0.1:6379)`.
 * The underlying error, when there is one, is kept on `cause`.
 */
export class FeatureStoreError extends FlagstreamError {
  override readonly name = 'FeatureStoreError';
  readonly code = 'STORE_ERROR';

  constructor(
    /** The store's description, e.g. `redis (prefix flagstream)`. */
    readonly store: string,
    /** The operation that failed, e.g. `init()` or `upsert(flags checkout)`. */
    readonly operation: string,
    /** What went wrong, e.g. `the store is closed`. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${store}: ${operation} failed: ${reason}`, options);
  }
}
