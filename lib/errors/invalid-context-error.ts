import { FlagstreamError } from './flagstream-error';

/** A context given to an operation that cannot proceed without a valid one (e.g. `secureModeHash`). */
export class InvalidContextError extends FlagstreamError {
  override readonly name = 'InvalidContextError';
  readonly code = 'USER_NOT_SPECIFIED';

  constructor(operation: string, reason: string) {
    super(`${operation}: invalid context: ${reason}`);
  }
}
