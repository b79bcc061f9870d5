import { randomUUID } from 'node:crypto';
import type { Agent } from 'node:http';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { fetch as crossFetch } from 'cross-fetch';
import type { SchedulerLike } from 'rxjs';
import { HttpError } from '../errors/http-error';
import { NetworkError } from '../errors/network-error';
import type { Logger } from '../logging/logger';
import { isHttpRecoverable } from '../transport/http-status';
import { safeUrl } from '../transport/safe-url';
import { networkReason } from '../transport/network-reason';
import { requestDeadline } from '../transport/request-deadline';

const gzip = promisify(gzipCallback);

/** Largest response body read from the events endpoint (the body is ignored). */
const MAX_RESPONSE_BODY = 64 * 1024;

/** The request an {@link EventsFetch} receives (`size` is a node-fetch extension). */
export interface EventsRequestInit {
  readonly method: 'POST';
  readonly headers: Record<string, string>;
  readonly body: string | Uint8Array;
  readonly signal: AbortSignal;
  readonly redirect: 'manual';
  readonly size?: number;
  /** The proxy agent, when a proxy applies (a node-fetch extension). */
  readonly agent?: Agent;
}

/** The part of a response the sender reads. */
export interface EventsResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  /** Read (and discarded) when present, so that the connection can be reused. */
  text?(): Promise<string>;
}

/** A `fetch` for posting events (cross-fetch by default). */
export type EventsFetch = (url: string, init: EventsRequestInit) => Promise<EventsResponse>;

/** Options of {@link EventSender}. */
export interface EventSenderOptions {
  /** Sent as `Authorization`; never logged. */
  readonly sdkKey: string;
  /** The full URL to post to (`…/bulk`). */
  readonly url: string;
  /** The fetch implementation. @default cross-fetch */
  readonly fetch?: EventsFetch;
  /** Compress bodies (`Content-Encoding: gzip`). @default false */
  readonly gzip?: boolean;
  /** Wait before the single retry, in ms. @default 1000 */
  readonly retryDelay?: number;
  /** Time allowed for one request (connect, headers and body), in ms; 0 disables. @default 10000 */
  readonly requestTimeout?: number;
  /** HTTP agent for the requests, e.g. the proxy agent stream and polling use. @default none (direct) */
  readonly agent?: Agent;
  readonly scheduler: SchedulerLike;
  readonly logger: Logger;
}

/**
 * How a payload ended: `delivered` (2xx); `unreachable` (failed twice with a network error, a
 * timeout, 400, 408, 429 or 5xx, or aborted: worth sending again later); `failed` (413: it can
 * never be accepted); `stopped` (a fatal status such as 401/403: send nothing more).
 */
export type DeliveryOutcome = 'delivered' | 'unreachable' | 'failed' | 'stopped';

/** What {@link EventSender.send} reports. */
export interface DeliveryResult {
  readonly outcome: DeliveryOutcome;
  /** True when the payload was sent a second time. */
  readonly retried: boolean;
  /** For `unreachable`: what went wrong last (no credentials). */
  readonly reason?: string;
}

/**
 * Posts one payload of events (docs/evaluation.md, "Event delivery"): `POST <url>` with the JSON body, `Authorization: <sdkKey>`,
 * `Content-Type: application/json`, `X-Flagstream-Event-Schema: 4` and
 * `X-Flagstream-Payload-Id: <uuid v4>` (new per payload, the same on its retry), optionally
 * gzipped, through `agent` when a proxy applies. A network error (or timeout), 400, 408, 429,
 * 5xx or any other non-2xx status below 400 is retried exactly once after `retryDelay`, then
 * reported `unreachable` (the caller keeps the events for a later attempt); 413 is `failed` at
 * once; any other 4xx (401, 403, 404…) is fatal. {@link abort} ends every request and wait at
 * once. Never rejects; log lines name the URL without credentials and never the SDK key.
 * Records the server's `Date` header ({@link serverTime}).
 */
