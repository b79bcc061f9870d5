/**
 * The state of the connection between a client and its flag data (docs/evaluation.md, "Data source status"):
 * - `INITIALIZING`: no data yet; errors before the first data keep this state;
 * - `VALID`: data is current and updates are arriving;
 * - `INTERRUPTED`: data was received before, but the source is failing and retrying;
 * - `OFF`: stopped for good (fatal error such as 401/403, offline mode, or `close()`).
 */
export type DataSourceState = 'INITIALIZING' | 'VALID' | 'INTERRUPTED' | 'OFF';

/**
 * What went wrong last:
 * - `NETWORK_ERROR`: connection refused/reset/timed out;
 * - `ERROR_RESPONSE`: the server answered with an HTTP error (`statusCode`);
 * - `INVALID_DATA`: a payload did not parse or did not match the schema (`message` names the path);
 * - `STORE_ERROR`: the persistent store failed;
 * - `UNKNOWN`: anything else.
 */
export interface DataSourceErrorInfo {
  readonly kind: 'NETWORK_ERROR' | 'ERROR_RESPONSE' | 'INVALID_DATA' | 'STORE_ERROR' | 'UNKNOWN';
  readonly message: string;
  /** HTTP status, for `ERROR_RESPONSE`. */
  readonly statusCode?: number;
  /** When it happened (ms since epoch). */
  readonly time: number;
}

/** What `client.status$` emits. `since` (ms since epoch) changes only when `state` changes. */
export interface DataSourceStatus {
  readonly state: DataSourceState;
  readonly since: number;
  readonly lastError?: DataSourceErrorInfo;
}
