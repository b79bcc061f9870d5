/**
 * A refused or failed request of the console, in words: the server's `error` and `issues`, or
 * why the server could not be reached. `status` is 0 when no answer came.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    message: string,
    /** The server's `issues` (`path: problem` lines). */
    readonly issues: readonly string[] = [],
    /** What the request was, e.g. `PUT flags/new-checkout`. */
    readonly action = '',
  ) {
    super(message);
  }

  /** 409 or 412: the item changed since it was read. */
  get conflict(): boolean {
    return this.status === 409 || this.status === 412;
  }

  /** Issues whose path starts with `prefix` (`rules[0]` matches `rules[0].clauses[1].op: …`). */
  issuesAt(prefix: string): string[] {
    return this.issues.filter((issue) => startsWithPath(issue, prefix));
  }
}

/** Whether the issue line `path: problem` is about `prefix` or something inside it. */
export function startsWithPath(issue: string, prefix: string): boolean {
  if (!issue.startsWith(prefix)) return false;
  const next = issue.charAt(prefix.length);
  return next === '' || next === '.' || next === '[' || next === ':';
}

/** Any thrown value as an ApiError (so every failure can be shown in words). */
export function asApiError(error: unknown, action = ''): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, error instanceof Error ? error.message : String(error), [], action);
}
