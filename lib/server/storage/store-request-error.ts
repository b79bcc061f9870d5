import { ServerRequestError } from '../../errors/server-request-error';
import type { Logger } from '../../logging/logger';
import { StoreUnavailableError, VersionConflictError } from './store-errors';

/**
 * The HTTP error for a store write that failed (nothing of it was saved): a version that moved
 * underneath it `409` (naming the item), an unreachable database `503` with `Retry-After` (and a
 * log line), anything else `500` with the cause. A {@link ServerRequestError} (thrown by a
 * builder or a transaction hook) is returned as it is.
 *
 * @param what what was changed, e.g. `flags/checkout`
 */
export function storeRequestError(error: unknown, what: string, logger: Logger): ServerRequestError {
  if (error instanceof ServerRequestError) return error;
  if (error instanceof VersionConflictError) {
    const item = error.item.endsWith(`/${what}`) ? what : `${what}: ${error.item}`;
    return new ServerRequestError(409, `${item} was changed by another writer at the same time (now version ${error.actual}); nothing was saved; read it again and retry`);
  }
  if (error instanceof StoreUnavailableError) {
    logger.warn(`Change to ${what} refused: ${error.message}`);
    return new ServerRequestError(503, `The change to ${what} was not saved: the database is unavailable (SDKs are still served the current flags); retry later`, [], {
      'Retry-After': '1',
    });
  }
  return new ServerRequestError(500, `The change to ${what} was not saved: ${(error as Error).message}`);
}
