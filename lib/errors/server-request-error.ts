import { FlagstreamError } from './flagstream-error';

/**
 * A request to the flag server was refused. The server answers with `status` and the JSON body
 * `{ "error": message, "issues": [...] }` (`issues` only when there are any).
 *
 * Thrown inside the server's request handlers; never seen by SDK users.
 */
export class ServerRequestError extends FlagstreamError {
  override readonly name = 'ServerRequestError';
  readonly code = 'REQUEST_REFUSED';

  constructor(
    /** HTTP status to answer with (400, 401, 404, 412, 413, 429…). */
    readonly status: number,
    /** What was refused, without the issues (the `error` field of the response body). */
    readonly summary: string,
    /** One line per problem, e.g. `rules[0].variation: 3 is out of range (2 variations)`. */
    readonly issues: readonly string[] = [],
    /** Extra response headers (e.g. `WWW-Authenticate`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(issues.length > 0 ? `${summary}: ${issues.join('; ')}` : summary);
  }
}