export class EventSender {
  /** The latest `Date` header of an events response, in ms since epoch (0 until one is seen). */
  serverTime = 0;
  private readonly where: string;
  /** Aborters of the requests and retry waits in progress. */
  private readonly active = new Set<() => void>();
  private aborting = false;

  constructor(private readonly options: EventSenderOptions) {
    this.where = safeUrl(options.url);
  }

  /**
   * Sends `body` (a JSON array of `eventCount` events), retrying once when worth it.
   *
   * @param body the JSON text
   * @param eventCount how many events it holds (for log lines)
   */
  async send(body: string, eventCount: number): Promise<DeliveryResult> {
    const { logger } = this.options;
    const payloadId = randomUUID();
    let data: string | Uint8Array = body;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Authorization: this.options.sdkKey,
      'X-Flagstream-Event-Schema': '4',
      'X-Flagstream-Payload-Id': payloadId,
    };
    if (this.options.gzip === true) {
      data = await gzip(body);
      headers['Content-Encoding'] = 'gzip';
    }
    for (let attempt = 1; ; attempt++) {
      const error = await this.post(data, headers);
      if (error === undefined) return { outcome: 'delivered', retried: attempt > 1 };
      if (error instanceof HttpError && error.status === 413) {
        logger.warn(`Sending analytics events: ${error.message} (payload too large); dropped ${eventCount} events`);
        return { outcome: 'failed', retried: attempt > 1 };
      }
      if (error instanceof HttpError && !error.recoverable) {
        logger.error(`Sending analytics events: ${error.message}; analytics events will no longer be sent (check the SDK key and the events URI)`);
        return { outcome: 'stopped', retried: attempt > 1 };
      }
      if (attempt === 2 || this.aborting) return { outcome: 'unreachable', retried: attempt > 1, reason: error.message };
      logger.debug(`Sending analytics events: ${error.message}; retrying once in ${this.retryDelay} ms`);
      await this.delay(this.retryDelay);
    }
  }

  /**
   * Ends every request and retry wait in progress at once (their `send` reports `unreachable`),
   * and every later `send` too: used when `close()` gives up.
   */
  abort(): void {
    this.aborting = true;
    for (const abort of [...this.active]) abort();
  }

  private get retryDelay(): number {
    return this.options.retryDelay ?? 1000;
  }

  /** One POST: `undefined` on 2xx, otherwise the error (HttpError or NetworkError). */
  private async post(body: string | Uint8Array, headers: Record<string, string>): Promise<HttpError | NetworkError | undefined> {
    const timeout = this.options.requestTimeout ?? 10_000;
    const deadline = requestDeadline(timeout, this.options.scheduler);
    if (this.aborting) deadline.abort();
    this.active.add(deadline.abort);
    try {
      const fetch = this.options.fetch ?? (crossFetch as unknown as EventsFetch);
      const init: EventsRequestInit = { method: 'POST', headers, body, signal: deadline.signal, redirect: 'manual', size: MAX_RESPONSE_BODY };
      const response = await fetch(this.options.url, this.options.agent ? { ...init, agent: this.options.agent } : init);
      this.noteServerTime(response.headers.get('date'));
      await response.text?.().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return undefined;
      return new HttpError('POST', this.where, response.status, isHttpRecoverable(response.status));
    } catch (error) {
      const reason = deadline.timedOut ? `request timed out after ${timeout} ms` : this.aborting ? 'aborted (close() gave up)' : networkReason(error);
      return new NetworkError('POST', this.where, reason, { cause: error });
    } finally {
      this.active.delete(deadline.abort);
      deadline.cancel();
    }
  }

  private noteServerTime(date: string | null): void {
    if (!date) return;
    const time = Date.parse(date);
    if (Number.isFinite(time)) this.serverTime = time;
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.active.delete(done);
        timer.unsubscribe();
        resolve();
      };
      const timer = this.options.scheduler.schedule(done, ms);
      this.active.add(done);
    });
  }
}
