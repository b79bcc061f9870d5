import assert from 'node:assert/strict';
import { silentLogger } from '../../../lib/logging/logger';
import type { FlagServerPlugin } from '../../../lib/server/flag-server-plugin';
import { sdkKeyId } from '../../../lib/server/management/environment-routes';
import { openServerStore } from '../../../lib/server/storage/open-server-store';
import { testBackend } from '../helpers/test-database';
import { openStream, type StreamClient } from '../helpers/stream-client';
import { SDK_KEY, startTestServer, type TestServer } from '../helpers/test-server';
import { probeTransactions, type TransactionProbe } from '../storage/transaction-probe';

const ENV = '/api/environments/production';
const FLAG = { variations: [true, false], offVariation: 1, fallthrough: { variation: 0 } };
const LATER = '2099-01-01T00:00:00Z';

type Request = (t: TestServer) => Promise<{ status: number; json: any }>;

/** An audited change: how to make it (after `setup`), its success status, and a statement of the change itself. */
interface AuditedChange {
  readonly name: string;
  readonly setup?: Request;
  readonly request: Request;
  readonly status: number;
  readonly statement: RegExp;
}

const CHANGES: AuditedChange[] = [
  { name: 'PATCH of a flag', request: (t) => t.admin('PATCH', `${ENV}/flags/checkout`, { instructions: [{ kind: 'turnFlagOff' }] }), status: 200, statement: /^update items/ },
  { name: 'PUT of a flag', request: (t) => t.admin('PUT', `${ENV}/flags/checkout`, { on: false, ...FLAG }), status: 200, statement: /^update items/ },
  { name: 'POST of a flag', request: (t) => t.admin('POST', `${ENV}/flags`, { key: 'fresh', ...FLAG }), status: 201, statement: /^insert into items/ },
  { name: 'DELETE of a segment', request: (t) => t.admin('DELETE', `${ENV}/segments/beta`), status: 200, statement: /^update items/ },
  {
    name: 'restore of a past version',
    setup: (t) => t.admin('PATCH', `${ENV}/flags/checkout`, { instructions: [{ kind: 'turnFlagOff' }] }),
    request: (t) => t.admin('POST', `${ENV}/flags/checkout/restore`, { version: 1 }),
    status: 200,
    statement: /^update items/,
  },
  { name: 'import', request: (t) => t.admin('PUT', `${ENV}/data`, { flags: { other: { key: 'other', version: 1, on: true, ...FLAG } }, segments: {} }), status: 200, statement: /^insert into items/ },
  { name: 'copy to another environment', request: (t) => t.admin('POST', `${ENV}/copy`, { to: 'staging' }), status: 200, statement: /^insert into items/ },
  { name: 'creation of an environment', request: (t) => t.admin('POST', '/api/environments', { key: 'qa' }), status: 201, statement: /^insert into environments/ },
  { name: 'rename of an environment', request: (t) => t.admin('PATCH', '/api/environments/staging', { name: 'Staging 2' }), status: 200, statement: /^insert into environments/ },
  { name: 'deletion of an environment', request: (t) => t.admin('DELETE', '/api/environments/staging'), status: 200, statement: /^delete from environments/ },
  { name: 'new SDK key', request: (t) => t.admin('POST', `${ENV}/sdk-keys`), status: 201, statement: /^insert into sdk_keys/ },
  { name: 'SDK key rotation', request: (t) => t.admin('POST', `${ENV}/sdk-keys/${sdkKeyId(SDK_KEY)}/rotate`, { expiresAt: LATER }), status: 201, statement: /^insert into sdk_key_expiries/ },
  { name: 'SDK key revocation', request: (t) => t.admin('DELETE', `${ENV}/sdk-keys/${sdkKeyId('sdk-test-key-revoked')}`), status: 200, statement: /^delete from sdk_keys/ },
  { name: 'token creation', request: (t) => t.admin('POST', '/api/tokens', { name: 'ci', role: 'writer' }), status: 201, statement: /^insert into api_tokens/ },
  {
    name: 'token revocation',
    setup: (t) => t.admin('POST', '/api/tokens', { name: 'old', role: 'reader' }),
    request: (t) => t.admin('DELETE', '/api/tokens/old'),
    status: 200,
    statement: /^insert into api_tokens/,
  },
  {
    name: 'scheduling a change',
    request: (t) => t.admin('POST', `${ENV}/scheduled-changes`, { key: 'checkout', instructions: [{ kind: 'turnFlagOff' }], at: LATER }),
    status: 201,
    statement: /^insert into scheduled_changes/,
  },
  {
    name: 'cancelling a scheduled change',
    setup: (t) => t.admin('POST', `${ENV}/scheduled-changes`, { key: 'checkout', instructions: [{ kind: 'turnFlagOff' }], at: LATER }),
    request: async (t) => {
      const [pending] = (await t.admin('GET', `${ENV}/scheduled-changes`)).json.items;
      return t.admin('DELETE', `${ENV}/scheduled-changes/${pending.id}`);
    },
    status: 200,
    statement: /^update scheduled_changes set state = 'cancelled'/,
  },
];

