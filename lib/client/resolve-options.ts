import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type { DataSource } from '../data-sources/data-source';
import { InvalidOptionError } from '../errors/invalid-option-error';
import { consoleLogger } from '../logging/console-logger';
import type { Logger } from '../logging/logger';
import type { FeatureStore } from '../store/feature-store';
import type { ClientOptions, StreamReconnectOptions } from './client-options';
import type { Hook } from './hook';

/** {@link ClientOptions} checked and with every default filled in. */
export interface ResolvedOptions {
  readonly sdkKey: string;
  readonly baseUri: string;
  readonly streamUri: string;
  readonly eventsUri: string;
  readonly stream: boolean;
  readonly pollInterval: number;
  readonly streamReadTimeout: number;
  readonly streamReconnect: StreamReconnectOptions;
  readonly pollingFallbackAfter: number | false;
  readonly requestTimeout: number;
  readonly closeTimeout: number;
  readonly proxy: string | false | undefined;
  readonly offline: boolean;
  readonly sendEvents: boolean;
  readonly dataSource: DataSource | undefined;
  readonly featureStore: FeatureStore | undefined;
  readonly logger: Logger;
  readonly hooks: readonly Hook[];
  readonly privateAttributes: readonly string[];
  readonly allAttributesPrivate: boolean;
  readonly events: {
    readonly capacity: number;
    readonly flushInterval: number;
    readonly contextKeysCapacity: number;
    readonly contextKeysFlushInterval: number;
  };
  readonly scheduler: SchedulerLike;
}

const KNOWN = new Set([
  'sdkKey', 'baseUri', 'streamUri', 'eventsUri', 'stream', 'pollInterval', 'streamReadTimeout', 'streamReconnect',
  'pollingFallbackAfter', 'requestTimeout', 'closeTimeout', 'proxy', 'offline', 'sendEvents',
  'dataSource', 'featureStore', 'logger', 'hooks', 'privateAttributes', 'allAttributesPrivate', 'events', 'scheduler',
]);

/**
 * Checks every option and fills in defaults. Throws {@link InvalidOptionError} naming the option
 * and what was wrong; an unknown option is an error too (it is almost always a typo).
 */
export function resolveOptions(input: unknown): ResolvedOptions {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidOptionError('options', `expected an object, got ${describe(input)}`);
  }
  const options = input as ClientOptions & Record<string, unknown>;
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) throw new InvalidOptionError(name, `unknown option (known: ${[...KNOWN].join(', ')})`);
  }
  const offline = bool(options, 'offline', false);
  const dataSource = options.dataSource;
  if (dataSource !== undefined && (typeof dataSource !== 'object' || dataSource === null || typeof dataSource.connect !== 'function')) {
    throw new InvalidOptionError('dataSource', `expected a data source (fileDataSource(…), a TestData…), got ${describe(dataSource)}`);
  }
  const sdkKey = options.sdkKey;
  if (sdkKey !== undefined && (typeof sdkKey !== 'string' || sdkKey.trim() === '')) {
    throw new InvalidOptionError('sdkKey', `expected a non-empty string, got ${typeof sdkKey === 'string' ? 'an empty string' : describe(sdkKey)}`);
  }
  if (sdkKey === undefined && !offline && dataSource === undefined) {
    throw new InvalidOptionError('sdkKey', 'required unless offline is true or a dataSource is given');
  }
  const baseUri = uri(options, 'baseUri', 'http://localhost:8030');
  return {
    sdkKey: sdkKey ?? '',
    baseUri,
    streamUri: uri(options, 'streamUri', baseUri),
    eventsUri: uri(options, 'eventsUri', baseUri),
    stream: bool(options, 'stream', true),
    pollInterval: num(options, 'pollInterval', 30_000, 1_000),
    streamReadTimeout: num(options, 'streamReadTimeout', 60_000, 0),
    streamReconnect: reconnect(options.streamReconnect),
    pollingFallbackAfter: options.pollingFallbackAfter === false ? false : num(options, 'pollingFallbackAfter', 60_000, 0),
    requestTimeout: num(options, 'requestTimeout', 10_000, 1),
    closeTimeout: num(options, 'closeTimeout', 5_000, 0),
    proxy: proxy(options.proxy),
    offline,
    sendEvents: bool(options, 'sendEvents', true),
    dataSource,
    featureStore: featureStore(options.featureStore),
    logger: logger(options.logger),
    hooks: hooks(options.hooks),
    privateAttributes: strings(options, 'privateAttributes'),
    allAttributesPrivate: bool(options, 'allAttributesPrivate', false),
    events: events(options.events),
    scheduler: options.scheduler ?? asyncScheduler,
  };
}

function bool(options: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidOptionError(name, `expected true or false, got ${describe(value)}`);
  return value;
}

function num(options: Record<string, unknown>, name: string, fallback: number, min: number): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new InvalidOptionError(name, `expected a number of milliseconds ≥ ${min}, got ${describe(value)}`);
  }
  return value;
}

