import assert from 'node:assert/strict';
import { openStream, refusedStreamStatus, type StreamClient } from './helpers/stream-client';
import { OTHER_SDK_KEY, SDK_KEY, startTestServer, type TestServer } from './helpers/test-server';

describe('flag server: stream (GET /sdk/stream)', () => {
  let t: TestServer;
  const clients: StreamClient[] = [];
  const open = async (key = SDK_KEY) => {
    const client = await openStream(t.url, key);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.ws.terminate();
    await t.stop();
  });

  it('sends the full data first, then a patch for each admin change', async () => {
    const client = await open();
    const put = await client.next();
    assert.equal(put.type, 'put');
    const data = put.data as { flags: Record<string, { version: number }>; segments: Record<string, unknown> };
    assert.deepEqual(Object.keys(data.flags), ['checkout']);
    assert.deepEqual(Object.keys(data.segments), ['beta']);

    const response = await t.admin('PATCH', '/api/environments/production/flags/checkout', { instructions: [{ kind: 'turnFlagOff' }] });
    assert.equal(response.status, 200);
    const patch = await client.next();
    assert.equal(patch.type, 'patch');
    assert.equal(patch.kind, 'flags');
    assert.deepEqual(patch.data, response.json);
    assert.equal((patch.data as { version: number }).version, 2);
    assert.equal((patch.data as { on: boolean }).on, false);
  });

  it('sends a versioned tombstone frame on delete, and patches for segments', async () => {
    const client = await open();
    await client.next();
    await t.admin('PUT', '/api/environments/production/segments/gamma', { included: ['u9'] });
    const created = await client.next();
    assert.deepEqual([created.type, created.kind, (created.data as { key: string }).key], ['patch', 'segments', 'gamma']);
    const deleted = await t.admin('DELETE', '/api/environments/production/segments/gamma');
    assert.equal(deleted.status, 200);
    assert.deepEqual(await client.next(), { type: 'delete', kind: 'segments', key: 'gamma', version: 2 });
  });

  it('pushes a change only to the connections of its environment', async () => {
    const production = await open(SDK_KEY);
    const staging = await open(OTHER_SDK_KEY);
    assert.deepEqual((await staging.next()).data, { flags: {}, segments: {} });
    await production.next();
    await t.admin('PUT', '/api/environments/staging/flags/only-staging', { variations: [1, 2], fallthrough: { variation: 0 } });
    assert.equal(((await staging.next()).data as { key: string }).key, 'only-staging');
    await t.admin('PATCH', '/api/environments/production/flags/checkout', { instructions: [{ kind: 'turnFlagOff' }] });
    assert.equal(((await production.next()).data as { key: string }).key, 'checkout');
    await assert.rejects(staging.next(100), /no stream frame/);
  });

  it('refuses an unknown or missing SDK key with 401 and no body, a disabled key with 403', async () => {
    assert.deepEqual(await refusedStreamStatus(t.url, { Authorization: 'sdk-not-a-real-key' }), { status: 401, body: '' });
    assert.deepEqual(await refusedStreamStatus(t.url, {}), { status: 401, body: '' });
    assert.deepEqual(await refusedStreamStatus(t.url, { Authorization: 'sdk-test-key-revoked' }), { status: 403, body: '' });
    assert.ok(!t.logger.text().includes('sdk-not-a-real-key'), 'the presented key must not be logged');
    assert.equal(t.server.connectionCount(), 0);
  });

  it('refuses connections over the per-key limit with 429', async () => {
    await t.stop();
    t = await startTestServer({ limits: { maxConnectionsPerKey: 2 } });
    await open();
    await open();
    assert.equal((await refusedStreamStatus(t.url, { Authorization: SDK_KEY })).status, 429);
    await open(OTHER_SDK_KEY); // another key has its own budget
    clients[0].ws.close();
    await clients[0].closed();
    await waitFor(() => t.server.connectionCount('production') === 1);
    await open();
  });

  it('drops a slow consumer without holding up the others', async () => {
    await t.stop();
    t = await startTestServer({ limits: { maxBufferedBytes: 256 * 1024 } });
    const slow = await open();
    const fast = await open();
    await slow.next();
    await fast.next();
    const socket = (slow.ws as unknown as { _socket: { pause(): void } })._socket;
    socket.pause(); // never reads again: the server's send buffer fills up

    const big = 'x'.repeat(200 * 1024);
    let changes = 0;
    while (t.server.connectionCount('production') === 2 && changes < 200) {
      changes++;
      const response = await t.admin('PATCH', '/api/environments/production/flags/checkout', { variations: [big + changes, false] }, {
        'Content-Type': 'application/merge-patch+json',
      });
      assert.equal(response.status, 200);
      const frame = await fast.next();
      assert.equal((frame.data as { version: number }).version, changes + 1);
    }
    assert.equal(t.server.connectionCount('production'), 1, `slow consumer still connected after ${changes} changes`);
    assert.match(t.logger.text(), /production key#[0-9a-f]{8} is too slow/);
  });

  it('pings every heartbeat interval and drops a connection that stops answering', async () => {
    await t.stop();
    t = await startTestServer({ heartbeatIntervalMs: 50 });
    const healthy = await open();
    const silent = await open();
    let pings = 0;
    healthy.ws.on('ping', () => pings++);
    (silent.ws as unknown as { _socket: { pause(): void } })._socket.pause(); // cannot answer pings any more
    await waitFor(() => t.server.connectionCount('production') === 1, 2000);
    assert.ok(pings >= 2, `expected pings, got ${pings}`);
    assert.equal(healthy.ws.readyState, healthy.ws.OPEN);
  });

  it('closes every stream connection with code 1001 on close()', async () => {
    const client = await open();
    await client.next();
    await t.server.close();
    assert.equal(await client.closed(), 1001);
    await t.server.close(); // idempotent
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
