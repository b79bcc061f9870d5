import type { Observable } from 'rxjs';
import type { Logger } from '../../logging/logger';
import type { DataKind } from '../../model/data-kind';
import type { Flag } from '../../model/flag';
import type { FullFlagData } from '../../model/flag-data';
import type { Segment } from '../../model/segment';
import type { FeatureStore } from '../../store/feature-store';
import { FeatureStoreError } from '../../errors/feature-store-error';
import { checkRedisOptions } from './check-redis-options';
import { redisChanges } from './redis-changes';
import { RedisConnection } from './redis-connection';
import { hashOf, redisKeys } from './redis-keys';
import { StoredItemDecoder } from './stored-item-decoder';
import { INIT_SCRIPT } from './init-script';
import { UPSERT_SCRIPT } from './upsert-script';

/**
 * An ioredis client (`new Redis(…)` of the optional peer `ioredis`) as the `client` option takes
 * it: typed by the methods the store checks for, so the package's declarations compile for
 * applications that do not install ioredis.
 */
export interface RedisClient {
  multi(...args: never[]): unknown;
  eval(...args: never[]): unknown;
  duplicate(...args: never[]): unknown;
  on(...args: never[]): unknown;
  off(...args: never[]): unknown;
}

/** Options of {@link redisFeatureStore}. */
export interface RedisFeatureStoreOptions {
  /**
   * Where Redis is: a `redis:` or `rediss:` (TLS) URL, credentials and database included
   * (`redis://:password@host:6379/2`). The store opens its own connection on first use and closes
   * it in `close()`. Not together with `client`. @default 'redis://127.0.0.1:6379'
   */
  readonly url?: string;
  /**
   * An ioredis client of the application's, used as it is configured (its
   * `maxRetriesPerRequest` decides how long a call waits while Redis is down). The store never
   * closes it; a second connection for change notifications is made with `client.duplicate()`.
   * Not together with `url`.
   */
  readonly client?: RedisClient;
  /**
   * Prefix of every Redis key (`{prefix}:flags`, `{prefix}:segments`, `{prefix}:$inited`) and of
   * the change channel (`{prefix}:changes`). Use one prefix per environment. @default 'flagstream'
   */
  readonly prefix?: string;
  /** Where problems are logged (unreachable Redis, invalid stored items). @default consoleLogger('info') */
  readonly logger?: Logger;
}

/**
 * A {@link FeatureStore} in Redis (docs/persistent-store.md): give it to a client as
 * `featureStore` to persist every change the client applies, and to several daemon-mode clients
 * (`featureStoreDataSource`) to share those flags without each connecting to the flag server.
 *
 * Layout, one prefix per environment: hashes `{prefix}:flags` and `{prefix}:segments` (item key →
 * the item's JSON; deleted items as tombstones `{"key","version","deleted":true}`) and the key
 * `{prefix}:$inited`, present once a full data set was written.
 *
 * - `init` replaces both hashes and sets `$inited` in one Lua script (atomic: a reader sees the
 *   old data or the new, never a mix), never lowering a version: where Redis holds a newer
 *   version of an item (written by another process, or a newer delete), that one is kept. So a
 *   writer that brings Redis up to date after an outage cannot undo a newer change.
 * - `upsert` is one Lua script: the item is written only if its version is greater than the one
 *   stored (live or tombstone), so concurrent writers cannot regress an item.
 * - `all` reads everything in one MULTI/EXEC, checks each item against the schema and skips
 *   (and logs, with its key) an invalid one; `undefined` while `$inited` is absent.
 * - Each write that changed something publishes on `{prefix}:changes`; `changes$` emits for each,
 *   so a daemon reads again at once instead of at its next poll.
 * - Every failure rejects with a {@link FeatureStoreError} naming the operation and the reason
 *   (never the password); nothing is thrown or emitted as an unhandled `'error'`.
 *
 * ## Example
 * ```ts
 * const client = createClient({ sdkKey, featureStore: redisFeatureStore({ prefix: 'prod' }) });
 * // In another process, reading only from Redis:
 * const daemon = createClient({ dataSource: featureStoreDataSource(redisFeatureStore({ prefix: 'prod' })) });
 * ```
 *
 * @param options where Redis is and which prefix to use
 * @returns the store (its `changes$` is always present)
 * @throws InvalidOptionError when an option is invalid (e.g. both `url` and `client`)
 */
