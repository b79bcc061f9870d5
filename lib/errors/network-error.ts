import { FlagstreamError } from './flagstream-error';

/**
 * A request or connection to a flag server failed below HTTP: refused, reset, cut, timed out,
 * or closed by the peer. Always worth retrying.
 *
 * The message names the request (method and URL, without credentials or query) and the reason;
 * the underlying error, when there is one, is kept on `cause`.
 */
export class NetworkError extends FlagstreamError {
  override readonly name = 'NetworkError';
  readonly code = 'NETWORK_ERROR';

  constructor(
    /** The request method, e.g. `GET`. */
    readonly method: string,
    /** The request URL, already stripped of credentials and query string. */
    readonly url: string,
    /** What went wrong, e.g. `connect ECONNREFUSED 127.0.0.1:8030` or `read timeout (60000 ms)`. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} ${url} failed: ${reason}`, options);
  }
}
