import { FlagstreamError } from './flagstream-error';

/**
 * The flag server's data file could not be read, parsed or validated, or could not be written.
 * `issues` names each problem (`environments.prod.flags.x.variations: expected Array<unknown>…`).
 */
export class DataFileError extends FlagstreamError {
  override readonly name = 'DataFileError';
  readonly code = 'DATA_FILE_ERROR';

  constructor(
    /** The data file's path. */
    readonly path: string,
    message: string,
    /** One line per problem (empty when the problem is not about the content). */
    readonly issues: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(`Data file ${path}: ${message}${issues.length > 0 ? `: ${issues.join('; ')}` : ''}`, options);
  }
}
