import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createClient } from '../../../lib/client/create-client';
import type { FlagstreamClient } from '../../../lib/client/flagstream-client';
import { silentLogger } from '../../../lib/logging/logger';
import { FLAGS } from '../helpers/admin-fixture';
import { type ServerProcess, startServerProcess } from '../helpers/server-process';
import { createPostgresDatabase, type TestDatabase } from '../helpers/test-database';
import { SDK_KEY, startTestServer, testEnvironments, type TestServer } from '../helpers/test-server';

const USER = { kind: 'user', key: 'u-kill' };

async function until(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('replicas on PostgreSQL: one killed with SIGKILL', function () {
  this.timeout(40_000);
  let dir: string;
  let db: TestDatabase;
  let survivor: TestServer | undefined;
  let killed: ServerProcess | undefined;
  const clients: FlagstreamClient[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flagstream-replica-kill-'));
    db = await createPostgresDatabase();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await killed?.stop();
    await survivor?.server.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const client = (url: string) => {
    const c = createClient({ sdkKey: SDK_KEY, streamUri: url, baseUri: url, streamReconnect: { initialDelay: 50, maxDelay: 200, jitterRatio: 0 }, pollingFallbackAfter: false, sendEvents: false, logger: silentLogger });
    clients.push(c);
    return c;
  };

  it('leaves the other replicas unaffected; its SDKs reconnect and resync when it is back', async () => {
    survivor = await startTestServer({ database: db.database, environments: testEnvironments() });
    killed = await startServerProcess(['--port', '0', '--dev', '--db', db.database], dir);
    const port = new URL(killed.url).port;
    const onKilled = client(killed.url);
    const onSurvivor = client(survivor.url);
    await Promise.all([onKilled.waitForInitialization({ timeout: 10_000 }), onSurvivor.waitForInitialization({ timeout: 10_000 })]);
    const states: string[] = [];
    onKilled.status$.subscribe((status) => states.push(status.state));
    assert.equal(onKilled.variation<unknown>('checkout', USER, 'default'), false);

    await killed.kill9();
    await until(() => states.includes('INTERRUPTED'), 'the SDK of the killed replica to notice');
    assert.equal((await survivor.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'updateFallthrough', variation: 0 }] })).status, 200);
    await until(() => onSurvivor.variation<unknown>('checkout', USER, 'default') === true, 'the surviving replica to serve the change');
    assert.equal(onKilled.variation<unknown>('checkout', USER, 'default'), false, 'the cut-off SDK keeps its last data');

    killed = await startServerProcess(['--port', port, '--dev', '--db', db.database], dir);
    await until(() => onKilled.variation<unknown>('checkout', USER, 'default') === true, 'the SDK to resync from the restarted replica');
    assert.equal(states.at(-1), 'VALID');
  });
});
