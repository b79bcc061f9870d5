import { FlagstreamError } from './flagstream-error';

/**
 * A flag server answered a request with an HTTP error status (or refused a WebSocket upgrade).
 *
 * The message names the request (method and URL, without credentials or query) and the status;
 * it never contains the SDK key or the response body.
 */
export class HttpError extends FlagstreamError {
  override readonly name = 'HttpError';
  readonly code = 'HTTP_ERROR';

  constructor(
    /** The request method, e.g. `GET`. */
    readonly method: string,
    /** The request URL, already stripped of credentials and query string. */
    readonly url: string,
    /** The HTTP status the server answered with. */
    readonly status: number,
    /**
     * Whether retrying may help: true for 400, 408, 429 and 5xx, false for 401, 403 and the
     * other 4xx (see `isHttpRecoverable`).
     */
    readonly recoverable: boolean,
  ) {
    super(`${method} ${url} failed: HTTP ${status}${describeStatus(status)}`);
  }
}

function describeStatus(status: number): string {
  switch (status) {
    case 401:
      return ' (unauthorized: the SDK key is unknown)';
    case 403:
      return ' (forbidden: the SDK key is disabled)';
    case 429:
      return ' (too many requests)';
    default:
      return '';
  }
}
