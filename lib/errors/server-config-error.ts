import { FlagstreamError } from './flagstream-error';

/**
 * The flag server was started with options it cannot run with (no admin token outside dev
 * mode, a negative limit, an unknown command-line option…). Raised before anything listens.
 */
export class ServerConfigError extends FlagstreamError {
  override readonly name = 'ServerConfigError';
  readonly code = 'INVALID_SERVER_CONFIG';

  constructor(
    /** The option's name, e.g. `adminToken` or `--port`. */
    readonly option: string,
    message: string,
  ) {
    super(`Invalid server option '${option}': ${message}`);
  }
}
