import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { type Subscription, asyncScheduler } from 'rxjs';
import type { DataSourceEvent } from '../../../lib/data-sources/data-source';
import { featureStoreDataSource } from '../../../lib/data-sources/feature-store-data-source';
import { redisFeatureStore } from '../../../lib/integrations/redis/redis-feature-store';
import { capturingLogger, deleteKeys, eventually, flag, rawRedis, uniquePrefix } from './helpers/redis-test-env';
import { TcpProxy } from './helpers/tcp-proxy';

describe('redisFeatureStore through a Redis outage (a TCP proxy cut and restored)', () => {
  let redis: Redis;
  let prefix: string;
  let proxy: TcpProxy;
  let subscriptions: Subscription[];

  before(() => (redis = rawRedis()));
  after(() => redis.quit());
  beforeEach(async () => {
    prefix = uniquePrefix();
    subscriptions = [];
    proxy = new TcpProxy(6379);
    await proxy.restore();
  });
  afterEach(async () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    await proxy.cut();
    await deleteKeys(redis, prefix);
  });

  it('rejects calls during the outage, logs it once, and works again (notifications included) once Redis is back', async function () {
    this.timeout(15_000);
    const logger = capturingLogger();
    const store = redisFeatureStore({ url: `redis://127.0.0.1:${proxy.port}`, prefix, logger });
    let notices = 0;
    subscriptions.push(store.changes$.subscribe(() => notices++));
    try {
      await store.init({ flags: { a: flag('a', 1) }, segments: {} });
      await eventually(() => notices >= 1, 'the subscription');

      await proxy.cut();
      await assert.rejects(store.all(), /all\(\) failed: cannot reach Redis \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)|all\(\) failed: cannot reach Redis \(the connection was lost\)/);
      await assert.rejects(store.all(), /cannot reach Redis/);
      const noticesBefore = notices;

      await redis.hset(`${prefix}:flags`, 'a', JSON.stringify(flag('a', 2))); // written while the store could not listen
      await proxy.restore();
      await eventually(() => notices > noticesBefore, 'a notice on resubscribing, for what may have been missed', 5000);
      assert.equal((await store.all())?.flags.a.version, 2);
      await redis.publish(`${prefix}:changes`, 'test');
      await eventually(() => notices > noticesBefore + 1, 'notices through the new subscription');
      const warnings = logger.lines.filter((line) => line.level === 'warn');
      assert.equal(warnings.length, 1, warnings.map((line) => line.message).join('\n'));
      assert.match(logger.lines.find((line) => line.level === 'info')?.message ?? '', /connected again/);
    } finally {
      await store.close();
    }
  });

  it('makes a daemon-mode source report INTERRUPTED during the outage and VALID (with the new data) after it', async function () {
    this.timeout(15_000);
    const writer = redisFeatureStore({ prefix, logger: capturingLogger() });
    await writer.init({ flags: { a: flag('a', 1) }, segments: {} });
    await writer.close();
    const events: DataSourceEvent[] = [];
    const source = featureStoreDataSource(redisFeatureStore({ url: `redis://127.0.0.1:${proxy.port}`, prefix, logger: capturingLogger() }), { pollInterval: 100 });
    subscriptions.push(source.connect({ sdkKey: '', logger: capturingLogger(), scheduler: asyncScheduler }).subscribe((event) => events.push(event)));
    const states = () => events.filter((e) => e.type === 'status').map((e) => (e.type === 'status' ? e.state : ''));
    await eventually(() => states().includes('VALID'), 'the first read');

    await proxy.cut();
    await eventually(() => states().includes('INTERRUPTED'), 'the outage to be reported', 5000);
    const interrupted = events.find((e) => e.type === 'status' && e.state === 'INTERRUPTED');
    assert.equal(interrupted?.type === 'status' && interrupted.error?.kind, 'STORE_ERROR');
    await redis.hset(`${prefix}:flags`, 'a', JSON.stringify(flag('a', 2)));
    await proxy.restore();
    await eventually(() => states().at(-1) === 'VALID', 'recovery', 5000);
    const lastPut = events.filter((e) => e.type === 'put').at(-1);
    assert.equal(lastPut?.type === 'put' && lastPut.data.flags.a.version, 2);
  });
});
