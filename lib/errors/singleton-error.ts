import { FlagstreamError } from './flagstream-error';

/**
 * Misuse of the process-wide client: `configure()` called while a configured client is open
 * (`ALREADY_CONFIGURED`), or `get()` called before `configure()` (`NOT_CONFIGURED`).
 */
export class SingletonError extends FlagstreamError {
  override readonly name = 'SingletonError';

  constructor(
    readonly code: 'ALREADY_CONFIGURED' | 'NOT_CONFIGURED',
    message: string,
  ) {
    super(message);
  }
}
