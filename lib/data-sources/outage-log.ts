import type { Logger } from '../logging/logger';

/** Default time between two summary lines of a continuing outage. */
export const DEFAULT_OUTAGE_SUMMARY_INTERVAL = 60_000;

/**
 * Throttled logging of a data source's connection failures, so that a long outage does not
 * flood the log with one line per retry:
 * - the first failure of an outage is logged at `warn`, with what happens next;
 * - later failures are logged at `debug` only, except one `warn` summary at most every
 *   `summaryInterval` ms ("still failing: N attempts in X s, last error …");
 * - the first success after failures is logged once at `info` (with the count and duration).
 *
 * ## Example
 * ```ts
 * const log = new OutageLog(logger, 'stream', () => scheduler.now());
 * log.failed('connect ECONNREFUSED', 'reconnecting in 1000 ms'); // warn
 * log.failed('connect ECONNREFUSED', 'reconnecting in 2000 ms'); // debug
 * log.recovered();                                              // info: back after 2 failed attempts
 * ```
 */
export class OutageLog {
  private failures = 0;
  private startedAt = 0;
  private lastSummaryAt = 0;

  /**
   * @param logger where lines go
   * @param what the source's name in lines, e.g. `stream`
   * @param now the clock (ms)
   * @param summaryInterval least ms between two summaries of one outage @default 60000
   */
  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly now: () => number,
    private readonly summaryInterval = DEFAULT_OUTAGE_SUMMARY_INTERVAL,
  ) {}

  /** Number of consecutive failures of the current outage (0 when healthy). */
  get failing(): number {
    return this.failures;
  }

  /**
   * Records one failed attempt.
   *
   * @param reason what went wrong (no credentials)
   * @param next what happens next, e.g. `reconnecting in 2000 ms`
   */
  failed(reason: string, next: string): void {
    const now = this.now();
    this.failures++;
    if (this.failures === 1) {
      this.startedAt = now;
      this.lastSummaryAt = now;
      this.logger.warn(`flagstream: ${this.what} interrupted: ${reason}; ${next} (further failures are summarized every ${Math.round(this.summaryInterval / 1000)} s)`);
      return;
    }
    if (now - this.lastSummaryAt >= this.summaryInterval) {
      this.lastSummaryAt = now;
      this.logger.warn(`flagstream: ${this.what} still failing: ${this.failures} attempts in ${Math.round((now - this.startedAt) / 1000)} s; last error: ${reason}; ${next}`);
      return;
    }
    this.logger.debug(`flagstream: ${this.what} attempt ${this.failures} failed: ${reason}; ${next}`);
  }

  /** Records a success: logs the recovery once if there were failures, and starts over. */
  recovered(): void {
    if (this.failures === 0) return;
    const seconds = Math.round((this.now() - this.startedAt) / 1000);
    this.logger.info(`flagstream: ${this.what} is back after ${this.failures} failed attempt${this.failures === 1 ? '' : 's'} over ${seconds} s`);
    this.failures = 0;
  }
}
