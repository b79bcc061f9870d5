import assert from 'node:assert/strict';
import net from 'node:net';
import { createClient } from '../../lib/client/create-client';
import type { FlagstreamClient } from '../../lib/client/flagstream-client';
import type { DataSourceStatus } from '../../lib/data-sources/data-source-status';
import { silentLogger } from '../../lib/logging/logger';
import { SDK_KEY } from './helpers/e2e-data';
import { type Recorder, record } from './helpers/recorder';

describe('e2e: a server that accepts TCP but never answers the WebSocket upgrade', () => {
  let server: net.Server;
  let sockets: net.Socket[];
  let client: FlagstreamClient | undefined;
  let status: Recorder<DataSourceStatus> | undefined;

  beforeEach(async () => {
    sockets = [];
    server = net.createServer((socket) => {
      sockets.push(socket);
      socket.resume(); // read the upgrade request, answer nothing
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    status?.stop();
    await client?.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reports NETWORK_ERROR (connect timeout) promptly in lastError, then retries', async () => {
    const { port } = server.address() as net.AddressInfo;
    const started = Date.now();
    client = createClient({
      sdkKey: SDK_KEY,
      streamUri: `http://127.0.0.1:${port}`,
      requestTimeout: 300, // bounds the connect + upgrade handshake of the stream too
      streamReconnect: { initialDelay: 20, maxDelay: 50, jitterRatio: 0 },
      pollingFallbackAfter: false,
      sendEvents: false,
      logger: silentLogger,
    });
    status = record(client.status$);
    const failed = await status.waitFor((s) => s.lastError !== undefined, 'an error in status$', 5000);
    assert.equal(failed.state, 'INITIALIZING');
    assert.equal(failed.lastError?.kind, 'NETWORK_ERROR');
    assert.match(failed.lastError!.message, /connect timeout: the WebSocket was not open after 300 ms/);
    assert.ok(Date.now() - started < 4000, `reported after ${Date.now() - started} ms`);
    const until = Date.now() + 5000;
    while (sockets.length < 2 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(sockets.length >= 2, 'the client connects again after the timeout');
    while (!sockets[0].closed && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(sockets[0].closed, 'the timed-out connection was closed by the client');
  });
});
