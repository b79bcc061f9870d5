import { InvalidOptionError } from '../errors/invalid-option-error';
import type { Agent } from 'node:http';
import { proxyAgent } from '../transport/proxy-agent';
import type { BackoffOptions } from './backoff';

/** Default flag server address of the network data sources (what `npm start` serves). */
export const DEFAULT_BASE_URI = 'http://localhost:8030';

/**
 * Checks an `http:`/`https:` URL option and returns it without trailing slashes.
 * @throws InvalidOptionError naming the option
 */
export function checkHttpUri(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new InvalidOptionError(name, `expected an http: or https: URL, got ${typeof value}`);
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new InvalidOptionError(name, `expected an http: or https: URL, got ${JSON.stringify(value.slice(0, 80))}`);
  }
  return value.replace(/\/+$/, '');
}

/**
 * Checks a number option (milliseconds, bytes…) against a lower bound.
 * @throws InvalidOptionError naming the option
 */
export function checkNumber(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < min) {
    throw new InvalidOptionError(name, `expected a number ≥ ${min}, got ${typeof value === 'number' ? value : typeof value}`);
  }
  return value;
}

/**
 * Checks the reconnect backoff options of a data source (see {@link BackoffOptions}).
 * @throws InvalidOptionError naming the bad field, e.g. `reconnect.maxDelay`
 */
export function checkBackoff(name: string, value: BackoffOptions | undefined): BackoffOptions {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) throw new InvalidOptionError(name, `expected an object, got ${typeof value}`);
  checkNumber(`${name}.initialDelay`, value.initialDelay, 0, 0);
  checkNumber(`${name}.maxDelay`, value.maxDelay, 0, 0);
  checkNumber(`${name}.resetAfter`, value.resetAfter, 0, 0);
  const jitter = checkNumber(`${name}.jitterRatio`, value.jitterRatio, 0, 0);
  if (jitter > 1) throw new InvalidOptionError(`${name}.jitterRatio`, `expected a number between 0 and 1, got ${jitter}`);
  if (value.random !== undefined && typeof value.random !== 'function') {
    throw new InvalidOptionError(`${name}.random`, 'expected a function returning a number in [0, 1)');
  }
  return value;
}

/**
 * Checks the `proxy` option and builds the agent for connections to `target` (see `proxyAgent`):
 * undefined when no proxy applies.
 * @throws InvalidOptionError when the option, or the HTTPS_PROXY variable it falls back to, is unusable
 */
export function checkProxy(target: string, proxy: unknown): Agent | undefined {
  if (proxy !== undefined && proxy !== false && typeof proxy !== 'string') {
    throw new InvalidOptionError('proxy', `expected a proxy URL or false, got ${typeof proxy}`);
  }
  try {
    return proxyAgent({ target, proxy });
  } catch (error) {
    const source = typeof proxy === 'string' ? 'proxy' : 'HTTPS_PROXY';
    throw new InvalidOptionError('proxy', `cannot use the ${source} URL: ${error instanceof Error ? error.message : String(error)}`);
  }
}
