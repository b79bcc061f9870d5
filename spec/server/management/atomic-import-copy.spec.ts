import assert from 'node:assert/strict';
import { silentLogger } from '../../../lib/logging/logger';
import type { FlagServerPlugin } from '../../../lib/server/flag-server-plugin';
import { openServerStore } from '../../../lib/server/storage/open-server-store';
import { testBackend } from '../helpers/test-database';
import { openStream, type StreamClient } from '../helpers/stream-client';
import { SDK_KEY, startTestServer, type TestServer } from '../helpers/test-server';
import { probeTransactions, type TransactionProbe } from '../storage/transaction-probe';

const DATA = '/api/environments/production/data';

/** Three flags and two segments, forward references included; `checkout` and `beta` replaced. */
function payload() {
  const flag = (key: string, extra: Record<string, unknown> = {}) => ({ key, version: 1, on: true, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 }, ...extra });
  return {
    flags: {
      'new-ui': flag('new-ui', { prerequisites: [{ key: 'base-ui', variation: 0 }], rules: [{ id: 'r', clauses: [{ attribute: 'segmentMatch', op: 'segmentMatch', values: ['testers'] }], variation: 1 }] }),
      'base-ui': flag('base-ui'),
      checkout: flag('checkout', { on: false }),
    },
    segments: { testers: { key: 'testers', version: 1, included: ['t1'] }, staff: { key: 'staff', version: 1, included: ['s1'] } },
  };
}

describe(`admin API: import and copy are all or nothing (${testBackend()})`, () => {
  let t: TestServer;
  let probe: TransactionProbe;
  let stream: StreamClient;
  const probePlugin: FlagServerPlugin = { name: 'transaction-probe', start: ({ store }) => void (probe = probeTransactions(store.database)) };

  beforeEach(async () => {
    t = await startTestServer({ plugins: [probePlugin] });
    stream = await openStream(t.url, SDK_KEY);
    await stream.next(); // put
  });
  afterEach(async () => {
    stream.ws.terminate();
    await t.stop();
  });

  /** Proves no frame was sent since the last one read: the next frame is the one a marker change causes. */
  async function assertNoFrameSinceLastRead(): Promise<void> {
    assert.equal((await t.admin('POST', '/api/environments/production/flags', { key: 'marker', variations: [true], fallthrough: { variation: 0 } })).status, 201);
    const frame = await stream.next();
    assert.deepEqual([frame.type, (frame.data as { key?: string })?.key], ['patch', 'marker'], JSON.stringify(frame));
  }

  async function auditCount(): Promise<number> {
    return (await t.admin('GET', '/api/audit?limit=500')).json.items.length;
  }

  it('an import whose fourth item row fails in the store answers 500 and leaves the environment, SDKs and audit log as they were', async () => {
    const before = await t.readData();
    const audited = await auditCount();
    probe.failOn(/^(insert into|update) items\b/, 4);
    const response = await t.admin('PUT', DATA, payload());
    assert.equal(response.status, 500, JSON.stringify(response.json));
    assert.match(response.json.error, /statement 4 matching/);
    probe.disarm();
    assert.deepEqual(await t.readData(), before, 'the three rows written before the failure were rolled back');
    assert.equal((await t.admin('GET', '/api/environments/production/flags/checkout')).json.on, true);
    assert.equal(await auditCount(), audited, 'no import entry');
    await assertNoFrameSinceLastRead();

    const retried = await t.admin('PUT', DATA, payload());
    assert.equal(retried.status, 200);
    const frames = [];
    for (let i = 0; i < 7; i++) frames.push(await stream.next());
    // segments, then flags (the marker and beta are not in the payload: deleted), all after the commit
    assert.deepEqual(frames.map((f) => `${f.type} ${f.kind} ${(f.data as { key?: string })?.key ?? f.key}`), [
      'patch segments testers',
      'patch segments staff',
      'patch flags new-ui',
      'patch flags base-ui',
      'patch flags checkout',
      'delete flags marker',
      'delete segments beta',
    ]);
    const [transaction] = probe.committed.slice(-1);
    assert.equal(transaction.filter((sql) => /^(insert into|update) items\b/.test(sql)).length, 7, 'every item in one transaction');
    assert.ok(transaction.some((sql) => sql.startsWith('insert into audit_entries')), 'with its audit entry');
  });

  it('an import racing another writer that changed one of its items answers 409 and stores none of it', async () => {
    const other = await openServerStore({ database: t.database, logger: silentLogger });
    try {
      // Another replica's change to `checkout` that this server has not heard of yet.
      await other.database.query(`update items set version = 9, body = $1 where environment = 'production' and kind = 'flags' and key = 'checkout'`, [
        JSON.stringify({ key: 'checkout', version: 9, on: true, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 } }),
      ]);
    } finally {
      await other.close();
    }
    const response = await t.admin('PUT', DATA, payload());
    assert.equal(response.status, 409, JSON.stringify(response.json));
    assert.match(response.json.error, /production\/flags\/checkout was changed by another writer/);
    const data = await t.readData();
    assert.deepEqual(Object.keys(data.environments.production.flags ?? {}).sort(), ['checkout']);
    assert.deepEqual(Object.keys(data.environments.production.segments ?? {}).sort(), ['beta']);
    assert.equal(data.environments.production.segments!.beta.deleted, undefined);
    assert.equal((await t.admin('GET', '/api/audit?target=data')).json.items.length, 0);
  });

  it('a copy whose second item row fails copies nothing; the retried copy is one transaction with its audit entry', async () => {
    const body = { to: 'staging', flags: ['checkout'], comment: 'promote' };
    assert.equal((await t.admin('PATCH', '/api/environments/production/flags/checkout', { instructions: [{ kind: 'addRule', clauses: [{ attribute: 'segmentMatch', op: 'segmentMatch', values: ['beta'] }], variation: 0 }] })).status, 200);
    await stream.next();
    probe.failOn(/^(insert into|update) items\b/, 2);
    const failed = await t.admin('POST', '/api/environments/production/copy', body);
    assert.equal(failed.status, 500, JSON.stringify(failed.json));
    probe.disarm();
    const staging = (await t.readData()).environments.staging;
    assert.deepEqual([Object.keys(staging.flags ?? {}), Object.keys(staging.segments ?? {})], [[], []], 'the segment written before the failure was rolled back');
    assert.equal((await t.admin('GET', '/api/audit?action=copy&target=flags')).json.items.filter((e: { action: string }) => e.action === 'copy').length, 0);

    const copied = await t.admin('POST', '/api/environments/production/copy', body);
    assert.equal(copied.status, 200);
    assert.deepEqual([copied.json.flags, copied.json.segments], [['checkout'], ['beta']]);
    const [transaction] = probe.committed.slice(-1);
    assert.equal(transaction.filter((sql) => /^insert into items\b/.test(sql)).length, 2);
    assert.ok(transaction.some((sql) => sql.startsWith('insert into audit_entries')));
  });
});
