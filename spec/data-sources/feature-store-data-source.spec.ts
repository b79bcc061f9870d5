import assert from 'node:assert/strict';
import { Subject, type Subscription, VirtualTimeScheduler } from 'rxjs';
import type { DataSourceEvent } from '../../lib/data-sources/data-source';
import { featureStoreDataSource, type FeatureStoreDataSourceOptions } from '../../lib/data-sources/feature-store-data-source';
import { createClient } from '../../lib/client/create-client';
import { FeatureStoreError } from '../../lib/errors/feature-store-error';
import { TestData } from '../../lib/integrations/test-data/test-data';
import type { Logger } from '../../lib/logging/logger';
import { silentLogger } from '../../lib/logging/logger';
import type { FullFlagData } from '../../lib/model/flag-data';
import type { FeatureStore } from '../../lib/store/feature-store';
import { inMemoryFeatureStore } from '../../lib/store/in-memory-feature-store';

const fallback: string = 'default';
const flag = (key: string, version: number, value: unknown = true) => ({ key, version, on: true, fallthrough: { variation: 0 }, variations: [value] });
const dataWith = (...flags: ReturnType<typeof flag>[]): FullFlagData => ({ flags: Object.fromEntries(flags.map((f) => [f.key, f])), segments: {} });

/** A scripted store: `data`, `failure` and `gate` decide what the next `all()` does. */
class ScriptedStore implements FeatureStore {
  readonly description = 'scripted store';
  readonly notices = new Subject<void>();
  readonly changes$ = this.notices.asObservable();
  data: FullFlagData | undefined;
  failure: unknown;
  /** While set, reads wait for it to resolve. */
  gate: Promise<void> | undefined;
  reads = 0;
  closes = 0;

  async all(): Promise<FullFlagData | undefined> {
    this.reads++;
    if (this.gate) await this.gate;
    if (this.failure !== undefined) throw this.failure;
    return this.data && structuredClone(this.data);
  }
  async init(): Promise<void> {}
  async upsert(): Promise<void> {}
  async close(): Promise<void> {
    this.closes++;
  }
}

