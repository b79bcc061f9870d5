import assert from 'node:assert/strict';
import { ServerConfigError } from '../../lib/errors/server-config-error';
import { createFlagServer } from '../../lib/server/flag-server';
import type { FlagServerPlugin } from '../../lib/server/flag-server-plugin';
import type { DataChange } from '../../lib/server/data-change';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './helpers/test-server';

describe('createFlagServer', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('serves plugin routes with the auth they ask for, and closes plugins', async () => {
    let closed = 0;
    const plugin: FlagServerPlugin = {
      name: 'echo',
      routes: [
        {
          method: 'POST',
          path: '/api/echo/:word',
          auth: 'admin',
          async handle({ res, params, readJson }) {
            res.end(JSON.stringify({ word: params.word, body: await readJson() }));
          },
        },
      ],
      close: () => void closed++,
    };
    t = await startTestServer({ plugins: [plugin] });
    const echoed = await t.admin('POST', '/api/echo/h%C3%A9', { a: 1 });
    assert.deepEqual(echoed.json, { word: 'hé', body: { a: 1 } });
    assert.equal((await fetch(`${t.url}/api/echo/x`, { method: 'POST', body: '{}' })).status, 401);
    const wrongMethod = await fetch(`${t.url}/api/echo/x`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
    await t.server.close();
    assert.equal(closed, 1);
  });

  it('emits accepted changes on changes$ and completes it on close', async () => {
    t = await startTestServer();
    const seen: DataChange[] = [];
    let completed = false;
    t.server.changes$.subscribe({ next: (change) => seen.push(change), complete: () => (completed = true) });
    await t.admin('DELETE', '/api/environments/production/segments/beta');
    assert.deepEqual(seen, [{ environment: 'production', kind: 'segments', key: 'beta', version: 2 }]);
    await t.server.close();
    assert.ok(completed);
  });

  it('reports its URL, can be closed before listening, and cannot listen after close', async () => {
    const server = createFlagServer({ port: 0, adminToken: ADMIN_TOKEN, host: '0.0.0.0' });
    await server.close();
    await assert.rejects(server.listen(), ServerConfigError);
    t = await startTestServer();
    assert.match(t.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(t.url, 'http://127.0.0.1:0');
  });

  it('fails to listen on a port in use, with the system error', async () => {
    t = await startTestServer();
    const port = Number(new URL(t.url).port);
    const second = createFlagServer({ port, host: '127.0.0.1', adminToken: ADMIN_TOKEN });
    await assert.rejects(second.listen(), /EADDRINUSE/);
    await second.close();
  });
});
