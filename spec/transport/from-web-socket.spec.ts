import assert from 'node:assert/strict';
import type { Duplex } from 'node:stream';
import { HttpError } from '../../lib/errors/http-error';
import { NetworkError } from '../../lib/errors/network-error';
import { PayloadDecodeError } from '../../lib/errors/payload-decode-error';
import { fromWebSocket } from '../../lib/transport/from-web-socket';
import { Collector, sleep } from '../data-sources/helpers/collect';
import { FlagTestServer, SDK_KEY } from '../data-sources/helpers/flag-test-server';

describe('fromWebSocket', () => {
  let server: FlagTestServer;
  let collector: Collector<string> | undefined;

  beforeEach(async () => {
    server = await FlagTestServer.start();
    server.onConnection = () => {};
  });

  afterEach(async () => {
    collector?.stop();
    collector = undefined;
    await server.stop();
  });

  function open(options: { readTimeout?: number; maxPayload?: number; key?: string } = {}): Collector<string> {
    const url = `ws://127.0.0.1:${server.port}/sdk/stream`;
    collector = new Collector(fromWebSocket({ url, headers: { Authorization: options.key ?? SDK_KEY }, ...options }));
    return collector;
  }

  it('sends the headers and emits the text of each message', async () => {
    server.onConnection = (ws) => {
      ws.send('one');
      ws.send(Buffer.from('two'), { binary: true });
    };
    const c = open();
    await c.until((values) => values.length === 2);
    assert.deepEqual(c.values, ['one', 'two']);
    assert.equal(server.lastUpgradeHeaders.authorization, SDK_KEY);
    assert.equal(c.error, undefined);
  });

  it('fails with a fatal HttpError when the upgrade is refused with 401', async () => {
    const c = open({ key: 'wrong-key' });
    await server.until(() => c.error !== undefined);
    assert.ok(c.error instanceof HttpError);
    assert.equal(c.error.status, 401);
    assert.equal(c.error.recoverable, false);
    assert.equal(c.error.message, `GET ws://127.0.0.1:${server.port}/sdk/stream failed: HTTP 401 (unauthorized: the SDK key is unknown)`);
  });

  it('fails with a recoverable HttpError on 503', async () => {
    server.refuseWith = 503;
    const c = open();
    await server.until(() => c.error !== undefined);
    assert.ok(c.error instanceof HttpError);
    assert.equal(c.error.status, 503);
    assert.equal(c.error.recoverable, true);
  });

  it('fails with a NetworkError when nothing listens', async () => {
    const port = server.port;
    await server.stop();
    server = await FlagTestServer.start();
    collector = new Collector(fromWebSocket({ url: `ws://127.0.0.1:${port}/sdk/stream` }));
    await server.until(() => collector!.error !== undefined);
    assert.ok(collector.error instanceof NetworkError);
    assert.match(collector.error.message, /^GET ws:\/\/127\.0\.0\.1:\d+\/sdk\/stream failed: connect ECONNREFUSED/);
  });

  it('fails with a NetworkError naming the close code when the server closes', async () => {
    server.onConnection = (ws) => ws.close(1001, 'going away');
    const c = open();
    await server.until(() => c.error !== undefined);
    assert.ok(c.error instanceof NetworkError);
    assert.match(c.error.message, /connection closed \(code 1001: going away\)$/);
  });

  it('fails after the read timeout when the server goes silent', async () => {
    const c = open({ readTimeout: 80 });
    const start = Date.now();
    await server.until(() => c.error !== undefined);
    assert.ok(Date.now() - start >= 75);
    assert.ok(c.error instanceof NetworkError);
    assert.match(c.error.message, /read timeout: nothing received for 80 ms$/);
    await server.until(() => server.open === 0, 1000, 'the server to see the close');
  });

  it('fails after the read timeout when the handshake hangs', async () => {
    server.onUpgrade = (_request, socket) => {
      socket.resume();
      return true; // never answer
    };
    const c = open({ readTimeout: 80 });
    await server.until(() => c.error !== undefined);
    assert.ok(c.error instanceof NetworkError);
    assert.match(c.error.message, /read timeout/);
  });

  it('treats pings and messages as signs of life', async () => {
    server.onConnection = (ws) => {
      const timer = setInterval(() => ws.ping(), 20);
      ws.on('close', () => clearInterval(timer));
    };
    // 400 ms without pings would time out; 1.2 s (three timeouts) of pings every 20 ms must not.
    // (80 ms failed under load: one stall of the loaded test machine exceeded it.)
    const c = open({ readTimeout: 400 });
    await sleep(1200);
    assert.equal(c.error, undefined);
    assert.equal(server.open, 1);
  });

  it('rejects a message above maxPayload without crashing', async () => {
    server.onConnection = (ws) => ws.send('x'.repeat(2000));
    const c = open({ maxPayload: 1000 });
    await server.until(() => c.error !== undefined);
    assert.ok(c.error instanceof PayloadDecodeError);
    assert.deepEqual(c.error.issues, ['(root): message larger than the limit of 1000 bytes']);
    assert.deepEqual(c.values, []);
  });

  it('closes the socket on unsubscribe', async () => {
    const c = open();
    await server.until(() => server.open === 1);
    c.stop();
    await server.until(() => server.open === 0, 1000, 'the server to see the close');
    assert.equal(c.error, undefined);
    assert.equal(c.completed, false);
  });

  it('aborts the handshake when unsubscribed while connecting', async () => {
    let held: Duplex | undefined;
    let closed = false;
    server.onUpgrade = (_request, socket) => {
      held = socket;
      socket.resume(); // read, so the client's FIN is seen
      socket.on('end', () => {
        closed = true; // the client hung up
        socket.destroy();
      });
      return true; // never answer
    };
    const c = open();
    await server.until(() => held !== undefined);
    c.stop();
    await server.until(() => closed, 1000, 'the held socket to close');
    assert.equal(c.error, undefined);
  });
});
