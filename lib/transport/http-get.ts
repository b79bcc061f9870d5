import type { Agent } from 'node:http';
import { fetch as crossFetch } from 'cross-fetch';
import { asyncScheduler, Observable, type SchedulerLike } from 'rxjs';
import { HttpError } from '../errors/http-error';
import { NetworkError } from '../errors/network-error';
import { PayloadDecodeError } from '../errors/payload-decode-error';
import { isHttpRecoverable } from './http-status';
import { safeUrl } from './safe-url';
import { networkReason } from './network-reason';
import { requestDeadline } from './request-deadline';

/** Default request timeout (connect, headers and body together). */
export const DEFAULT_REQUEST_TIMEOUT = 10_000;
/** Default largest accepted response body: 64 MiB. */
export const DEFAULT_MAX_BODY_SIZE = 64 * 1024 * 1024;

/** The part of a `fetch` response that {@link httpGet} reads. */
export interface FetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** The request options {@link httpGet} passes (`agent` and `size` are node-fetch extensions). */
export interface FetchInit {
  readonly method: 'GET';
  readonly headers: Record<string, string>;
  readonly signal: AbortSignal;
  readonly redirect: 'follow';
  readonly agent?: Agent;
  readonly size?: number;
}

/** A `fetch` function (cross-fetch by default; inject another for tests or special transports). */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** Options of {@link httpGet}. */
export interface HttpGetOptions {
  /** The `http(s)://` URL to fetch. */
  readonly url: string;
  /** Request headers. @default none */
  readonly headers?: Readonly<Record<string, string>>;
  /** Milliseconds for the whole exchange, body included; `0` disables it. @default 10000 */
  readonly timeout?: number;
  /** Largest accepted body in bytes. @default 67108864 (64 MiB) */
  readonly maxBodySize?: number;
  /** HTTP agent, e.g. a proxy agent. @default none (direct connection) */
  readonly agent?: Agent;
  /** The fetch implementation. @default cross-fetch */
  readonly fetch?: FetchLike;
  /** Scheduler for the timeout. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
}

/** What {@link httpGet} emits: a 2xx or 304 response, body read as text (empty for 304). */
export interface HttpResponse {
  readonly status: number;
  /** The `ETag` header, if any. */
  readonly etag: string | undefined;
  readonly body: string;
}

/**
 * Sends one GET request on subscription, emits the response (2xx or 304) with its body read as
 * text, then completes. Errors with {@link HttpError} for any other status, {@link NetworkError}
 * on a connection failure or timeout, and {@link PayloadDecodeError} when the body is larger than
 * `maxBodySize`. Unsubscribing aborts the request.
 *
 * ## Example
 * ```ts
 * httpGet({ url: 'http://localhost:8030/sdk/latest-all', headers: { Authorization: sdkKey } })
 *   .subscribe((response) => console.log(response.status, response.etag));
 * // Logs: 200 "v42"
 * ```
 */
export function httpGet(options: HttpGetOptions): Observable<HttpResponse> {
  return new Observable<HttpResponse>((subscriber) => {
    const scheduler = options.scheduler ?? asyncScheduler;
    const timeout = options.timeout ?? DEFAULT_REQUEST_TIMEOUT;
    const maxBodySize = options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE;
    const where = safeUrl(options.url);
    const deadline = requestDeadline(timeout, scheduler);

    const run = async (): Promise<HttpResponse> => {
      const fetch = options.fetch ?? (crossFetch as unknown as FetchLike);
      const response = await fetch(options.url, {
        method: 'GET',
        headers: { ...options.headers },
        signal: deadline.signal,
        redirect: 'follow',
        agent: options.agent,
        size: maxBodySize,
      });
      if (response.status !== 304 && (response.status < 200 || response.status > 299)) {
        throw new HttpError('GET', where, response.status, isHttpRecoverable(response.status));
      }
      const length = Number(response.headers.get('content-length'));
      if (length > maxBodySize) throw tooLarge(maxBodySize);
      const body = response.status === 304 ? '' : await response.text();
      return { status: response.status, etag: response.headers.get('etag') ?? undefined, body };
    };

    run().then(
      (response) => {
        deadline.cancel();
        if (subscriber.closed) return;
        subscriber.next(response);
        subscriber.complete();
      },
      (error: unknown) => {
        deadline.cancel();
        if (subscriber.closed) return;
        subscriber.error(classify(error, where, deadline.timedOut, timeout, maxBodySize));
      },
    );

    return () => {
      deadline.cancel();
      deadline.abort();
    };
  });
}

function classify(error: unknown, where: string, timedOut: boolean, timeout: number, maxBodySize: number): Error {
  if (error instanceof HttpError || error instanceof PayloadDecodeError) return error;
  if (timedOut) return new NetworkError('GET', where, `request timed out after ${timeout} ms`, { cause: error });
  if ((error as { type?: string } | null)?.type === 'max-size') return tooLarge(maxBodySize);
  return new NetworkError('GET', where, networkReason(error), { cause: error });
}

function tooLarge(maxBodySize: number): PayloadDecodeError {
  return new PayloadDecodeError('poll response', [`(root): body larger than the limit of ${maxBodySize} bytes`]);
}