const TABLES = ['environments', 'sdk_keys', 'items', 'api_tokens', 'audit_entries', 'scheduled_changes', 'sdk_key_expiries'];

describe(`audit entries are written in their change's transaction (${testBackend()})`, () => {
  let t: TestServer;
  let probe: TransactionProbe;
  let stream: StreamClient;
  let clock: number;
  const probePlugin: FlagServerPlugin = { name: 'transaction-probe', start: ({ store }) => void (probe = probeTransactions(store.database)) };

  beforeEach(async () => {
    clock = Date.parse('2026-12-06T10:00:00Z');
    t = await startTestServer({ plugins: [probePlugin], now: () => clock, scheduledChangesPollMs: 20 });
    stream = await openStream(t.url, SDK_KEY);
    await stream.next(); // put
  });
  afterEach(async () => {
    stream.ws.terminate();
    await t.stop();
  });

  /** Every row of the tables a change or its entry touches, read through a connection of its own. */
  async function snapshot(): Promise<Record<string, string[]>> {
    const store = await openServerStore({ database: t.database, logger: silentLogger });
    try {
      const result: Record<string, string[]> = {};
      for (const table of TABLES) result[table] = (await store.database.query(`select * from ${table}`)).rows.map((row) => JSON.stringify(row)).sort();
      return result;
    } finally {
      await store.close();
    }
  }

  /** Proves no frame was sent since the last one read: the next frame is the one a marker change causes. */
  async function assertNoFrameSinceLastRead(): Promise<void> {
    assert.equal((await t.admin('POST', `${ENV}/flags`, { key: 'marker', ...FLAG })).status, 201);
    const frame = await stream.next();
    assert.deepEqual([frame.type, (frame.data as { key?: string })?.key], ['patch', 'marker'], JSON.stringify(frame));
  }

  /** Reads (and drops) frames up to the patch of a new marker flag `key`. */
  async function skipFramesUntilMarker(key: string): Promise<void> {
    assert.equal((await t.admin('POST', `${ENV}/flags`, { key, ...FLAG })).status, 201);
    for (let frame = await stream.next(); (frame.data as { key?: string })?.key !== key; frame = await stream.next());
  }

  for (const change of CHANGES) {
    it(`${change.name}: rolled back entirely when its audit entry cannot be written; stored with it in one transaction otherwise`, async () => {
      if (change.setup) {
        assert.ok((await change.setup(t)).status < 300);
        await skipFramesUntilMarker('setup-done');
      }
      const before = await snapshot();
      probe.failOn(/^insert into audit_entries/);
      const refused = await change.request(t);
      probe.disarm();
      assert.equal(refused.status, 500, JSON.stringify(refused.json));
      assert.deepEqual(await snapshot(), before, 'nothing of the change was stored');
      await assertNoFrameSinceLastRead();

      const since = probe.committed.length;
      const accepted = await change.request(t);
      assert.equal(accepted.status, change.status, JSON.stringify(accepted.json));
      const together = probe.committed.slice(since).filter((statements) => statements.some((sql) => change.statement.test(sql)));
      assert.ok(together.length > 0, `a transaction ran ${change.statement}`);
      assert.ok(together[0].some((sql) => sql.startsWith('insert into audit_entries')), `its audit entry is in the same transaction: ${together[0].join(' | ')}`);
    });
  }

  it('a scheduled change whose audit entry cannot be written is not applied; once it can, the flag write, done mark and entry commit together', async () => {
    const at = new Date(clock + 60_000).toISOString();
    assert.equal((await t.admin('POST', `${ENV}/scheduled-changes`, { key: 'checkout', instructions: [{ kind: 'turnFlagOff' }], at })).status, 201);
    probe.failOn(/^insert into audit_entries/);
    clock += 61_000;
    // The runner claims it, its write fails with the entry, and so does recording the failure.
    for (let i = 0; i < 200 && !/could not record its failure/.test(t.logger.text()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.match(t.logger.text(), /Scheduled change .* could not record its failure: probe: statement 1 matching/);
    const flag = await t.admin('GET', `${ENV}/flags/checkout`);
    assert.deepEqual([flag.json.on, flag.json.version], [true, 1], 'the flag was not changed');
    assert.equal((await t.admin('GET', '/api/audit?target=flags')).json.items.length, 0);
    probe.disarm();
    await assertNoFrameSinceLastRead();

    // A second change, run normally (before the first one's claim times out).
    const next = new Date(clock + 1000).toISOString();
    assert.equal((await t.admin('POST', `${ENV}/scheduled-changes`, { key: 'marker', instructions: [{ kind: 'turnFlagOff' }], at: next })).status, 201);
    clock += 2000;
    const frame = await stream.next();
    assert.deepEqual([frame.type, (frame.data as { key?: string; on?: boolean })?.key, (frame.data as { on?: boolean })?.on], ['patch', 'marker', false]);
    const write = probe.committed.find((statements) => statements.some((sql) => sql.startsWith('update items')) && statements.some((sql) => sql.includes("state = 'done'")));
    assert.ok(write, 'the write and its done mark');
    assert.ok(write.some((sql) => sql.startsWith('insert into audit_entries')), write.join(' | '));
  });
});
