import type { Agent } from 'node:http';
import { InvalidOptionError } from '../errors/invalid-option-error';
import { proxyAgent } from '../transport/proxy-agent';

/**
 * The one place where SDK options are checked: `createClient` (`resolveOptions`), the data
 * sources (`streamingDataSource`, `pollingDataSource`, `withPollingFallback`) and the events
 * pipeline (`createEventProcessor`) all use these functions, so an option is held to the same
 * rule, with the same message, wherever it is given. Every failure is an
 * {@link InvalidOptionError} naming the option: `Invalid option 'pollInterval': expected a number
 * of milliseconds ≥ 1000, got "soon"`. Messages never repeat a long string in full (it may be a
 * secret), only its first 40 characters.
 */

/** Default flag server address (what `npm start` serves): the client's `baseUri` and the data sources' URIs. */
export const DEFAULT_BASE_URI = 'http://localhost:8030';

/** What a number option holds, for its message: milliseconds, a whole count, or bytes. */
export type NumberKind = 'ms' | 'whole' | 'bytes';

/** A value as shown in an error message: strings quoted and cut at 40 characters, objects by kind. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object' || typeof value === 'function') return `a ${typeof value}`;
  return String(value);
}

/**
 * An `http:`/`https:` URL option without its trailing slashes, or `fallback` when absent.
 * @throws InvalidOptionError naming the option
 */
export function checkHttpUri(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new InvalidOptionError(name, `expected an http: or https: URL, got ${describeValue(value)}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidOptionError(name, `not a valid URL: ${describeValue(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidOptionError(name, `expected an http: or https: URL, got ${describeValue(value)}`);
  }
  return value.replace(/\/+$/, '');
}

/**
 * A finite number option ≥ `min` (and ≤ `max`), whole unless `kind` is `ms`; `fallback` when absent.
 * @throws InvalidOptionError naming the option
 */
export function checkNumber(name: string, value: unknown, fallback: number, min: number, kind: NumberKind = 'ms', max = Infinity): number {
  if (value === undefined) return fallback;
  const whole = kind !== 'ms';
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
    const what = kind === 'ms' ? 'a number of milliseconds' : kind === 'bytes' ? 'a whole number of bytes' : 'a whole number';
    const range = max === Infinity ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new InvalidOptionError(name, `expected ${what} ${range}, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * A boolean option, or `fallback` when absent.
 * @throws InvalidOptionError naming the option
 */
export function checkBoolean(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidOptionError(name, `expected true or false, got ${describeValue(value)}`);
  return value;
}

/** Reconnect backoff settings (see `BackoffOptions` in `data-sources/backoff`). */
export interface BackoffSettings {
  readonly initialDelay?: number;
  readonly maxDelay?: number;
  readonly jitterRatio?: number;
  readonly resetAfter?: number;
  readonly random?: () => number;
}

const BACKOFF_FIELDS = ['initialDelay', 'maxDelay', 'jitterRatio', 'resetAfter', 'random'] as const;

/**
 * Reconnect backoff options: delays in ms ≥ 0, `jitterRatio` from 0 to 1, `random` a function;
 * an unknown field is an error (usually a typo).
 * @throws InvalidOptionError naming the bad field, e.g. `streamReconnect.maxDelay`
 */
export function checkBackoff<T extends BackoffSettings>(name: string, value: T | undefined): T {
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidOptionError(name, `expected an object, got ${describeValue(value)}`);
  for (const field of Object.keys(value)) {
    if (!(BACKOFF_FIELDS as readonly string[]).includes(field)) {
      throw new InvalidOptionError(`${name}.${field}`, `unknown option (known: ${BACKOFF_FIELDS.join(', ')})`);
    }
  }
  checkNumber(`${name}.initialDelay`, value.initialDelay, 0, 0);
  checkNumber(`${name}.maxDelay`, value.maxDelay, 0, 0);
  checkNumber(`${name}.resetAfter`, value.resetAfter, 0, 0);
  if (value.jitterRatio !== undefined && (typeof value.jitterRatio !== 'number' || !(value.jitterRatio >= 0 && value.jitterRatio <= 1))) {
    throw new InvalidOptionError(`${name}.jitterRatio`, `expected a number from 0 to 1, got ${describeValue(value.jitterRatio)}`);
  }
  if (value.random !== undefined && typeof value.random !== 'function') {
    throw new InvalidOptionError(`${name}.random`, 'expected a function returning a number in [0, 1)');
  }
  return { ...value };
}

/**
 * The `proxy` option's type: a proxy URL, `false` (no proxy), or absent (the environment decides).
 * @throws InvalidOptionError when it is anything else
 */
export function checkProxyOption(value: unknown): string | false | undefined {
  if (value === undefined || value === false || typeof value === 'string') return value;
  throw new InvalidOptionError('proxy', `expected a proxy URL or false, got ${describeValue(value)}`);
}

/**
 * Checks the `proxy` option and builds the agent for connections to `target` (see `proxyAgent`:
 * the option, else HTTPS_PROXY unless NO_PROXY lists the host), or undefined when no proxy
 * applies. The one proxy rule of stream, polling and analytics events.
 * @throws InvalidOptionError when the option, or the HTTPS_PROXY variable it falls back to, is unusable
 */
export function checkProxy(target: string, proxy: unknown): Agent | undefined {
  const option = checkProxyOption(proxy);
  try {
    return proxyAgent({ target, proxy: option });
  } catch (error) {
    const source = typeof option === 'string' ? 'proxy' : 'HTTPS_PROXY';
    throw new InvalidOptionError('proxy', `cannot use the ${source} URL: ${error instanceof Error ? error.message : String(error)}`);
  }
}
