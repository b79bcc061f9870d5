import assert from 'node:assert/strict';
import { createClient } from '../../lib/client/create-client';
import { silentLogger } from '../../lib/logging/logger';
import { ConnectProxy } from '../data-sources/helpers/connect-proxy';
import { SDK_KEY, startTestServer, type TestServer } from '../server/helpers/test-server';

describe('client: one proxy rule for stream, polling and analytics events (real CONNECT proxy)', () => {
  let t: TestServer;
  let proxy: ConnectProxy;

  beforeEach(async () => {
    t = await startTestServer();
    proxy = await ConnectProxy.start();
  });

  afterEach(async () => {
    await proxy.stop();
    await t.stop();
  });

  for (const stream of [true, false]) {
    it(`tunnels the ${stream ? 'stream' : 'polling'} and the events through the proxy option`, async () => {
      const client = createClient({ sdkKey: SDK_KEY, baseUri: t.url, stream, proxy: proxy.url, logger: silentLogger });
      try {
        await client.waitForInitialization({ timeout: 5000 });
        const dataTunnels = proxy.tunnels.length;
        assert.ok(dataTunnels >= 1, 'flag data came through the proxy');
        client.track('through-proxy', { kind: 'user', key: 'alice' });
        await client.flush();
        const batches = t.server.events.list();
        assert.ok(batches.some((batch) => batch.events.some((event) => event.key === 'through-proxy')), 'the server got the event');
        assert.ok(proxy.tunnels.length > dataTunnels, 'the events went through the proxy too');
        const host = new URL(t.url).host;
        assert.ok(proxy.tunnels.every((target) => target === host), proxy.tunnels.join(', '));
      } finally {
        await client.close();
      }
    });
  }

  it('rejects a proxy option that is not a URL or false', () => {
    assert.throws(() => createClient({ sdkKey: SDK_KEY, proxy: 42 as unknown as string }), /Invalid option 'proxy'/);
  });
});
