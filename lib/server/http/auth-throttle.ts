import type { Logger } from '../../logging/logger';

/** Settings of an {@link AuthThrottle}. Every field is optional. */
export interface AuthThrottleOptions {
  /** Failed authentications from one address within `windowMs` after which it is blocked. Default 20. */
  readonly maxFailures?: number;
  /** The window in which failures are counted, ms. Default 60,000. */
  readonly windowMs?: number;
  /** How long a blocked address gets `429` for every authenticated request, ms. Default 60,000. */
  readonly blockMs?: number;
  /** How often the failures of an address are summarised in the log, ms. Default 60,000. */
  readonly summaryIntervalMs?: number;
  /** Most addresses remembered at once (the least recently failing are forgotten first). Default 10,000. */
  readonly maxAddresses?: number;
}

/** Told of failures and throttled requests (e.g. to count them). */
export interface AuthThrottleObserver {
  failed?(kind: CredentialKind): void;
  throttled?(kind: CredentialKind): void;
}

/** What kind of credential failed: an admin/API token or an SDK key. */
export type CredentialKind = 'admin' | 'sdk';

interface AddressRecord {
  /** Failure times within the window (oldest first). */
  failures: number[];
  blockedUntil: number;
  /** Failures not yet written to the log, by credential kind and reason. */
  unreported: Map<string, number>;
  unreportedTotal: number;
  lastSummaryAt: number;
}

/** The resolved settings. */
type Settings = Required<AuthThrottleOptions>;

/** Fills in defaults and checks ranges. */
export function resolveAuthThrottleOptions(options: AuthThrottleOptions = {}): Settings {
  const settings: Settings = {
    maxFailures: options.maxFailures ?? 20,
    windowMs: options.windowMs ?? 60_000,
    blockMs: options.blockMs ?? 60_000,
    summaryIntervalMs: options.summaryIntervalMs ?? 60_000,
    maxAddresses: options.maxAddresses ?? 10_000,
  };
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`authThrottle.${name}: expected a whole number ≥ 1, got ${value}`);
  }
  return settings;
}

/**
 * Throttles failed authentication per client address, for admin/API tokens and SDK keys alike
 * (one counter per address, whatever the credential): after `maxFailures` failures within
 * `windowMs`, every request from that address that needs a credential is answered `429` with
 * `Retry-After` for `blockMs`, without looking at the credential (so guessing cannot go on
 * during the block). A request that authenticates does not reset the counter.
 *
 * Logging is a summary, never one line per attempt and never the credential: the first failure
 * of an address is logged, the start of a block is logged, and further failures are counted and
 * written as one line per address every `summaryIntervalMs` (and on {@link close}).
 */
