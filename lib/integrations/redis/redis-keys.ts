import type { DataKind } from '../../model/data-kind';

/** Default of `RedisFeatureStoreOptions.prefix`. */
export const DEFAULT_REDIS_PREFIX = 'flagstream';

/**
 * The Redis names one environment's data lives under (docs/persistent-store.md, "Layout"):
 * - `{prefix}:flags`, `{prefix}:segments`: hashes, item key → the item's JSON (tombstones too);
 * - `{prefix}:$inited`: a string, present once a full data set was written;
 * - `{prefix}:changes`: the Pub/Sub channel a message is published on after each write.
 */
export interface RedisKeys {
  readonly flags: string;
  readonly segments: string;
  readonly inited: string;
  readonly changes: string;
}

/** The names for `prefix` (one prefix per environment). */
export function redisKeys(prefix: string): RedisKeys {
  return {
    flags: `${prefix}:flags`,
    segments: `${prefix}:segments`,
    inited: `${prefix}:$inited`,
    changes: `${prefix}:changes`,
  };
}

/** The hash holding items of `kind`. */
export function hashOf(keys: RedisKeys, kind: DataKind): string {
  return kind === 'flags' ? keys.flags : keys.segments;
}
