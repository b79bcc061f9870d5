import assert from 'node:assert/strict';
import { ServerRequestError } from '../../../lib/errors/server-request-error';
import { silentLogger } from '../../../lib/logging/logger';
import { FlagRepository } from '../../../lib/server/flag-repository';
import { MIGRATIONS } from '../../../lib/server/storage/migrations';
import { openServerStore } from '../../../lib/server/storage/open-server-store';
import { FLAGS } from '../helpers/admin-fixture';
import { openStream } from '../helpers/stream-client';
import { postgresReplicas } from '../helpers/postgres-replicas';
import { SDK_KEY, testEnvironments } from '../helpers/test-server';

describe('flag server: replicas on PostgreSQL', function () {
  this.timeout(20_000);
  const pg = postgresReplicas();
  const replica = () => pg.replica();

  it('migrates and seeds once when several replicas start at the same time', async () => {
    const stores = await Promise.all([1, 2, 3, 4].map(() => openServerStore({ database: pg.db.database, logger: silentLogger })));
    let seeds = 0;
    const seeded = await Promise.all(
      stores.map((store) => store.initialise(MIGRATIONS, async () => (seeds++, { environments: { e: { sdkKeys: ['sdk-12345678'] } } }))),
    );
    assert.equal(seeded.filter(Boolean).length, 1, 'exactly one replica stored the seed');
    const { rows } = await stores[0].database.query('select id from schema_migrations');
    assert.deepEqual(rows.map((row) => row.id), MIGRATIONS.map((migration) => migration.id));
    assert.deepEqual(Object.keys((await stores[1].load()).environments), ['e']);
    for (const store of stores) await store.close();
  });

  it('pushes a change made through one replica to the SDKs of another', async () => {
    const [a, b] = [await replica(), await replica()];
    const stream = await openStream(b.url, SDK_KEY);
    await stream.next(); // put
    const response = await a.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'turnFlagOff' }] });
    assert.equal(response.status, 200);
    const frame = await stream.next(5000);
    assert.equal(frame.type, 'patch');
    assert.deepEqual([(frame.data as { key: string }).key, (frame.data as { version: number }).version, (frame.data as { on: boolean }).on], ['checkout', 2, false]);
    assert.equal((await b.admin('GET', `${FLAGS}/checkout`)).json.version, 2);
    stream.ws.terminate();
  });

  it('gives two writers of one flag based on the same version one success and one 409', async () => {
    const stores = await Promise.all([1, 2].map(() => openServerStore({ database: pg.db.database, logger: silentLogger })));
    const seed = async () => ({ environments: testEnvironments() });
    const [one, two] = await Promise.all(stores.map((store) => FlagRepository.open({ store, seed, logger: silentLogger })));
    for (let round = 0; round < 3; round++) {
      // Both start in the same tick: each builds on the version it holds, then writes.
      const results = await Promise.allSettled([one, two].map((repository, i) =>
        repository.update('production', 'flags', 'checkout', (current) => ({ ...current!, salt: `writer-${i}-${round}` })),
      ));
      const refused = results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason);
      assert.equal(refused.length, 1, `round ${round}: ${results.map((result) => result.status)}`);
      assert.ok(refused[0] instanceof ServerRequestError && refused[0].status === 409, String(refused[0]));
      assert.match(refused[0].message, /changed by another writer at the same time/);
      const winner = results.findIndex((result) => result.status === 'fulfilled');
      const stored = await stores[0].readItem('production', 'flags', 'checkout');
      assert.equal((stored as { salt?: string }).salt, `writer-${winner}-${round}`);
      // The loser re-read the row: both now hold the winner's version.
      assert.equal(one.environment('production')!.flag('checkout')!.version, stored!.version);
      assert.equal(two.environment('production')!.flag('checkout')!.version, stored!.version);
    }
    for (const repository of [one, two]) await repository.close();
    for (const store of stores) await store.close();
  });

  it('loses no accepted update when replicas take writes to one flag at the same time', async () => {
    const [a, b] = [await replica(), await replica()];
    for (let round = 0; round < 5; round++) {
      const [x, y] = await Promise.all([
        a.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'addTargets', variation: 0, values: [`a-${round}`] }] }),
        b.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'addTargets', variation: 0, values: [`b-${round}`] }] }),
      ]);
      const statuses = [x.status, y.status].sort();
      // Both may succeed when one replica learned the other's change before building its own.
      assert.ok(statuses.every((status) => status === 200 || status === 409), `round ${round}: ${statuses}`);
      if (statuses[1] === 409) assert.match((x.status === 409 ? x : y).json.error, /changed by another writer/);
      let stored: { targets?: { values: string[] }[]; version: number } | undefined;
      const start = Date.now();
      do {
        stored = (await a.readData()).environments.production.flags!.checkout as typeof stored;
        const values = stored!.targets?.[0]?.values ?? [];
        const accepted = [x, y].filter((r) => r.status === 200).map((r) => r === x ? `a-${round}` : `b-${round}`);
        if (accepted.every((value) => values.includes(value))) break;
        if (Date.now() - start > 3000) assert.fail(`round ${round}: an accepted change is missing: ${values}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      } while (true);
      // Wait until both replicas hold the stored version before the next round.
      const version = stored!.version;
      for (const server of [a, b]) {
        while ((await server.admin('GET', `${FLAGS}/checkout`)).json.version !== version) await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  });
});