describe('featureStoreDataSource (daemon mode)', () => {
  let scheduler: VirtualTimeScheduler;
  let store: ScriptedStore;
  let events: DataSourceEvent[];
  let warnings: string[];
  let subscription: Subscription | undefined;

  const logger: Logger = { ...silentLogger, warn: (message: string) => void warnings.push(message) };
  const statuses = () => events.filter((e) => e.type === 'status').map((e) => (e.type === 'status' ? `${e.state}${e.error ? ` ${e.error.kind}: ${e.error.message}` : ''}` : ''));
  const puts = () => events.filter((e) => e.type === 'put');

  /** Lets pending promise callbacks (the store's reads) run. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  /** Moves virtual time forward by `ms`, firing due timers, then lets reads finish. */
  let now = 0;
  const advance = async (ms: number) => {
    now += ms;
    scheduler.maxFrames = now;
    scheduler.flush();
    await settle();
  };
  const start = async (options?: FeatureStoreDataSourceOptions) => {
    subscription = featureStoreDataSource(store, { pollInterval: 1000, ...options })
      .connect({ sdkKey: '', logger, scheduler })
      .subscribe({ next: (event) => events.push(event), error: (error) => assert.fail(`the source errored: ${String(error)}`) });
    await advance(0);
  };

  beforeEach(() => {
    scheduler = new VirtualTimeScheduler();
    now = 0;
    store = new ScriptedStore();
    events = [];
    warnings = [];
  });
  afterEach(() => subscription?.unsubscribe());

  it('reads at once and emits put then VALID', async () => {
    store.data = dataWith(flag('a', 1));
    await start();
    assert.deepEqual(events, [{ type: 'put', data: dataWith(flag('a', 1)) }, { type: 'status', state: 'VALID' }]);
  });

  it('polls every pollInterval and emits put only when a version or the set of items changed', async () => {
    store.data = dataWith(flag('a', 1));
    await start();
    await advance(999);
    assert.equal(store.reads, 1);
    await advance(1);
    assert.equal(store.reads, 2);
    assert.equal(puts().length, 1, 'unchanged data: no put');
    store.data = dataWith(flag('a', 2));
    await advance(1000);
    assert.deepEqual(puts().at(-1), { type: 'put', data: dataWith(flag('a', 2)) });
    store.data = dataWith(flag('a', 2), flag('b', 1));
    await advance(1000);
    store.data = { flags: { a: { key: 'a', version: 3, deleted: true }, b: flag('b', 1) }, segments: {} };
    await advance(1000);
    assert.equal(puts().length, 4);
    assert.deepEqual(statuses(), ['VALID', 'VALID', 'VALID', 'VALID']);
  });

  it('stays silent but for one INTERRUPTED while the store is not initialized, then delivers', async () => {
    await start();
    await advance(1000);
    await advance(1000);
    assert.deepEqual(statuses(), ['INTERRUPTED STORE_ERROR: scripted store is not initialized yet: waiting for a process to write flags into it']);
    assert.equal(warnings.length, 1);
    store.data = dataWith(flag('a', 1));
    await advance(1000);
    assert.equal(puts().length, 1);
    assert.equal(statuses().at(-1), 'VALID');
  });

  it('reports a failed read once as INTERRUPTED STORE_ERROR, retries at the next interval, and recovers without a put if nothing changed', async () => {
    store.data = dataWith(flag('a', 1));
    await start();
    store.failure = new FeatureStoreError('scripted store', 'all()', 'cannot reach Redis (connect ECONNREFUSED 127.0.0.1:1)');
    await advance(1000);
    await advance(1000);
    store.failure = new Error('something else');
    await advance(1000);
    store.failure = undefined;
    await advance(1000);
    assert.deepEqual(statuses(), [
      'VALID',
      'INTERRUPTED STORE_ERROR: scripted store: all() failed: cannot reach Redis (connect ECONNREFUSED 127.0.0.1:1)',
      'INTERRUPTED STORE_ERROR: reading scripted store failed: something else',
      'VALID',
    ]);
    assert.equal(puts().length, 1);
    assert.equal(warnings.length, 2);
  });

  it('keeps the last data when the store stops being initialized, and reports it', async () => {
    store.data = dataWith(flag('a', 1));
    await start();
    store.data = undefined;
    await advance(1000);
    assert.deepEqual(statuses(), ['VALID', 'INTERRUPTED STORE_ERROR: scripted store is no longer initialized; the flags read last stay in force']);
    assert.equal(puts().length, 1);
  });

  it('reports a store that returns something other than flag data', async () => {
    store.data = 'nonsense' as unknown as FullFlagData;
    await start();
    assert.deepEqual(statuses(), ['INTERRUPTED STORE_ERROR: reading scripted store failed: scripted store returned something other than { flags, segments }']);
  });

  it("reads again at once on the store's change notice, and once more after a read when a notice came during it", async () => {
    store.data = dataWith(flag('a', 1));
    await start();
    store.data = dataWith(flag('a', 2));
    store.notices.next();
    await settle();
    assert.equal(store.reads, 2, 'read on the notice, without waiting for the poll');
    assert.equal(puts().length, 2);

    let open!: () => void;
    store.gate = new Promise((resolve) => (open = resolve));
    store.notices.next(); // read 3 starts and waits at the gate
    await settle();
    store.data = dataWith(flag('a', 3));
    store.notices.next(); // arrives during read 3 (which may already have seen version 2)
    store.notices.next(); // several notices during one read cause one more read, not several
    store.gate = undefined;
    open();
    await settle();
    await settle();
    assert.equal(store.reads, 4);
    assert.deepEqual(puts().at(-1), { type: 'put', data: dataWith(flag('a', 3)) });
  });

  it('ignores the store notices with changes: false, and uses a given Observable instead', async () => {
    store.data = dataWith(flag('a', 1));
    await start({ changes: false });
    store.notices.next();
    await settle();
    assert.equal(store.reads, 1);
    subscription?.unsubscribe();

    const mine = new Subject<string>();
    await start({ changes: mine });
    store.notices.next();
    await settle();
    assert.equal(store.reads, 2);
    mine.next('go');
    await settle();
    assert.equal(store.reads, 3);
  });

  it('stops the timer and the notices on unsubscribe, closes the store, and emits nothing from a read still in flight', async () => {
    store.data = dataWith(flag('a', 1));
    let open!: () => void;
    store.gate = new Promise((resolve) => (open = resolve));
    await start();
    subscription?.unsubscribe();
    open();
    await settle();
    assert.deepEqual(events, []);
    assert.equal(scheduler.actions.length, 0, 'no timer left');
    assert.equal(store.notices.observed, false, 'no subscription to the notices left');
    assert.equal(store.closes, 1);
  });

  it('leaves the store open with closeStore: false', async () => {
    await start({ closeStore: false });
    subscription?.unsubscribe();
    assert.equal(store.closes, 0);
  });

  it('refuses a non-store and invalid options', () => {
    assert.throws(() => featureStoreDataSource({} as FeatureStore), /Invalid option 'featureStoreDataSource': expected a feature store/);
    assert.throws(() => featureStoreDataSource(store, { pollInterval: 99 }), /featureStoreDataSource.pollInterval': expected a finite number of ms ≥ 100, got 99/);
    assert.throws(() => featureStoreDataSource(store, { pollInterval: Number.POSITIVE_INFINITY }), /got Infinity/);
    assert.throws(() => featureStoreDataSource(store, { changes: true as unknown as false }), /featureStoreDataSource.changes': expected an Observable or false/);
    assert.throws(() => featureStoreDataSource(store, { closeStore: 'no' as unknown as boolean }), /closeStore/);
  });

  it('serves a daemon-mode client from a store another client writes (in-memory store, real time)', async () => {
    const shared = inMemoryFeatureStore();
    const td = new TestData();
    await td.update(td.flag('f').valueForAll('one'));
    const writer = createClient({ dataSource: td, featureStore: shared, logger: silentLogger });
    const daemon = createClient({ dataSource: featureStoreDataSource(shared, { pollInterval: 100, closeStore: false }), logger: silentLogger });
    try {
      await writer.waitForInitialization({ timeout: 2000 });
      await daemon.waitForInitialization({ timeout: 2000 });
      const user = { kind: 'user', key: 'u' };
      assert.equal(daemon.variation('f', user, fallback), 'one');
      await td.update(td.flag('f').valueForAll('two'));
      const deadline = Date.now() + 2000;
      while (daemon.variation('f', user, fallback) !== 'two') {
        assert.ok(Date.now() < deadline, 'the daemon did not see the change within 2 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await daemon.close();
      await writer.close();
    }
  });
});
