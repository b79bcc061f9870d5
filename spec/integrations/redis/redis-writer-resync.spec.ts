import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { createClient } from '../../../lib/client/create-client';
import type { FlagstreamClient } from '../../../lib/client/flagstream-client';
import type { DataSourceStatus } from '../../../lib/data-sources/data-source-status';
import { featureStoreDataSource } from '../../../lib/data-sources/feature-store-data-source';
import { redisFeatureStore } from '../../../lib/integrations/redis/redis-feature-store';
import { TestData } from '../../../lib/integrations/test-data/test-data';
import { silentLogger } from '../../../lib/logging/logger';
import { capturingLogger, deleteKeys, eventually, flag, rawRedis, uniquePrefix } from './helpers/redis-test-env';
import { TcpProxy } from './helpers/tcp-proxy';

const alice = { kind: 'user', key: 'alice' };

/** Polls an asynchronous condition (a Redis read) every 10 ms until it holds. */
async function eventuallyAsync(predicate: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await predicate()); ) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Redis store: the writer catches up after an outage, and a daemon is never VALID on data it knows is stale', () => {
  let redis: Redis;
  let prefix: string;
  let proxy: TcpProxy;
  let clients: FlagstreamClient[];

  before(() => (redis = rawRedis()));
  after(() => redis.quit());
  beforeEach(async () => {
    prefix = uniquePrefix();
    clients = [];
    proxy = new TcpProxy(6379);
    await proxy.restore();
  });
  afterEach(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await proxy.cut();
    await deleteKeys(redis, prefix);
  });

  function daemon(): { client: FlagstreamClient; statuses: DataSourceStatus[] } {
    const client = createClient({ dataSource: featureStoreDataSource(redisFeatureStore({ prefix, logger: silentLogger }), { pollInterval: 100 }), logger: silentLogger });
    clients.push(client);
    const statuses: DataSourceStatus[] = [];
    client.status$.subscribe((status) => statuses.push(status));
    return { client, statuses };
  }

  it('writes a change it could not write during the outage once Redis is back, without a further change; a daemon then serves it', async function () {
    this.timeout(20_000);
    const td = new TestData();
    await td.update(td.flag('a').valueForAll('before'));
    const logger = capturingLogger();
    const writer = createClient({ dataSource: td, featureStore: redisFeatureStore({ url: `redis://127.0.0.1:${proxy.port}`, prefix, logger: silentLogger }), logger });
    clients.push(writer);
    await writer.waitForInitialization({ timeout: 5000 });
    const reader = daemon();
    await reader.client.waitForInitialization({ timeout: 5000 });
    await eventually(() => reader.client.variation<string>('a', alice, 'dflt') === 'before', 'the daemon to read the first value');

    await proxy.cut();
    await td.update(td.flag('a').valueForAll('during'));
    await td.update(td.flag('b').valueForAll('new'));
    await eventually(() => logger.lines.some((line) => line.level === 'error' && /writing to redis .* failed/.test(line.message)), 'the failed write', 5000);
    assert.equal(writer.variation<string>('a', alice, 'dflt'), 'during', 'evaluation goes on from memory');
    // Another process writes a newer version of 'a' meanwhile: the catch-up must not undo it.
    await redis.hset(`${prefix}:flags`, 'c', JSON.stringify(flag('c', 9, 'other writer')));

    await proxy.restore(); // and no further change on the writer's side
    await eventually(() => reader.client.variation<string>('a', alice, 'dflt') === 'during' && reader.client.variation<string>('b', alice, 'dflt') === 'new', 'the daemon to see the catch-up', 10_000);
    const stored = JSON.parse((await redis.hget(`${prefix}:flags`, 'a'))!) as { version: number };
    assert.equal(stored.version, 2);
    assert.ok(logger.lines.some((line) => line.level === 'info' && /brought up to date/.test(line.message)));
  });

  it('keeps a newer version written by another process when catching up (versions respected)', async function () {
    this.timeout(20_000);
    const td = new TestData();
    await td.update(td.flag('a').valueForAll('one'));
    const writer = createClient({ dataSource: td, featureStore: redisFeatureStore({ url: `redis://127.0.0.1:${proxy.port}`, prefix, logger: silentLogger }), logger: silentLogger });
    clients.push(writer);
    await writer.waitForInitialization({ timeout: 5000 });
    await eventuallyAsync(async () => (await redis.hget(`${prefix}:flags`, 'a')) !== null, 'the first write');
    await proxy.cut();
    await td.update(td.flag('a').valueForAll('two')); // version 2, not written
    await redis.hset(`${prefix}:flags`, 'a', JSON.stringify(flag('a', 7, 'seven'))); // another writer, newer
    await proxy.restore();
    await td.update(td.flag('z').valueForAll('trigger')); // forces the catch-up through the write path too
    await eventuallyAsync(async () => (await redis.hget(`${prefix}:flags`, 'z')) !== null, 'the catch-up', 10_000);
    const stored = JSON.parse((await redis.hget(`${prefix}:flags`, 'a'))!) as { version: number; variations: unknown[] };
    assert.deepEqual([stored.version, stored.variations[0]], [7, 'seven']);
  });

  it('makes a daemon report INTERRUPTED (not VALID) while Redis holds older versions than it already read, keeping the newer flags', async function () {
    this.timeout(20_000);
    const writerStore = redisFeatureStore({ prefix, logger: silentLogger });
    await writerStore.init({ flags: { a: flag('a', 5, 'five') }, segments: {} });
    const reader = daemon();
    await reader.client.waitForInitialization({ timeout: 5000 });
    assert.equal(reader.client.variation<string>('a', alice, 'dflt'), 'five');
    // Redis is restored from an old snapshot: a@3.
    await redis.hset(`${prefix}:flags`, 'a', JSON.stringify(flag('a', 3, 'three')));
    await redis.publish(`${prefix}:changes`, 'restore');
    await eventually(() => reader.statuses.at(-1)?.state === 'INTERRUPTED', 'INTERRUPTED', 5000);
    const status = reader.statuses.at(-1)!;
    assert.equal(status.lastError?.kind, 'STORE_ERROR');
    assert.match(status.lastError!.message, /older data than already read \(flag "a" version 3 < 5\)/);
    await new Promise((resolve) => setTimeout(resolve, 300)); // several polls
    assert.equal(reader.statuses.at(-1)?.state, 'INTERRUPTED', 'not VALID again at the next poll');
    assert.equal(reader.client.variation<string>('a', alice, 'dflt'), 'five', 'the newer flag stays in force');
    await writerStore.upsert('flags', flag('a', 6, 'six'));
    await eventually(() => reader.statuses.at(-1)?.state === 'VALID' && reader.client.variation<string>('a', alice, 'dflt') === 'six', 'VALID with the newer data', 5000);
    await writerStore.close();
  });
});
