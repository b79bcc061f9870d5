/**
 * Whether a request that failed with this HTTP status is worth retrying (protocol "Errors SDKs
 * classify", docs/evaluation.md, "Reconnecting"): 400, 408, 429 and every 5xx are recoverable; 401, 403 and the
 * other 4xx are fatal (the SDK stops for good). Statuses below 400 are not errors and count as
 * recoverable when they show up where they should not (e.g. an unexpected redirect).
 *
 * @param status the HTTP status code
 * @returns true when the request should be retried
 */
export function isHttpRecoverable(status: number): boolean {
  if (status >= 400 && status < 500) return status === 400 || status === 408 || status === 429;
  return true;
}
