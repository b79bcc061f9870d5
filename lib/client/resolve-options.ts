import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type { DataSource } from '../data-sources/data-source';
import { InvalidOptionError } from '../errors/invalid-option-error';
import { consoleLogger } from '../logging/console-logger';
import { checkBackoff, checkBoolean, checkHttpUri, checkNumber, checkProxyOption, DEFAULT_BASE_URI, describeValue as describe } from '../options/check-options';
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
  const offline = checkBoolean('offline', options.offline, false);
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
  const baseUri = checkHttpUri('baseUri', options.baseUri, DEFAULT_BASE_URI);
  return {
    sdkKey: sdkKey ?? '',
    baseUri,
    streamUri: checkHttpUri('streamUri', options.streamUri, baseUri),
    eventsUri: checkHttpUri('eventsUri', options.eventsUri, baseUri),
    stream: checkBoolean('stream', options.stream, true),
    pollInterval: checkNumber('pollInterval', options.pollInterval, 30_000, 1_000),
    streamReadTimeout: checkNumber('streamReadTimeout', options.streamReadTimeout, 60_000, 0),
    streamReconnect: checkBackoff('streamReconnect', options.streamReconnect),
    pollingFallbackAfter: options.pollingFallbackAfter === false ? false : checkNumber('pollingFallbackAfter', options.pollingFallbackAfter, 60_000, 0),
    requestTimeout: checkNumber('requestTimeout', options.requestTimeout, 10_000, 1),
    closeTimeout: checkNumber('closeTimeout', options.closeTimeout, 5_000, 0),
    proxy: checkProxyOption(options.proxy),
    offline,
    sendEvents: checkBoolean('sendEvents', options.sendEvents, true),
    dataSource,
    featureStore: featureStore(options.featureStore),
    logger: logger(options.logger),
    hooks: hooks(options.hooks),
    privateAttributes: strings(options, 'privateAttributes'),
    allAttributesPrivate: checkBoolean('allAttributesPrivate', options.allAttributesPrivate, false),
    events: events(options.events),
    scheduler: options.scheduler ?? asyncScheduler,
  };
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


const EVENTS_DEFAULTS: ResolvedOptions['events'] = { capacity: 10_000, flushInterval: 5_000, contextKeysCapacity: 1_000, contextKeysFlushInterval: 300_000 };

/** Each `events` option, the smallest value it takes, and whether it is a count or a duration. */
const EVENTS_RULES: Readonly<Record<keyof ResolvedOptions['events'], readonly [number, 'whole' | 'ms']>> = {
  capacity: [1, 'whole'],
  flushInterval: [100, 'ms'],
  contextKeysCapacity: [1, 'whole'],
  contextKeysFlushInterval: [1_000, 'ms'],
};

function events(value: unknown): ResolvedOptions['events'] {
  if (value === undefined) return EVENTS_DEFAULTS;
  if (typeof value !== 'object' || value === null) throw new InvalidOptionError('events', `expected an object, got ${describe(value)}`);
  const options = value as Record<string, unknown>;
  const names = Object.keys(EVENTS_RULES) as Array<keyof ResolvedOptions['events']>;
  for (const name of Object.keys(options)) {
    if (!(names as string[]).includes(name)) throw new InvalidOptionError(`events.${name}`, `unknown option (known: ${names.join(', ')})`);
  }
  const resolved = { ...EVENTS_DEFAULTS };
  for (const name of names) {
    const [min, kind] = EVENTS_RULES[name];
    resolved[name] = checkNumber(`events.${name}`, options[name], EVENTS_DEFAULTS[name], min, kind);
  }
  return resolved;
}

