import { ServerRequestError } from '../errors/server-request-error';
import type { Logger } from '../logging/logger';
import type { ServerStore } from './storage/server-store';
import { storeRequestError } from './storage/store-request-error';

/**
 * Runs the changes of one `FlagRepository` one at a time, in the order they were asked for, and
 * their writes to the store. A change reads memory, writes the store, then applies memory; two
 * running at once could both be based on the same version, so every change (local, or read back
 * from another replica's notification) goes through {@link run}. A change that fails does not
 * stop the ones queued after it.
 *
 * Writes go through {@link write}: refused with `405` on a read-only store (flags as code, relay),
 * and a store error turned into the HTTP error that says what could not be written (`503` when
 * the database is unreachable, `409` on a version conflict, `500` otherwise).
 */
export class ChangeQueue {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    /** The store written to. */
    private readonly store: ServerStore,
    /** Where store failures are reported (see `storeRequestError`). */
    private readonly logger: Logger,
  ) {}

  /** Runs `work` once every change queued before it has finished; resolves or rejects as `work` does. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every change queued so far has finished (whether it succeeded or not). */
  async idle(): Promise<void> {
    await this.tail;
  }

  /**
   * Refuses a change on a read-only store.
   *
   * @throws ServerRequestError 405 naming why the store is read-only, with `Allow: GET`
   */
  checkWritable(): void {
    const reason = this.store.readOnlyReason;
    if (reason !== undefined) throw new ServerRequestError(405, `This server is read-only: ${reason}`, [], { Allow: 'GET' });
  }

  /**
   * Runs a store write (`what` names it in errors: `flags/checkout`, `environment "qa"`…).
   *
   * @throws ServerRequestError 405 (read-only store), or the store's error as an HTTP error (see `storeRequestError`)
   */
  async write(work: () => Promise<void>, what: string): Promise<void> {
    this.checkWritable();
    try {
      await work();
    } catch (error) {
      throw storeRequestError(error, what, this.logger);
    }
  }
}
