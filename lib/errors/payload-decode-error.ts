import { FlagstreamError } from './flagstream-error';

/**
 * A payload (stream message, poll body, flag file, admin request, event batch) did not match its
 * schema. `issues` holds one line per bad path, e.g.
 * `flags.checkout.rules[2].clauses[0].op: expected string, got 7`.
 *
 * Deliberately not a transport error: the request succeeded; the data was rejected.
 */
export class PayloadDecodeError extends FlagstreamError {
  override readonly name = 'PayloadDecodeError';
  readonly code = 'INVALID_DATA';

  constructor(
    /** What was being decoded, e.g. `stream message` or `flag file /etc/flags.yaml`. */
    readonly what: string,
    /** One line per bad path: `path: expected T, got V`. */
    readonly issues: readonly string[],
  ) {
    super(`Invalid ${what}: ${issues.join('; ')}`);
  }
}
