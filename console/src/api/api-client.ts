import { ApiError } from './api-error';

/** An answer of the admin API: the parsed body and the `ETag` when there was one. */
export interface ApiResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly etag: string | undefined;
}

/** Options of one request. */
export interface RequestOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

/**
 * The admin API from the browser: same origin, the token in `Authorization: Bearer …` (never
 * in a URL), JSON in and out. Every failure becomes an {@link ApiError} whose message says what
 * went wrong in words.
 */
export class ApiClient {
  constructor(
    /** The API token; `undefined` for a dev-mode server without one. */
    readonly token: string | undefined,
    private readonly onUnauthorized: (error: ApiError) => void = () => undefined,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const action = `${method} ${path.replace(/^\/api\/environments\/[^/]+\//, '')}`;
    const headers = this.headers(options.headers);
    if (options.body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
        cache: 'no-store',
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(0, `Could not reach the flag server (${(error as Error).message})`, [], action);
    }
    const text = await response.text();
    let body: unknown = undefined;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (!response.ok) {
      const error = toError(response.status, body, action, response.headers.get('Retry-After'));
      if (response.status === 401) this.onUnauthorized(error);
      throw error;
    }
    return { status: response.status, body: body as T, etag: response.headers.get('ETag') ?? undefined };
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, { signal }).then((response) => response.body);
  }
}

function toError(status: number, body: unknown, action: string, retryAfter: string | null): ApiError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const issues = Array.isArray(record.issues) ? record.issues.map(String) : [];
  let message = typeof record.error === 'string' ? record.error : typeof body === 'string' && body.length < 300 && body ? body : defaultMessage(status);
  if (status === 429 && retryAfter) message += ` (try again in ${retryAfter} s)`;
  return new ApiError(status, message, issues, action);
}

function defaultMessage(status: number): string {
  switch (status) {
    case 401:
      return 'The token was not accepted (401): sign in again';
    case 403:
      return 'This token may not do that (403)';
    case 404:
      return 'Not found (404)';
    case 429:
      return 'Too many requests (429)';
    default:
      return `The server answered ${status}`;
  }
}
