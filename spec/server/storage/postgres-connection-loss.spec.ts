import assert from 'node:assert/strict';
import { PostgresDatabase } from '../../../lib/server/storage/postgres-database';
import { StoreUnavailableError } from '../../../lib/server/storage/store-errors';
import { startTcpProxy, type TcpProxy, viaProxy } from '../helpers/tcp-proxy';
import { createPostgresDatabase, type TestDatabase } from '../helpers/test-database';
import { until } from '../helpers/until';

describe('PostgresDatabase: the connection lost in the middle of a transaction', function () {
  this.timeout(15_000);
  let db: TestDatabase;
  let proxy: TcpProxy;
  let database: PostgresDatabase;
  beforeEach(async () => {
    db = await createPostgresDatabase();
    const url = new URL(db.database);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    database = new PostgresDatabase({ connectionString: viaProxy(db.database, proxy), origin: 'spec' });
  });
  afterEach(async () => {
    await database.close();
    await proxy.close();
    await db.drop();
  });

  // The pooled connection of a transaction emits `error` when its socket closes; unheard, that
  // event is an uncaught exception that ends the process (mocha reports it as such).
  it('fails that transaction with StoreUnavailableError, without an uncaught error, and works again once the database is back', async () => {
    const inFlight = database.transaction(async (tx) => {
      await tx.query('select 1');
      proxy.cut(); // while the connection is checked out, between two statements
      await new Promise((resolve) => setTimeout(resolve, 100));
      return tx.query('select 2');
    });
    await assert.rejects(inFlight, (error: unknown) => error instanceof StoreUnavailableError && /PostgreSQL is unreachable/.test(error.message));

    const waiting = database.transaction(async (tx) => {
      const pending = tx.query('select pg_sleep(0.2)');
      setTimeout(() => proxy.cut(), 50); // while a statement is on the wire
      return pending;
    });
    await assert.rejects(waiting, StoreUnavailableError);

    proxy.restore();
    const answer = await until(async () => {
      try {
        return (await database.transaction((tx) => tx.query<{ one: number }>('select 1 as one'))).rows[0].one;
      } catch (error) {
        if (error instanceof StoreUnavailableError) return undefined;
        throw error;
      }
    }, 'a transaction to work again');
    assert.equal(answer, 1);
  });
});
