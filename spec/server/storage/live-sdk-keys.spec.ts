import assert from 'node:assert/strict';
import type { FlagServerPlugin } from '../../../lib/server/flag-server-plugin';
import { sendJson } from '../../../lib/server/http/http-io';
import { openStream } from '../helpers/stream-client';
import { SDK_KEY, startTestServer, type TestServer } from '../helpers/test-server';

/** Routes as the management module would add them, changing SDK keys through the repository. */
const keyRoutes: FlagServerPlugin = {
  name: 'test-keys',
  routes: [
    {
      method: 'POST',
      path: '/test/:env/keys',
      auth: 'admin',
      async handle({ res, params, repository }) {
        sendJson(res, 201, { sdkKey: await repository.addSdkKey(params.env) });
      },
    },
    {
      method: 'POST',
      path: '/test/:env/disable',
      auth: 'admin',
      async handle({ res, params, repository, readJson }) {
        const { sdkKey } = (await readJson()) as { sdkKey: string };
        await repository.setSdkKeyState(params.env, sdkKey, 'disabled');
        sendJson(res, 200, {});
      },
    },
  ],
};

describe('SDK keys changed at run time', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('serves a new key at once, and closes the streams of a disabled key (1008), which then get 403', async () => {
    t = await startTestServer({ plugins: [keyRoutes] });
    const created = await t.admin('POST', '/test/staging/keys');
    assert.equal(created.status, 201);
    const poll = await fetch(`${t.url}/sdk/latest-all`, { headers: { Authorization: created.json.sdkKey } });
    assert.equal(poll.status, 200, 'the new key selects its environment');
    assert.ok(!t.logger.text().includes(created.json.sdkKey), 'the new key is not logged');

    const stream = await openStream(t.url, SDK_KEY);
    await stream.next(); // put
    assert.equal((await t.admin('POST', '/test/production/disable', { sdkKey: SDK_KEY })).status, 200);
    assert.equal(await stream.closed(), 1008);
    const refused = await fetch(`${t.url}/sdk/latest-all`, { headers: { Authorization: SDK_KEY } });
    assert.equal(refused.status, 403);
    const stored = await t.readData();
    assert.deepEqual(stored.environments.production.disabledSdkKeys?.includes(SDK_KEY), true, 'stored as disabled');
  });
});