export function redisFeatureStore(options: RedisFeatureStoreOptions = {}): FeatureStore & { readonly changes$: Observable<void> } {
  const { target, prefix, logger } = checkRedisOptions(options);
  const description = `redis (prefix ${prefix})`;
  const keys = redisKeys(prefix);
  const connection = new RedisConnection(target, description, logger);
  const decoder = new StoredItemDecoder(description, logger);

  return {
    description,
    changes$: redisChanges(connection, keys.changes, description, logger),

    init(data: FullFlagData): Promise<void> {
      const flags = serializedItems(data.flags);
      const segments = serializedItems(data.segments);
      const args: string[] = [keys.flags, keys.segments, keys.inited, keys.changes, String(flags.size)];
      for (const items of [flags, segments]) {
        for (const [key, { version, json }] of items) args.push(key, String(version), json);
      }
      return connection.run('init()', async (redis) => {
        await redis.eval(INIT_SCRIPT, 3, args); // one array: no argument-count limit for large data sets
      });
    },

    upsert(kind: DataKind, item: Flag | Segment): Promise<void> {
      const { key, version } = (item ?? {}) as { key?: unknown; version?: unknown };
      if (typeof key !== 'string' || typeof version !== 'number' || !Number.isFinite(version) || (kind !== 'flags' && kind !== 'segments')) {
        return Promise.reject(new FeatureStoreError(description, `upsert(${String(kind)})`, 'expected an item with a string key and a finite numeric version'));
      }
      const operation = `upsert(${kind} ${JSON.stringify(key)} version ${version})`;
      return connection.run(operation, async (redis) => {
        await redis.eval(UPSERT_SCRIPT, 1, hashOf(keys, kind), key, String(version), JSON.stringify(item), keys.changes, `${kind} ${key}`);
      });
    },

    all(): Promise<FullFlagData | undefined> {
      return connection.run('all()', async (redis) => {
        const [inited, flags, segments] = replies(await redis.multi().exists(keys.inited).hgetall(keys.flags).hgetall(keys.segments).exec());
        if (inited !== 1) return undefined;
        return {
          flags: decoder.decode('flags', keys.flags, flags as Record<string, string>) as Record<string, Flag>,
          segments: decoder.decode('segments', keys.segments, segments as Record<string, string>) as Record<string, Segment>,
        };
      });
    },

    close(): Promise<void> {
      return connection.close();
    },
  };
}

/**
 * Each versioned item as JSON with its version, under its own key (where the map key differs,
 * the item's key wins); of two items with one key, the higher version (the later on a tie).
 * Items without a string key or a finite version are left out, as the in-memory store leaves
 * them out.
 */
function serializedItems(items: Readonly<Record<string, Flag | Segment>> | undefined): Map<string, { version: number; json: string }> {
  const chosen = new Map<string, Flag | Segment>();
  for (const item of Object.values(items ?? {})) {
    if (item === null || typeof item !== 'object' || typeof item.key !== 'string') continue;
    if (typeof item.version !== 'number' || !Number.isFinite(item.version)) continue;
    const held = chosen.get(item.key);
    if (held === undefined || item.version >= held.version) chosen.set(item.key, item);
  }
  return new Map([...chosen].map(([key, item]) => [key, { version: item.version, json: JSON.stringify(item) }]));
}

/** The replies of a MULTI/EXEC; throws the first command error (or if the transaction was aborted). */
function replies(results: [Error | null, unknown][] | null): unknown[] {
  if (results === null) throw new Error('the transaction was aborted');
  for (const [error] of results) if (error) throw error;
  return results.map(([, reply]) => reply);
}
