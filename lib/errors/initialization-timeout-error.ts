import { FlagstreamError } from './flagstream-error';

/** `waitForInitialization({ timeout })` ran out of time before the first full data set arrived. */
export class InitializationTimeoutError extends FlagstreamError {
  override readonly name = 'InitializationTimeoutError';
  readonly code = 'TIMEOUT';

  constructor(readonly timeout: number, lastError?: string) {
    super(`flagstream was not initialized within ${timeout} ms${lastError ? ` (last error: ${lastError})` : ''}`);
  }
}
