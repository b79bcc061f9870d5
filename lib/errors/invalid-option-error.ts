import { FlagstreamError } from './flagstream-error';

/** An option passed to `createClient`/`configure` is missing, of the wrong type or out of range. */
export class InvalidOptionError extends FlagstreamError {
  override readonly name = 'InvalidOptionError';
  readonly code = 'INVALID_OPTION';

  constructor(
    /** The option's name, e.g. `pollInterval` or `events.capacity`. */
    readonly option: string,
    message: string,
  ) {
    super(`Invalid option '${option}': ${message}`);
  }
}
