import assert from 'node:assert/strict';
import { NetworkError } from '../../lib/errors/network-error';
import { openWebSocket, type WebSocketConstructor } from '../../lib/transport/open-web-socket';
import { sleep } from '../data-sources/helpers/collect';
import { FlagTestServer, SDK_KEY } from '../data-sources/helpers/flag-test-server';

/** The callbacks' record of one connection. */
class Record {
  readonly texts: string[] = [];
  readonly failures: Error[] = [];
  readonly handlers = { message: (text: string) => this.texts.push(text), failed: (error: Error) => this.failures.push(error) };
}

describe('openWebSocket', () => {
  let server: FlagTestServer;
  let close: (() => void) | undefined;

  beforeEach(async () => {
    server = await FlagTestServer.start();
    server.onConnection = () => {};
  });

  afterEach(async () => {
    close?.();
    close = undefined;
    await server.stop();
  });

  const url = (): string => `ws://127.0.0.1:${server.port}/sdk/stream`;

  it('reports each message as text, and one failure when the server closes', async () => {
    server.onConnection = (ws) => {
      ws.send('one');
      ws.send(Buffer.from('two'), { binary: true });
      setTimeout(() => ws.close(1001, 'bye'), 20);
    };
    const record = new Record();
    close = openWebSocket({ url: url(), headers: { Authorization: SDK_KEY } }, record.handlers);
    await server.until(() => record.failures.length > 0, 2000, 'the close');
    assert.deepEqual(record.texts, ['one', 'two']);
    await sleep(50);
    assert.equal(record.failures.length, 1);
    assert.ok(record.failures[0] instanceof NetworkError);
    assert.match(record.failures[0].message, /connection closed \(code 1001: bye\)$/);
  });

  it('reports nothing once closed, and close is idempotent', async () => {
    server.onConnection = (ws) => {
      const timer = setInterval(() => ws.send('tick'), 5);
      ws.on('close', () => clearInterval(timer));
    };
    const record = new Record();
    close = openWebSocket({ url: url(), headers: { Authorization: SDK_KEY } }, record.handlers);
    await server.until(() => record.texts.length >= 2, 2000, 'two messages');
    close();
    close();
    const seen = record.texts.length;
    await server.until(() => server.open === 0, 1000, 'the server to see the close');
    await sleep(30);
    assert.equal(record.texts.length, seen);
    assert.deepEqual(record.failures, []);
  });

  it('reports a socket that cannot be built before returning, and nothing else', () => {
    const Broken = class {
      constructor() {
        throw new Error('no sockets today');
      }
    } as unknown as WebSocketConstructor;
    const record = new Record();
    let returned = false;
    const handlers = { message: record.handlers.message, failed: (error: Error) => (record.handlers.failed(error), assert.ok(!returned)) };
    close = openWebSocket({ url: url(), WebSocket: Broken }, handlers);
    returned = true;
    assert.equal(record.failures.length, 1);
    assert.match(record.failures[0].message, /cannot open WebSocket: no sockets today$/);
    close();
    assert.equal(record.failures.length, 1);
  });
});
