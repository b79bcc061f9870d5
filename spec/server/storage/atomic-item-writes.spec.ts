import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ServerRequestError } from '../../../lib/errors/server-request-error';
import { silentLogger } from '../../../lib/logging/logger';
import type { DataChange } from '../../../lib/server/data-change';
import type { Item } from '../../../lib/server/environment';
import { FlagRepository } from '../../../lib/server/flag-repository';
import { FileServerStore } from '../../../lib/server/storage/file-server-store';
import { openServerStore } from '../../../lib/server/storage/open-server-store';
import type { ServerStore } from '../../../lib/server/storage/server-store';
import { StoreReadOnlyError } from '../../../lib/server/storage/store-errors';
import { testBackend, testDatabase } from '../helpers/test-database';
import { testEnvironments } from '../helpers/test-server';
import { probeTransactions, type TransactionProbe } from './transaction-probe';

const flag = (key: string, extra: Record<string, unknown> = {}) =>
  ({ key, on: true, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 }, ...extra }) as unknown as Omit<Item, 'version'>;

/** An import: a new segment, a new flag using it, `checkout` changed (last), `beta` left out (deleted). */
const IMPORT = {
  segments: [{ key: 'testers', included: ['t1'] } as unknown as Omit<Item, 'version'>],
  flags: [flag('new-ui', { rules: [{ id: 'r', clauses: [{ attribute: 'segmentMatch', op: 'segmentMatch', values: ['testers'] }], variation: 1 }] }), flag('checkout', { on: false })],
};

