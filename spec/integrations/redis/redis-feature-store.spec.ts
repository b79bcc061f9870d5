import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { FeatureStoreError } from '../../../lib/errors/feature-store-error';
import { redisFeatureStore } from '../../../lib/integrations/redis/redis-feature-store';
import type { Flag } from '../../../lib/model/flag';
import type { FeatureStore } from '../../../lib/store/feature-store';
import { capturingLogger, deleteKeys, eventually, flag, rawRedis, uniquePrefix } from './helpers/redis-test-env';

describe('redisFeatureStore (against the Redis at 127.0.0.1:6379)', () => {
  let redis: Redis;
  let prefix: string;
  let stores: FeatureStore[];
  let logger: ReturnType<typeof capturingLogger>;

  /** A store on this test's prefix, closed after the test. */
  const open = (options: Parameters<typeof redisFeatureStore>[0] = {}): FeatureStore => {
    const store = redisFeatureStore({ prefix, logger, ...options });
    stores.push(store);
    return store;
  };

  before(() => (redis = rawRedis()));
  after(() => redis.quit());
  beforeEach(() => {
    prefix = uniquePrefix();
    stores = [];
    logger = capturingLogger();
  });
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await deleteKeys(redis, prefix);
  });

  it('returns undefined until init, even after upserts', async () => {
    const store = open();
    assert.equal(await store.all(), undefined);
    await store.upsert('flags', flag('a', 1));
    assert.equal(await store.all(), undefined);
  });

  it('round-trips init, upsert and all, keeping the layout {prefix}:flags / :segments / :$inited', async () => {
    const store = open();
    await store.init({ flags: { a: flag('a', 1, 'one') }, segments: { beta: { key: 'beta', version: 4, included: ['alice'] } } });
    await store.upsert('flags', flag('b', 2, 'bee'));
    await store.upsert('segments', { key: 'beta', version: 5, included: ['bob'] });
    assert.deepEqual(await store.all(), {
      flags: { a: flag('a', 1, 'one'), b: flag('b', 2, 'bee') },
      segments: { beta: { key: 'beta', version: 5, included: ['bob'] } },
    });
    assert.equal(await redis.exists(`${prefix}:$inited`), 1);
    assert.deepEqual(JSON.parse((await redis.hget(`${prefix}:flags`, 'b'))!), flag('b', 2, 'bee'));
    assert.equal(await redis.hlen(`${prefix}:segments`), 1);
  });

  it('stores items under their own key, the higher version winning a duplicate', async () => {
    const store = open();
    await store.init({ flags: { x: flag('a', 3, 'three'), y: flag('a', 2, 'two') }, segments: {} });
    assert.deepEqual(await store.all(), { flags: { a: flag('a', 3, 'three') }, segments: {} });
  });

  it('applies an upsert only if newer, and keeps tombstones so an older item cannot come back', async () => {
    const store = open();
    await store.init({ flags: { a: flag('a', 5, 'five') }, segments: {} });
    await store.upsert('flags', flag('a', 4, 'older'));
    await store.upsert('flags', flag('a', 5, 'same version'));
    assert.deepEqual((await store.all())?.flags.a, flag('a', 5, 'five'));
    await store.upsert('flags', { key: 'a', version: 6, deleted: true });
    await store.upsert('flags', flag('a', 5, 'resurrected?'));
    assert.deepEqual((await store.all())?.flags.a, { key: 'a', version: 6, deleted: true });
    await store.upsert('flags', flag('a', 7, 'seven'));
    assert.deepEqual((await store.all())?.flags.a, flag('a', 7, 'seven'));
  });

  it('replaces everything on init: items not in the new data are gone', async () => {
    const store = open();
    await store.init({ flags: { a: flag('a', 1), b: flag('b', 1) }, segments: { s: { key: 's', version: 1 } } });
    await store.init({ flags: { c: flag('c', 1) }, segments: {} });
    assert.deepEqual(await store.all(), { flags: { c: flag('c', 1) }, segments: {} });
  });

  it('makes init one Lua script (seen through MONITOR), so no reader sees a half-written data set', async () => {
    const store = open();
    await store.all(); // connect first, so the connection handshake stays out of the recording
    const monitor = await rawRedis().monitor();
    const bySource = new Map<string, string[]>();
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      bySource.set(source, [...(bySource.get(source) ?? []), args[0] === 'eval' ? `eval ${args[1].includes('flagCount') ? 'INIT' : args[1].includes("'HGET'") ? 'UPSERT' : '?'}` : args[0]]);
    });
    try {
      await store.init({ flags: { a: flag('a', 1) }, segments: { s: { key: 's', version: 1 } } });
      await store.upsert('flags', flag('a', 2));
      await eventually(() => [...bySource.values()].some((commands) => commands.includes('eval UPSERT')), 'the upsert in MONITOR');
      const ours = [...bySource.entries()].find(([source, commands]) => source !== 'lua' && commands.includes('eval INIT'));
      assert.deepEqual(ours?.[1].slice(0, 2), ['eval INIT', 'eval UPSERT'], 'init is a single command');
    } finally {
      monitor.disconnect();
    }
  });

  it('never lowers a version on init: a newer item (or tombstone) already in Redis is kept, absent items go', async () => {
    const store = open();
    await store.init({ flags: { a: flag('a', 5, 'five'), b: flag('b', 1), gone: flag('gone', 1) }, segments: { s: { key: 's', version: 2 } } });
    await store.upsert('flags', { key: 'b', version: 7, deleted: true } as unknown as Flag);
    await store.init({ flags: { a: flag('a', 3, 'three'), b: flag('b', 6), c: flag('c', 1) }, segments: { s: { key: 's', version: 3 } } });
    const all = await store.all();
    assert.deepEqual(Object.keys(all!.flags).sort(), ['a', 'b', 'c']);
    assert.equal(all!.flags.a.variations?.[0], 'five', 'the newer a@5 stays');
    assert.equal((all!.flags.b as { deleted?: boolean }).deleted, true, 'the newer delete stays');
    assert.equal(all!.segments.s.version, 3);
  });

  it('skips an item that is not JSON, fails the schema or sits under another key, logging each once with its key', async () => {
    const store = open();
    await store.init({ flags: { good: flag('good', 1) }, segments: { seg: { key: 'seg', version: 1 } } });
    await redis.hset(`${prefix}:flags`, 'broken', '{"key":"broken",', 'typed', JSON.stringify({ key: 'typed', version: '7' }), 'moved', JSON.stringify(flag('elsewhere', 1)));
    await redis.hset(`${prefix}:segments`, 'bad-seg', JSON.stringify({ key: 'bad-seg', version: 1, included: 'alice' }));

    assert.deepEqual(await store.all(), { flags: { good: flag('good', 1) }, segments: { seg: { key: 'seg', version: 1 } } });
    const errors = logger.lines.filter((line) => line.level === 'error').map((line) => line.message);
    assert.equal(errors.length, 4, errors.join('\n'));
    const hash = `${prefix}:flags`;
    assert.match(errors.find((m) => m.includes('"broken"')) ?? '', new RegExp(`^redis \\(prefix ${prefix}\\): skipped flag "broken" in hash ${hash}: not JSON \\(`));
    assert.ok(errors.includes(`redis (prefix ${prefix}): skipped flag "typed" in hash ${hash}: version: expected number, got "7"`), errors.join('\n'));
    assert.ok(errors.includes(`redis (prefix ${prefix}): skipped flag "moved" in hash ${hash}: the item's key is "elsewhere", not its field's`), errors.join('\n'));
    assert.ok(
      errors.includes(`redis (prefix ${prefix}): skipped segment "bad-seg" in hash ${prefix}:segments: included: expected Array<string> or null, got "alice"`),
      errors.join('\n'),
    );

    await store.all();
    assert.equal(logger.lines.filter((line) => line.level === 'error').length, 4, 'the same bad items are not logged again');
    await redis.hset(`${prefix}:flags`, 'typed', JSON.stringify({ key: 'typed', version: false }));
    await store.all();
    assert.match(logger.lines.at(-1)?.message ?? '', /skipped flag "typed" .*: version: expected number, got false$/);
  });

  it('lets a valid upsert repair an entry that is not JSON', async () => {
    const store = open();
    await store.init({ flags: {}, segments: {} });
    await redis.hset(`${prefix}:flags`, 'a', 'not json');
    await store.upsert('flags', flag('a', 1));
    assert.deepEqual((await store.all())?.flags, { a: flag('a', 1) });
  });

  it('keeps a key such as __proto__ as an ordinary item', async () => {
    const store = open();
    await store.init({ flags: Object.fromEntries([['__proto__', flag('__proto__', 1, 'proto')]]), segments: {} });
    const flags = (await store.all())?.flags ?? {};
    assert.deepEqual(Object.keys(flags), ['__proto__']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(flags, '__proto__')?.value, flag('__proto__', 1, 'proto'));
  });

  it('rejects an upsert of an item without a key or a finite version', async () => {
    const store = open();
    await assert.rejects(store.upsert('flags', { key: 'a', version: Number.POSITIVE_INFINITY }), /upsert\(flags\) failed: expected an item with a string key and a finite numeric version/);
  });

  it('emits on changes$ for every write that changed something, seen by another store on the same prefix', async () => {
    const writer = open();
    const reader = open();
    let notices = 0;
    const subscription = reader.changes$!.subscribe(() => notices++);
    try {
      await eventuallyEquals(() => notices, 1, 'the subscription to be confirmed');
      await writer.init({ flags: { a: flag('a', 2) }, segments: {} });
      await eventuallyEquals(() => notices, 2, 'the init notice');
      await writer.upsert('flags', flag('a', 1));
      await writer.upsert('flags', flag('a', 3));
      await eventuallyEquals(() => notices, 3, 'the upsert notice');
      await writer.upsert('segments', { key: 's', version: 1 });
      await eventuallyEquals(() => notices, 4, 'the segment notice (the ignored older upsert publishes nothing)');
    } finally {
      subscription.unsubscribe();
    }
  });

  it('completes changes$ and closes its connection when the store closes', async () => {
    const store = open();
    let notices = 0;
    let completed = false;
    store.changes$!.subscribe({ next: () => notices++, complete: () => (completed = true) });
    const subscribers = async () => ((await redis.pubsub('NUMSUB', `${prefix}:changes`)) as [string, number])[1];
    await eventuallyEquals(() => notices, 1, 'the subscription to be confirmed');
    assert.equal(await subscribers(), 1);
    await store.close();
    assert.equal(completed, true);
    const deadline = Date.now() + 2000;
    while ((await subscribers()) !== 0) {
      assert.ok(Date.now() < deadline, 'the subscriber connection is still open');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });

  it('rejects every call with a clear error when Redis cannot be reached, never showing the password', async () => {
    const store = open({ url: 'redis://:s3cret-pw@127.0.0.1:1' });
    const calls = [store.all(), store.init({ flags: {}, segments: {} }), store.upsert('flags', flag('a', 1))];
    const outcomes = await Promise.allSettled(calls);
    const operations = ['all()', 'init()', 'upsert(flags "a" version 1)'];
    outcomes.forEach((outcome, i) => {
      assert.equal(outcome.status, 'rejected');
      const error = (outcome as PromiseRejectedResult).reason as FeatureStoreError;
      assert.ok(error instanceof FeatureStoreError, String(error));
      assert.equal(error.code, 'STORE_ERROR');
      assert.equal(error.message, `redis (prefix ${prefix}): ${operations[i]} failed: cannot reach Redis (connect ECONNREFUSED 127.0.0.1:1)`);
    });
    await store.close();
    assert.deepEqual(logger.lines.filter((line) => line.message.includes('s3cret')), []);
    assert.equal(logger.lines.filter((line) => line.level === 'warn').length, 1, 'the outage is logged once');
  });

  it('closes idempotently; calls after close reject', async () => {
    const store = open();
    await store.init({ flags: {}, segments: {} });
    await Promise.all([store.close(), store.close()]);
    await store.close();
    await assert.rejects(store.all(), { name: 'FeatureStoreError', message: `redis (prefix ${prefix}): all() failed: the store is closed` });
  });

  it('rejects, on close, a call still waiting for Redis on an application client that queues commands', async () => {
    const { Redis: RedisClient } = await import('ioredis');
    const client = new RedisClient('redis://127.0.0.1:1', { lazyConnect: true, disconnectTimeout: 10 }); // queues commands through 20 reconnects
    client.on('error', () => undefined);
    try {
      const store = open({ client });
      const waiting = store.all();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await store.close();
      await assert.rejects(waiting, { message: `redis (prefix ${prefix}): all() failed: the store was closed before Redis replied` });
    } finally {
      client.disconnect();
    }
  });

  it('uses an application client as it is and does not close it', async () => {
    const client = rawRedis();
    try {
      const store = open({ client });
      await store.init({ flags: { a: flag('a', 1) }, segments: {} });
      await store.close();
      assert.equal(await client.hlen(`${prefix}:flags`), 1, 'the client still works after the store closed');
    } finally {
      await client.quit();
    }
  });

  it('describes itself by prefix only', () => {
    assert.equal(open({ url: 'redis://:pw@127.0.0.1:6379' }).description, `redis (prefix ${prefix})`);
  });

  it('refuses invalid options, never echoing the URL', () => {
    assert.throws(() => redisFeatureStore({ url: 'http://:pw@host' }), /Invalid option 'redisFeatureStore.url': expected a redis: or rediss: URL, got one with protocol http:/);
    assert.throws(() => redisFeatureStore({ url: 'not a url :pw' }), (error: Error) => /does not parse/.test(error.message) && !error.message.includes('pw'));
    assert.throws(() => redisFeatureStore({ url: 'redis://h', client: {} as Redis }), /give either url or client, not both/);
    assert.throws(() => redisFeatureStore({ client: {} as Redis }), /expected an ioredis client \(missing multi, eval, duplicate, on, off\)/);
    assert.throws(() => redisFeatureStore({ prefix: '' }), /Invalid option 'redisFeatureStore.prefix': expected a non-empty string, got an empty string/);
  });
});

/** Waits until `read()` equals `expected` (and stays there for a short while, so extra emissions show). */
async function eventuallyEquals(read: () => number, expected: number, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (read() < expected) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (count ${read()}, expected ${expected})`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(read(), expected, `${what}: too many notices`);
}
