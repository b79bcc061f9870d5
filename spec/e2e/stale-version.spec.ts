import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { FlagChange, FlagstreamClient } from '../../lib/client/flagstream-client';
import { ALICE, flag, SDK_KEY } from './helpers/e2e-data';
import { streamingClient } from './helpers/e2e-client';
import { type Recorder, record } from './helpers/recorder';
import { Condition } from './helpers/wait-until';

/**
 * A raw stream server (http + ws on 127.0.0.1:0) that sends a put on connect and then whatever
 * frames the spec tells it to: the real flag server never sends an old version, so stale frames
 * need a server under the spec's control.
 */
class RawStreamServer {
  socket: WebSocket | undefined;
  readonly connected = new Condition();
  private readonly wss = new WebSocketServer({ noServer: true });

  private constructor(private readonly http: Server) {
    http.on('upgrade', (request, socket: Duplex, head) => {
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        this.socket = ws;
        this.send({ type: 'put', data: { flags: { f: flag('f', ['one', 'two', 'three']), g: flag('g', ['g1', 'g2']) }, segments: {} } });
        this.connected.notify();
      });
    });
  }

  static async start(): Promise<RawStreamServer> {
    const http = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return new RawStreamServer(http);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  send(frame: unknown): void {
    this.socket!.send(JSON.stringify(frame));
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise((resolve) => this.http.close(resolve));
  }
}

/** `flag(key, variations)` at `version`, serving variation `serve`. */
const at = (key: string, variations: unknown[], version: number, serve: number) => flag(key, variations, { version, fallthrough: { variation: serve } });

describe('e2e: an older version arriving after a newer one', () => {
  let server: RawStreamServer;
  let client: FlagstreamClient | undefined;
  let changes: Recorder<FlagChange>;
  let f: Recorder<unknown>;
  let g: Recorder<unknown>;

  beforeEach(async () => {
    server = await RawStreamServer.start();
    const started = streamingClient(server.url, { sdkKey: SDK_KEY });
    client = started;
    await started.waitForInitialization({ timeout: 3000 });
    changes = record(started.flagChanges$);
    f = record(started.variation$<unknown>('f', ALICE, 'default'));
    g = record(started.variation$<unknown>('g', ALICE, 'default'));
  });

  afterEach(async () => {
    for (const recorder of [changes, f, g] as (Recorder<unknown> | undefined)[]) recorder?.stop();
    await client?.close();
    client = undefined;
    await server.close();
  });

  it('is ignored, as a patch and as a delete: no value change, no flagChanges$ event', async () => {
    server.send({ type: 'patch', kind: 'flags', data: at('f', ['one', 'two', 'three'], 3, 2) });
    server.send({ type: 'patch', kind: 'flags', data: at('f', ['one', 'two', 'three'], 2, 1) }); // late
    server.send({ type: 'delete', kind: 'flags', key: 'f', version: 3 }); // not newer either
    server.send({ type: 'patch', kind: 'flags', data: at('g', ['g1', 'g2'], 2, 1) }); // marker: all above were applied
    await changes.waitFor((c) => c.key === 'g', 'the marker change of g');
    assert.deepEqual(f.values, ['one', 'three']);
    assert.deepEqual(changes.values.map((c) => c.key), ['f', 'g']);
    assert.equal(client!.variation('f', ALICE, 'default'), 'three');
  });

  it('does not bring back a deleted flag', async () => {
    server.send({ type: 'delete', kind: 'flags', key: 'f', version: 5 });
    server.send({ type: 'patch', kind: 'flags', data: at('f', ['one', 'two', 'three'], 4, 1) }); // late
    server.send({ type: 'patch', kind: 'flags', data: at('g', ['g1', 'g2'], 2, 1) }); // marker
    await g.waitFor((value) => value === 'g2', 'the marker change of g');
    assert.deepEqual(f.values, ['one', 'default']);
    assert.deepEqual(changes.values.map((c) => c.key), ['f', 'g']);
    assert.deepEqual(client!.variationDetail('f', ALICE, 'default').reason, { kind: 'ERROR', errorKind: 'FLAG_NOT_FOUND' });

    // A newer version after the tombstone is a re-creation, and is applied.
    server.send({ type: 'patch', kind: 'flags', data: at('f', ['one', 'two', 'three'], 6, 1) });
    await f.waitFor((value) => value === 'two', 'the re-created flag');
  });
});
