/**
 * A URL as it may appear in a log line or an error message: without user name, password, query
 * string or fragment (any of which could carry a secret). Unparseable input yields `(invalid URL)`.
 *
 * ## Example
 * ```ts
 * safeUrl('https://user:pw@flags.example.com/sdk/latest-all?key=x'); // 'https://flags.example.com/sdk/latest-all'
 * ```
 */
export function safeUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return '(invalid URL)';
  }
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/**
 * Joins a base URI (which may carry a path prefix and trailing slashes) and an absolute path.
 *
 * ## Example
 * ```ts
 * joinUrl('http://localhost:8030/', '/sdk/stream'); // 'http://localhost:8030/sdk/stream'
 * ```
 */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
