import assert from 'node:assert/strict';
import { Client, type Notification } from 'pg';
import { NOTIFY_CHANNEL, PostgresDatabase } from '../../../lib/server/storage/postgres-database';
import { createPostgresDatabase, type TestDatabase } from '../helpers/test-database';

/**
 * Transactions on PostgreSQL send BEGIN and NOTIFY without waiting for their answers (pipelined);
 * these check that what a transaction means did not change: its notifications arrive only when
 * it commits, and a statement sent ahead that fails makes the whole transaction fail with that
 * statement's error, storing nothing.
 */
describe('PostgresDatabase transactions (pipelined)', function () {
  this.timeout(20_000);
  let db: TestDatabase;
  let database: PostgresDatabase;
  let listener: Client;
  const heard: Notification[] = [];

  beforeEach(async () => {
    db = await createPostgresDatabase();
    database = new PostgresDatabase({ connectionString: db.database, origin: 'spec' });
    await database.query('create table things (key text primary key, version integer not null)');
    await database.query("insert into things (key, version) values ('a', 1)");
    listener = new Client({ connectionString: db.database });
    await listener.connect();
    listener.on('notification', (message) => heard.push(message));
    await listener.query(`listen ${NOTIFY_CHANNEL}`);
    heard.length = 0;
  });
  afterEach(async () => {
    await listener.end();
    await database.close();
    await db.drop();
  });

  /** Waits until the listener has had time to receive what was committed (a round trip on its connection). */
  const settle = () => listener.query('select 1');

  it('stores the writes and delivers the notifications of a committed transaction, in order', async () => {
    const changes = await database.transaction(async (tx) => {
      const { changes } = await tx.query('update things set version = $1 where key = $2 and version = $3', [2, 'a', 1]);
      await tx.notify({ type: 'item', key: 'a', version: 2 });
      await tx.notify({ type: 'item', key: 'a', version: 2, again: true });
      return changes;
    });
    assert.equal(changes, 1);
    assert.deepEqual((await database.query('select version from things where key = $1', ['a'])).rows, [{ version: 2 }]);
    await settle();
    assert.deepEqual(
      heard.map((message) => JSON.parse(message.payload!)),
      [
        { type: 'item', key: 'a', version: 2, origin: 'spec' },
        { type: 'item', key: 'a', version: 2, again: true, origin: 'spec' },
      ],
    );
  });

  it('stores nothing and notifies nothing when the work throws after a notify', async () => {
    await assert.rejects(
      database.transaction(async (tx) => {
        await tx.query('update things set version = 2 where key = $1', ['a']);
        await tx.notify({ type: 'item', key: 'a', version: 2 });
        throw new Error('refused by the caller');
      }),
      /refused by the caller/,
    );
    assert.deepEqual((await database.query('select version from things where key = $1', ['a'])).rows, [{ version: 1 }]);
    await settle();
    assert.deepEqual(heard, []);
  });

  it('fails with the error of a notify that PostgreSQL refused (sent ahead of the commit), and stores nothing', async () => {
    await assert.rejects(
      database.transaction(async (tx) => {
        await tx.query('update things set version = 2 where key = $1', ['a']);
        await tx.notify({ type: 'item', key: 'a', padding: 'x'.repeat(9000) }); // over NOTIFY's 8,000-byte limit
      }),
      /payload string too long/,
    );
    assert.deepEqual((await database.query('select version from things where key = $1', ['a'])).rows, [{ version: 1 }]);
    await settle();
    assert.deepEqual(heard, []);
  });

  it('reports the refused notify, not the aborted-transaction errors of the statements sent after it', async () => {
    await assert.rejects(
      database.transaction(async (tx) => {
        await tx.notify({ type: 'item', padding: 'x'.repeat(9000) });
        await tx.query("update things set version = 3 where key = 'a'");
      }),
      /payload string too long/,
    );
    assert.deepEqual((await database.query('select version from things where key = $1', ['a'])).rows, [{ version: 1 }]);
  });

  it('leaves the connection usable for the next transaction after a failed one', async () => {
    await assert.rejects(database.transaction(async (tx) => tx.query('select * from no_such_table')), /no_such_table/);
    const version = await database.transaction(async (tx) => {
      await tx.query('update things set version = 5 where key = $1', ['a']);
      return (await tx.query<{ version: number }>('select version from things where key = $1', ['a'])).rows[0].version;
    });
    assert.equal(version, 5);
    assert.deepEqual((await database.query('select version from things where key = $1', ['a'])).rows, [{ version: 5 }]);
  });
});
