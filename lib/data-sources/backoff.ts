/** Options of {@link Backoff} and {@link backoffDelay}. */
export interface BackoffOptions {
  /** Delay before the first retry, in ms. @default 1000 */
  readonly initialDelay?: number;
  /** Upper bound of the delay, in ms. @default 30000 */
  readonly maxDelay?: number;
  /** Each delay is reduced by a random fraction in `[0, jitterRatio)`. @default 0.5 */
  readonly jitterRatio?: number;
  /** A connection that stayed healthy this long resets the delay to `initialDelay`, in ms. @default 60000 */
  readonly resetAfter?: number;
  /** Source of randomness in `[0, 1)`. @default Math.random */
  readonly random?: () => number;
}

/** Default delay before the first retry. */
export const DEFAULT_INITIAL_DELAY = 1_000;
/** Default upper bound of a retry delay. */
export const DEFAULT_MAX_DELAY = 30_000;
/** Default jitter: up to half of each delay is taken off. */
export const DEFAULT_JITTER_RATIO = 0.5;
/** Default healthy time after which the delay starts over. */
export const DEFAULT_RESET_AFTER = 60_000;

/**
 * The delay before retry number `attempt` (0 for the first retry): `initialDelay × 2^attempt`,
 * capped at `maxDelay`, then reduced by `random() × jitterRatio` of itself (so with the defaults
 * it lies between 50 % and 100 % of the un-jittered value), rounded down to whole ms.
 *
 * ## Example
 * ```ts
 * backoffDelay(0, { random: () => 0 }); // 1000
 * backoffDelay(3, { random: () => 0 }); // 8000
 * backoffDelay(9, { random: () => 0.5 }); // 22500 (30000 capped, minus 25 %)
 * ```
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialDelay ?? DEFAULT_INITIAL_DELAY;
  const max = options.maxDelay ?? DEFAULT_MAX_DELAY;
  const jitterRatio = options.jitterRatio ?? DEFAULT_JITTER_RATIO;
  const random = options.random ?? Math.random;
  // 2^attempt overflows to Infinity long after the cap applies; Math.min handles that.
  const base = Math.min(max, initial * Math.pow(2, Math.max(0, attempt)));
  return Math.max(0, Math.floor(base - base * jitterRatio * random()));
}

/**
 * Retry-delay bookkeeping for one data source (docs/evaluation.md, "Reconnecting", as LaunchDarkly's SDKs do it):
 * call {@link Backoff.succeeded} when a connection becomes healthy and {@link Backoff.failed}
 * when it is lost (or could not be made); `failed` returns how long to wait before trying again.
 *
 * Consecutive failures double the delay up to `maxDelay`; a connection that was healthy for at
 * least `resetAfter` ms before failing starts the sequence over at `initialDelay`.
 *
 * ## Example
 * ```ts
 * const backoff = new Backoff({ random: () => 0 });
 * backoff.failed(0);        // 1000
 * backoff.failed(1000);     // 2000
 * backoff.succeeded(3000);
 * backoff.failed(70_000);   // 1000: healthy for 67 s
 * ```
 */
export class Backoff {
  private attempt = 0;
  private healthySince: number | undefined;

  constructor(private readonly options: BackoffOptions = {}) {}

  /** Records that a connection became healthy at `now` (ms). */
  succeeded(now: number): void {
    this.healthySince ??= now;
  }

  /** Records a failure at `now` (ms) and returns the delay before the next attempt, in ms. */
  failed(now: number): number {
    const resetAfter = this.options.resetAfter ?? DEFAULT_RESET_AFTER;
    if (this.healthySince !== undefined && now - this.healthySince >= resetAfter) this.attempt = 0;
    this.healthySince = undefined;
    return backoffDelay(this.attempt++, this.options);
  }
}
