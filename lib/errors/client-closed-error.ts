import { FlagstreamError } from './flagstream-error';

/** The operation needs an open client, but `close()` was called. */
export class ClientClosedError extends FlagstreamError {
  override readonly name = 'ClientClosedError';
  readonly code = 'CLIENT_CLOSED';

  constructor(operation: string) {
    super(`${operation}: the flagstream client is closed`);
  }
}
