import type { Redis } from 'ioredis';
import { InvalidOptionError } from '../../errors/invalid-option-error';
import { consoleLogger } from '../../logging/console-logger';
import type { Logger } from '../../logging/logger';
import type { RedisTarget } from './redis-connection';
import type { RedisFeatureStoreOptions } from './redis-feature-store';
import { DEFAULT_REDIS_PREFIX } from './redis-keys';

/** Default of `RedisFeatureStoreOptions.url`. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** The checked options of `redisFeatureStore`, defaults applied. */
export interface RedisSettings {
  readonly target: RedisTarget;
  readonly prefix: string;
  readonly logger: Logger;
}

/** The methods of an ioredis client the store uses; anything lacking one is refused as `client`. */
const CLIENT_METHODS = ['multi', 'eval', 'duplicate', 'on', 'off'] as const satisfies readonly (keyof Redis)[];

/**
 * Checks the options of `redisFeatureStore` and applies the defaults. Messages never repeat the
 * URL (it may hold a password), only what is wrong with it.
 *
 * @throws InvalidOptionError naming the option, e.g. `redisFeatureStore.url`
 */
export function checkRedisOptions(options: RedisFeatureStoreOptions): RedisSettings {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('redisFeatureStore', 'expected an options object such as { url: "redis://127.0.0.1:6379", prefix: "prod" }');
  }
  const { url, client, prefix = DEFAULT_REDIS_PREFIX, logger = consoleLogger('info') } = options;
  if (url !== undefined && client !== undefined) {
    throw new InvalidOptionError('redisFeatureStore.client', 'give either url or client, not both');
  }
  if (client !== undefined) {
    const missing = CLIENT_METHODS.filter((method) => typeof (client as unknown as Record<string, unknown>)?.[method] !== 'function');
    if (missing.length > 0) throw new InvalidOptionError('redisFeatureStore.client', `expected an ioredis client (missing ${missing.join(', ')})`);
  } else {
    checkUrl(url ?? DEFAULT_REDIS_URL);
  }
  if (typeof prefix !== 'string' || prefix === '') {
    throw new InvalidOptionError('redisFeatureStore.prefix', `expected a non-empty string, got ${prefix === '' ? 'an empty string' : typeof prefix}`);
  }
  if (typeof logger !== 'object' || logger === null || !['error', 'warn', 'info', 'debug'].every((level) => typeof (logger as unknown as Record<string, unknown>)[level] === 'function')) {
    throw new InvalidOptionError('redisFeatureStore.logger', 'expected an object with error, warn, info and debug methods');
  }
  return { target: client !== undefined ? { client: client as unknown as Redis } : { url: url ?? DEFAULT_REDIS_URL }, prefix, logger };
}

function checkUrl(url: unknown): void {
  if (typeof url !== 'string') throw new InvalidOptionError('redisFeatureStore.url', `expected a redis: or rediss: URL, got ${typeof url}`);
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new InvalidOptionError('redisFeatureStore.url', 'expected a redis: or rediss: URL such as redis://127.0.0.1:6379 (this one does not parse)');
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new InvalidOptionError('redisFeatureStore.url', `expected a redis: or rediss: URL, got one with protocol ${protocol}`);
  }
}