describe(`multi-item writes are all or nothing (${testBackend()})`, () => {
  let dir: string;
  let store: ServerStore;
  let repository: FlagRepository;
  let probe: TransactionProbe;
  let emitted: DataChange[];

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flagstream-atomic-'));
    const { database } = await testDatabase(dir);
    store = await openServerStore({ database, logger: silentLogger });
    repository = await FlagRepository.open({ store, seed: async () => ({ environments: testEnvironments() }), logger: silentLogger });
    probe = probeTransactions(store.database);
    emitted = [];
    repository.changes$.subscribe((change) => emitted.push(change));
  });

  afterEach(async () => {
    await repository.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the store holds of `production`, as `kind/key@version` (tombstones marked). */
  async function stored(): Promise<string[]> {
    const environment = (await store.load()).environments.production;
    return (['flags', 'segments'] as const).flatMap((kind) =>
      Object.values(environment[kind] ?? {}).map((item) => `${kind}/${item.key}@${item.version}${item.deleted ? ' deleted' : ''}`),
    ).sort();
  }

  it('an import whose third row fails in the store stores none of it, changes nothing in memory and emits nothing', async () => {
    const before = await stored();
    probe.failOn(/^(insert into|update) items\b/, 3);
    await assert.rejects(repository.replaceItems('production', IMPORT), (error: unknown) => error instanceof ServerRequestError && error.status === 500 && /statement 3 matching/.test(error.message));
    assert.deepEqual(await stored(), before, 'the two rows written before the failure were rolled back');
    assert.deepEqual(before, ['flags/checkout@1', 'segments/beta@1']);
    const production = repository.environment('production')!;
    assert.equal(production.flag('new-ui'), undefined);
    assert.equal(production.segment('testers'), undefined);
    assert.equal(production.flag('checkout')!.on, true);
    assert.ok(production.segment('beta'));
    assert.deepEqual(emitted, []);

    probe.disarm();
    const changes = await repository.replaceItems('production', IMPORT);
    assert.deepEqual(changes.map((c) => `${c.kind}/${c.key}@${c.version}${c.item ? '' : ' deleted'}`), [
      'segments/testers@1',
      'flags/new-ui@1',
      'flags/checkout@2',
      'segments/beta@2 deleted',
    ]);
    assert.deepEqual(await stored(), ['flags/checkout@2', 'flags/new-ui@1', 'segments/beta@2 deleted', 'segments/testers@1']);
    assert.equal(probe.committed.length, 1, 'one transaction for the whole import');
  });

  it('an import racing another writer that moved one of its items (409) stores none of it; a retry then stores all', async () => {
    // Another replica changes `checkout` behind this one's back (no notification reaches it).
    await store.database.query(`update items set version = 5, body = $1 where environment = 'production' and kind = 'flags' and key = 'checkout'`, [
      JSON.stringify({ ...flag('checkout'), version: 5, salt: 'theirs' }),
    ]);
    await assert.rejects(repository.replaceItems('production', IMPORT), (error: unknown) => {
      assert.ok(error instanceof ServerRequestError && error.status === 409, String(error));
      assert.match(error.message, /production\/flags\/checkout was changed by another writer at the same time \(now version 5\); nothing was saved/);
      return true;
    });
    assert.deepEqual(await stored(), ['flags/checkout@5', 'segments/beta@1'], 'testers and new-ui, written before checkout, were rolled back');
    assert.equal(repository.environment('production')!.flag('new-ui'), undefined);
    assert.deepEqual(emitted.map((c) => `${c.kind}/${c.key}@${c.version}`), ['flags/checkout@5'], 'only the other writer\'s change, read back after the conflict');

    await repository.replaceItems('production', IMPORT);
    assert.deepEqual(await stored(), ['flags/checkout@6', 'flags/new-ui@1', 'segments/beta@2 deleted', 'segments/testers@1']);
  });

  it('applies a committed batch in memory as a whole before emitting any of it (segments first, deletions last)', async () => {
    const seen: { change: string; complete: boolean }[] = [];
    repository.changes$.subscribe((change) => {
      const production = repository.environment('production')!;
      // Whatever change a subscriber sees, memory already holds the whole batch.
      const complete = !!production.flag('new-ui') && !!production.segment('testers') && production.flag('checkout')!.on === false && !production.segment('beta');
      seen.push({ change: `${change.kind}/${change.key}`, complete });
    });
    await repository.replaceItems('production', IMPORT);
    assert.deepEqual(seen.map((s) => s.change), ['segments/testers', 'flags/new-ui', 'flags/checkout', 'segments/beta']);
    assert.ok(seen.every((s) => s.complete), JSON.stringify(seen));
  });

  // Only PostgreSQL has other replicas (the embedded database belongs to one process).
  if (testBackend() === 'postgres') {
    it('another replica learns of a batch from one notification and applies it whole before emitting any of it', async () => {
      const other = await openServerStore({ database: (store.database as unknown as { options: { connectionString: string } }).options.connectionString, logger: silentLogger });
      const replica = await FlagRepository.open({ store: other, logger: silentLogger });
      try {
        const seen: boolean[] = [];
        const all = new Promise<void>((resolve) =>
          replica.changes$.subscribe(() => {
            const production = replica.environment('production')!;
            seen.push(!!production.flag('new-ui') && !!production.segment('testers') && production.flag('checkout')!.on === false && !production.segment('beta'));
            if (seen.length === 4) resolve();
          }),
        );
        await repository.replaceItems('production', IMPORT);
        await all;
        assert.deepEqual(seen, [true, true, true, true]);
      } finally {
        await replica.close();
        await other.close();
      }
    });
  }

  it('validates a batch as a whole: one invalid item refuses all (400, every problem listed), nothing stored', async () => {
    const before = await stored();
    const edits = [
      { kind: 'flags' as const, key: 'a', content: flag('a', { prerequisites: [{ key: 'b', variation: 0 }] }) },
      { kind: 'flags' as const, key: 'b', content: flag('b', { offVariation: 7 }) },
      { kind: 'segments' as const, key: 'beta', content: 'delete' as const },
    ];
    await assert.rejects(repository.writeItems('production', () => edits), (error: unknown) => {
      assert.ok(error instanceof ServerRequestError && error.status === 400, String(error));
      assert.equal(error.issues.length, 1, error.issues.join('\n'));
      assert.match(error.issues[0], /^flags\/b: offVariation/);
      return true;
    });
    assert.deepEqual(await stored(), before);
    assert.equal(probe.committed.length, 0);
    const forward = await repository.writeItems('production', () => edits.slice(0, 1).concat({ kind: 'flags', key: 'b', content: flag('b') }));
    assert.deepEqual(forward.map((c) => c.key), ['a', 'b'], 'a prerequisite later in the same batch resolves');
  });
});

describe('read-only stores refuse multi-item writes', () => {
  it('flags as code: writeItems is refused with the reason, and the repository answers 405', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flagstream-atomic-ro-'));
    const file = path.join(dir, 'flags.json');
    writeFileSync(file, JSON.stringify({ environments: testEnvironments() }));
    const store: ServerStore = new FileServerStore({ path: file, logger: silentLogger });
    const repository = await FlagRepository.open({ store, logger: silentLogger });
    try {
      await assert.rejects(store.writeItems('production', []), (error: unknown) => error instanceof StoreReadOnlyError && /flags as code/.test(error.message));
      await assert.rejects(repository.replaceItems('production', IMPORT), (error: unknown) => error instanceof ServerRequestError && error.status === 405);
    } finally {
      await repository.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
