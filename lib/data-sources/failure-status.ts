import { HttpError } from '../errors/http-error';
import { NetworkError } from '../errors/network-error';
import { PayloadDecodeError } from '../errors/payload-decode-error';
import type { DataSourceEvent } from './data-source';
import type { DataSourceErrorInfo } from './data-source-status';

/**
 * Describes a data-source failure for `status$`:
 * - {@link HttpError} ⇒ `ERROR_RESPONSE` with `statusCode`;
 * - {@link NetworkError} ⇒ `NETWORK_ERROR`;
 * - {@link PayloadDecodeError} ⇒ `INVALID_DATA` (the message names the bad paths);
 * - anything else ⇒ `UNKNOWN`.
 *
 * @param error what the transport or decoder failed with
 * @param time when it happened (ms since epoch)
 */
export function describeFailure(error: unknown, time: number): DataSourceErrorInfo {
  if (error instanceof HttpError) {
    return { kind: 'ERROR_RESPONSE', statusCode: error.status, message: error.message, time };
  }
  if (error instanceof NetworkError) return { kind: 'NETWORK_ERROR', message: error.message, time };
  if (error instanceof PayloadDecodeError) return { kind: 'INVALID_DATA', message: error.message, time };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'UNKNOWN', message, time };
}

/** Whether the source must stop for good: an HTTP status that retrying cannot fix (401, 403, other 4xx). */
export function isFatalFailure(error: unknown): boolean {
  return error instanceof HttpError && !error.recoverable;
}

/**
 * The status event for a failure: `OFF` when it is fatal ({@link isFatalFailure}), otherwise
 * `INTERRUPTED` (the source retries). Both carry the {@link describeFailure} error info.
 */
export function failureStatus(error: unknown, time: number): DataSourceEvent {
  return { type: 'status', state: isFatalFailure(error) ? 'OFF' : 'INTERRUPTED', error: describeFailure(error, time) };
}

/** Whether an event is the final `OFF` status after which a source completes. */
export function isOffStatus(event: DataSourceEvent): boolean {
  return event.type === 'status' && event.state === 'OFF';
}
