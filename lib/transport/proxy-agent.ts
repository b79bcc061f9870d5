import type { Agent } from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';

/** Where {@link proxyAgent} looks for its settings. */
export interface ProxyAgentOptions {
  /** The URL the SDK is about to connect to (`http`, `https`, `ws` or `wss`). */
  readonly target: string;
  /**
   * An explicit proxy URL such as `http://proxy.internal:3128` (credentials in the URL are sent
   * as `Proxy-Authorization`). `false` disables proxying even when the environment names one.
   * @default the `HTTPS_PROXY` (or `https_proxy`) environment variable
   */
  readonly proxy?: string | false;
  /** Environment to read `HTTPS_PROXY`, `https_proxy`, `NO_PROXY` and `no_proxy` from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The proxy URL that applies to `target`, or undefined for a direct connection.
 *
 * An explicit `proxy` option wins. Otherwise `HTTPS_PROXY` / `https_proxy` is used for every
 * flag-server connection (WebSocket and HTTP alike, whatever the scheme), unless the target host
 * is listed in `NO_PROXY` / `no_proxy` (comma-separated host names or domain suffixes such as
 * `.example.com`; `*` matches everything). An explicit `proxy` ignores `NO_PROXY`.
 */
export function proxyUrlFor(options: ProxyAgentOptions): string | undefined {
  if (options.proxy === false) return undefined;
  if (options.proxy !== undefined && options.proxy !== '') return options.proxy;
  const env = options.env ?? process.env;
  const fromEnv = env.HTTPS_PROXY || env.https_proxy;
  if (!fromEnv) return undefined;
  return bypassed(options.target, env.NO_PROXY || env.no_proxy || '') ? undefined : fromEnv;
}

/**
 * An HTTP agent that tunnels connections to `target` through the configured proxy with
 * `CONNECT` (TLS, for `https`/`wss`, runs inside the tunnel), or undefined when no proxy
 * applies (see {@link proxyUrlFor}). Hand the same agent to `ws` and to `fetch`.
 *
 * @throws TypeError when the proxy URL cannot be parsed
 */
export function proxyAgent(options: ProxyAgentOptions): Agent | undefined {
  const url = proxyUrlFor(options);
  return url === undefined ? undefined : new HttpsProxyAgent(url);
}

function bypassed(target: string, noProxy: string): boolean {
  let host: string;
  try {
    host = new URL(target).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return noProxy
    .split(',')
    .map((entry) => entry.trim().toLowerCase().replace(/:\d+$/, ''))
    .filter((entry) => entry !== '')
    .some((entry) => {
      if (entry === '*') return true;
      const suffix = entry.startsWith('*.') ? entry.slice(1) : entry.startsWith('.') ? entry : `.${entry}`;
      return host === suffix.slice(1) || host.endsWith(suffix);
    });
}