function uri(options: Record<string, unknown>, name: string, fallback: string): string {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new InvalidOptionError(name, `expected a URL string, got ${describe(value)}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidOptionError(name, `not a valid URL: ${describe(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidOptionError(name, `expected an http: or https: URL, got ${describe(value)}`);
  }
  return value.replace(/\/+$/, '');
}

function proxy(value: unknown): string | false | undefined {
  if (value === undefined || value === false) return value;
  if (typeof value !== 'string') throw new InvalidOptionError('proxy', `expected a proxy URL or false, got ${describe(value)}`);
  return value;
}

function strings(options: Record<string, unknown>, name: string): readonly string[] {
  const value = options[name];
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new InvalidOptionError(name, `expected an array of attribute names, got ${describe(value)}`);
  }
  return [...value];
}

function logger(value: unknown): Logger {
  if (value === undefined) return consoleLogger('info');
  const candidate = value as Partial<Logger> | null;
  if (candidate === null || typeof candidate !== 'object' || !(['error', 'warn', 'info', 'debug'] as const).every((m) => typeof candidate[m] === 'function')) {
    throw new InvalidOptionError('logger', 'expected an object with error, warn, info and debug methods');
  }
  return candidate as Logger;
}

function featureStore(value: unknown): FeatureStore | undefined {
  if (value === undefined) return undefined;
  const candidate = value as Partial<FeatureStore> | null;
  if (candidate === null || typeof candidate !== 'object' || !(['init', 'upsert', 'all', 'close'] as const).every((m) => typeof candidate[m] === 'function')) {
    throw new InvalidOptionError('featureStore', 'expected a feature store (init, upsert, all and close methods), e.g. inMemoryFeatureStore() or redisFeatureStore(…)');
  }
  return candidate as FeatureStore;
}

function hooks(value: unknown): readonly Hook[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidOptionError('hooks', `expected an array of hooks, got ${describe(value)}`);
  value.forEach((hook, i) => {
    if (typeof hook !== 'object' || hook === null || typeof (hook as Hook).getMetadata !== 'function') {
      throw new InvalidOptionError(`hooks[${i}]`, 'expected an object with a getMetadata() method');
    }
  });
  return [...value];
}

const RECONNECT_FIELDS = ['initialDelay', 'maxDelay', 'jitterRatio', 'resetAfter'] as const;

function reconnect(value: unknown): StreamReconnectOptions {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) throw new InvalidOptionError('streamReconnect', `expected an object, got ${describe(value)}`);
  const options = value as Record<string, unknown>;
  for (const name of Object.keys(options)) {
    if (!(RECONNECT_FIELDS as readonly string[]).includes(name)) {
      throw new InvalidOptionError(`streamReconnect.${name}`, `unknown option (known: ${RECONNECT_FIELDS.join(', ')})`);
    }
    const field = options[name];
    const max = name === 'jitterRatio' ? 1 : Infinity;
    if (typeof field !== 'number' || !Number.isFinite(field) || field < 0 || field > max) {
      throw new InvalidOptionError(`streamReconnect.${name}`, `expected a number ${name === 'jitterRatio' ? 'from 0 to 1' : 'of milliseconds ≥ 0'}, got ${describe(field)}`);
    }
  }
  return { ...options } as StreamReconnectOptions;
}

const EVENTS_DEFAULTS: ResolvedOptions['events'] = { capacity: 10_000, flushInterval: 5_000, contextKeysCapacity: 1_000, contextKeysFlushInterval: 300_000 };

/** Each `events` option and the smallest value it takes (whole numbers for the capacities). */
const EVENTS_MINIMUMS: Readonly<Record<keyof ResolvedOptions['events'], number>> = {
  capacity: 1,
  flushInterval: 100,
  contextKeysCapacity: 1,
  contextKeysFlushInterval: 1_000,
};

function events(value: unknown): ResolvedOptions['events'] {
  if (value === undefined) return EVENTS_DEFAULTS;
  if (typeof value !== 'object' || value === null) throw new InvalidOptionError('events', `expected an object, got ${describe(value)}`);
  const options = value as Record<string, unknown>;
  const names = Object.keys(EVENTS_MINIMUMS) as Array<keyof ResolvedOptions['events']>;
  for (const name of Object.keys(options)) {
    if (!(names as string[]).includes(name)) throw new InvalidOptionError(`events.${name}`, `unknown option (known: ${names.join(', ')})`);
  }
  const resolved = { ...EVENTS_DEFAULTS };
  for (const name of names) {
    const field = options[name] ?? EVENTS_DEFAULTS[name];
    const min = EVENTS_MINIMUMS[name];
    const whole = name === 'capacity' || name === 'contextKeysCapacity';
    if (typeof field !== 'number' || !Number.isFinite(field) || field < min || (whole && !Number.isInteger(field))) {
      const expected = whole ? `a whole number ≥ ${min}` : `a number of milliseconds ≥ ${min}`;
      throw new InvalidOptionError(`events.${name}`, `expected ${expected}, got ${describe(field)}`);
    }
    resolved[name] = field;
  }
  return resolved;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object' || typeof value === 'function') return `a ${typeof value}`;
  return String(value);
}
