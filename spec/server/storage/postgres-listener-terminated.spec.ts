import assert from 'node:assert/strict';
import { Client } from 'pg';
import { FLAGS } from '../helpers/admin-fixture';
import { openStream } from '../helpers/stream-client';
import { postgresReplicas } from '../helpers/postgres-replicas';
import { SDK_KEY } from '../helpers/test-server';
import { until } from '../helpers/until';

describe('replicas on PostgreSQL: the notification connection terminated by the database', function () {
  this.timeout(15_000);
  const pg = postgresReplicas();

  it('reconnects, resyncs, and pushes a change made on another replica right after to its SDKs', async () => {
    const [a, b] = [await pg.replica(), await pg.replica()];
    const stream = await openStream(a.url, SDK_KEY);
    await stream.next(); // put

    // What an administrator or a failover does: end the LISTEN sessions (named by application_name).
    const admin = new Client({ connectionString: pg.db.database });
    await admin.connect();
    const name = new URL(pg.db.database).pathname.slice(1);
    const { rows } = await admin.query(
      "select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = $1 and application_name = 'flagstream-listener'",
      [name],
    );
    await admin.end();
    assert.deepEqual(rows.map((row) => row.ended), [true, true], 'one listener per replica');
    // At once, while a is reconnecting (it waits 100 ms first): its notification is not heard.
    assert.equal((await b.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'addTargets', variation: 0, values: ['after-terminate'] }] })).status, 200);

    const frame = await stream.next(5000);
    assert.equal(frame.type, 'patch');
    assert.deepEqual((frame.data as { targets: { values: string[] }[] }).targets[0].values, ['after-terminate']);
    await until(() => /listening again after \d+ ms; resyncing/.test(a.logger.text()), 'a to log its resync');
    assert.match(a.logger.text(), /notification connection was lost/);
    stream.ws.terminate();
  });
});