export class AuthThrottle {
  private readonly settings: Settings;
  private readonly records = new Map<string, AddressRecord>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly logger: Logger,
    options: AuthThrottleOptions = {},
    /** Clock, ms since epoch. */
    private readonly now: () => number = Date.now,
    /** Told of every failure and every request refused while blocked (metrics); default nothing. */
    private readonly observer: AuthThrottleObserver = {},
  ) {
    this.settings = resolveAuthThrottleOptions(options);
  }

  /**
   * Seconds until `address` may authenticate again, or 0 when it is not blocked. A request from a
   * blocked address is answered `429` with `Retry-After` set to this value.
   */
  retryAfterSeconds(address: string): number {
    const record = this.records.get(address);
    if (record === undefined) return 0;
    const left = record.blockedUntil - this.now();
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  /**
   * How many more failures `address` may have before it is blocked (0 while blocked): e.g. how
   * many credentials from it may still be looked up in a store.
   */
  failuresLeft(address: string): number {
    const record = this.records.get(address);
    if (record === undefined) return this.settings.maxFailures;
    const now = this.now();
    if (record.blockedUntil > now) return 0;
    const recent = record.failures.filter((at) => at > now - this.settings.windowMs).length;
    return Math.max(0, this.settings.maxFailures - recent);
  }

  /**
   * Records a failed authentication from `address`.
   *
   * @param address the client address (`req.socket.remoteAddress`)
   * @param kind the credential kind
   * @param reason why it failed, for the log (`no token`, `wrong token`, `unknown SDK key`…); never the credential
   * @param where the request, for the log (`GET /api/environments`)
   * @returns seconds the address is now blocked for (0 when not blocked)
   */
  fail(address: string, kind: CredentialKind, reason: string, where: string): number {
    this.observer.failed?.(kind);
    const now = this.now();
    let record = this.records.get(address);
    if (record === undefined) {
      if (this.records.size >= this.settings.maxAddresses) this.forgetOldest();
      record = { failures: [], blockedUntil: 0, unreported: new Map(), unreportedTotal: 0, lastSummaryAt: now };
      this.logger.warn(`Auth: refused ${where} from ${address} (${kind}: ${reason}); further failures from this address are summarised`);
    } else {
      this.records.delete(address); // re-insert: the map stays ordered by last failure
      const label = `${kind}: ${reason}`;
      record.unreported.set(label, (record.unreported.get(label) ?? 0) + 1);
      record.unreportedTotal++;
    }
    this.records.set(address, record);
    const failures = record.failures;
    while (failures.length > 0 && failures[0] <= now - this.settings.windowMs) failures.shift();
    failures.push(now);
    if (record.blockedUntil <= now && failures.length >= this.settings.maxFailures) {
      record.blockedUntil = now + this.settings.blockMs;
      failures.length = 0;
      this.logger.warn(
        `Auth: ${address} blocked for ${Math.ceil(this.settings.blockMs / 1000)} s after ${this.settings.maxFailures} failed authentications within ${Math.ceil(this.settings.windowMs / 1000)} s`,
      );
    }
    if (now - record.lastSummaryAt >= this.settings.summaryIntervalMs) this.summarise(address, record, now);
    else this.scheduleSummary();
    return this.retryAfterSeconds(address);
  }

  /**
   * Records a request refused because its address was blocked (counted in the next summary, not
   * logged on its own).
   */
  refusedWhileBlocked(address: string, kind: CredentialKind): void {
    this.observer.throttled?.(kind);
    const record = this.records.get(address);
    if (record === undefined) return;
    const label = `${kind}: refused while blocked`;
    record.unreported.set(label, (record.unreported.get(label) ?? 0) + 1);
    record.unreportedTotal++;
    this.scheduleSummary();
  }

  /** Writes the pending summaries and stops the summary timer. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.now();
    for (const [address, record] of this.records) this.summarise(address, record, now);
  }

  private summarise(address: string, record: AddressRecord, now: number): void {
    if (record.unreportedTotal > 0) {
      const parts = [...record.unreported].map(([label, count]) => `${count} × ${label}`).join(', ');
      const seconds = Math.max(1, Math.round((now - record.lastSummaryAt) / 1000));
      const blocked = record.blockedUntil > now ? `; blocked for ${Math.ceil((record.blockedUntil - now) / 1000)} s more` : '';
      this.logger.warn(`Auth: ${record.unreportedTotal} more failed authentications from ${address} in the last ${seconds} s (${parts})${blocked}`);
    }
    record.unreported.clear();
    record.unreportedTotal = 0;
    record.lastSummaryAt = now;
  }

  private scheduleSummary(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const now = this.now();
      let pending = false;
      for (const [address, record] of this.records) {
        if (record.unreportedTotal === 0) {
          if (record.blockedUntil <= now && (record.failures.at(-1) ?? 0) <= now - this.settings.windowMs) this.records.delete(address);
          continue;
        }
        if (now - record.lastSummaryAt >= this.settings.summaryIntervalMs) this.summarise(address, record, now);
        else pending = true;
      }
      if (pending) this.scheduleSummary();
    }, this.settings.summaryIntervalMs);
    this.timer.unref?.();
  }

  private forgetOldest(): void {
    const oldest = this.records.keys().next();
    if (!oldest.done) {
      const record = this.records.get(oldest.value)!;
      this.summarise(oldest.value, record, this.now());
      this.records.delete(oldest.value);
    }
  }
}
