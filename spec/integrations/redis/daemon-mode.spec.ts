import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { firstValueFrom } from 'rxjs';
import { createClient } from '../../../lib/client/create-client';
import type { FlagstreamClient } from '../../../lib/client/flagstream-client';
import { featureStoreDataSource, type FeatureStoreDataSourceOptions } from '../../../lib/data-sources/feature-store-data-source';
import { redisFeatureStore } from '../../../lib/integrations/redis/redis-feature-store';
import { TestData } from '../../../lib/integrations/test-data/test-data';
import { runScript } from '../../helpers/run-script';
import { silentLogger } from '../../../lib/logging/logger';
import { deleteKeys, eventually, rawRedis, uniquePrefix } from './helpers/redis-test-env';

const user = { kind: 'user', key: 'u' };
const fallback: string = 'default';

describe('daemon mode over Redis: one client writes, another only reads', () => {
  let redis: Redis;
  let prefix: string;
  let clients: FlagstreamClient[];
  let td: TestData;

  const writer = (): FlagstreamClient => {
    const client = createClient({ dataSource: td, featureStore: redisFeatureStore({ prefix, logger: silentLogger }), logger: silentLogger });
    clients.push(client);
    return client;
  };
  const daemon = (options?: FeatureStoreDataSourceOptions): FlagstreamClient => {
    const client = createClient({ dataSource: featureStoreDataSource(redisFeatureStore({ prefix, logger: silentLogger }), options), logger: silentLogger });
    clients.push(client);
    return client;
  };

  before(() => (redis = rawRedis()));
  after(() => redis.quit());
  beforeEach(async () => {
    prefix = uniquePrefix();
    clients = [];
    td = new TestData();
    await td.update(td.flag('f').valueForAll('one'));
  });
  afterEach(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await deleteKeys(redis, prefix);
  });

  it('initializes from Redis and sees a change at once through the change notice (poll interval 60 s)', async () => {
    await writer().waitForInitialization({ timeout: 2000 });
    const reader = daemon({ pollInterval: 60_000 });
    await reader.waitForInitialization({ timeout: 2000 });
    assert.equal(reader.variation('f', user, fallback), 'one');
    await td.update(td.flag('f').valueForAll('two'));
    const changedAt = Date.now();
    await eventually(() => reader.variation('f', user, fallback) === 'two', 'the daemon to see the change', 1000);
    assert.ok(Date.now() - changedAt < 1000);
    await td.update(td.flag('g').valueForAll('new flag'));
    await eventually(() => reader.variation('g', user, fallback) === 'new flag', 'the daemon to see a new flag', 1000);
  });

  it('sees a change by polling alone (changes: false)', async () => {
    await writer().waitForInitialization({ timeout: 2000 });
    const reader = daemon({ pollInterval: 150, changes: false });
    await reader.waitForInitialization({ timeout: 2000 });
    await td.update(td.flag('f').valueForAll('two'));
    await eventually(() => reader.variation('f', user, fallback) === 'two', 'the daemon to poll the change', 2000);
  });

  it('stays INITIALIZING (saying why) until a writer fills the store, then initializes', async () => {
    const reader = daemon({ pollInterval: 60_000 });
    const waiting = await firstValueFrom(reader.status$);
    await eventually(() => readerStatus(reader)?.lastError !== undefined, 'the not-initialized report');
    assert.equal(readerStatus(reader)?.state, 'INITIALIZING');
    assert.deepEqual(
      { kind: readerStatus(reader)?.lastError?.kind, message: readerStatus(reader)?.lastError?.message },
      { kind: 'STORE_ERROR', message: `redis (prefix ${prefix}) is not initialized yet: waiting for a process to write flags into it` },
    );
    assert.equal(waiting.state, 'INITIALIZING');
    writer();
    await reader.waitForInitialization({ timeout: 2000 });
    assert.equal(reader.variation('f', user, fallback), 'one');
  });

  describe('a script using Redis', () => {
    const script = join(__dirname, 'fixtures/redis-clients-exit.ts');

    it('exits by itself after closing a writer and a daemon-mode client', async function () {
      this.timeout(20_000);
      const { code, output } = await runScript(script, ['daemon', prefix]);
      assert.equal(code, 0, `the script did not exit by itself:\n${output}`);
      assert.equal(output, 'value one\nvalue two\nclosed\n');
    });

    it('exits by itself when Redis cannot be reached, having reported why', async function () {
      this.timeout(20_000);
      const { code, output } = await runScript(script, ['refused']);
      assert.equal(code, 0, `the script did not exit by itself:\n${output}`);
      assert.equal(
        output,
        'not initialized: InitializationTimeoutError\n' +
          'status INITIALIZING: STORE_ERROR: redis (prefix flagstream): all() failed: cannot reach Redis (connect ECONNREFUSED 127.0.0.1:1)\n' +
          'closed\n',
      );
    });
  });
});

/** The client's current status (status$ replays it). */
function readerStatus(client: FlagstreamClient): { state: string; lastError?: { kind: string; message: string } } | undefined {
  let current: { state: string; lastError?: { kind: string; message: string } } | undefined;
  client.status$.subscribe((status) => (current = status)).unsubscribe();
  return current;
}
