import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { textFrame } from '../../lib/server/text-frame';
import { SDK_KEY, startTestServer, type TestServer } from './helpers/test-server';

/** The frame `ws` itself would send for `payload` (unmasked text, FIN), header and payload joined. */
function wsFrame(payload: Buffer): Buffer {
  const Sender = (WebSocket as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } }).Sender;
  return Buffer.concat(Sender.frame(payload, { fin: true, opcode: 1, mask: false, readOnly: true, rsv1: false }));
}

/** A raw stream client recording each message with whether it came as text. */
async function connect(url: string): Promise<{ ws: WebSocket; messages: { text: string; binary: boolean }[] }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/sdk/stream`, { headers: { Authorization: SDK_KEY }, perMessageDeflate: false });
  const messages: { text: string; binary: boolean }[] = [];
  ws.on('message', (data, binary) => messages.push({ text: String(data), binary }));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, messages };
}

async function until(predicate: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > 3000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('StreamHub broadcast frames', () => {
  let t: TestServer | undefined;
  const sockets: WebSocket[] = [];

  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.terminate();
    await t?.stop();
    t = undefined;
  });

  it('textFrame builds exactly the frame ws builds, for 7-, 16- and 64-bit lengths', () => {
    for (const size of [0, 1, 125, 126, 127, 65_535, 65_536, 70_000]) {
      const payload = Buffer.alloc(size, 'a');
      assert.deepEqual(textFrame(payload), wsFrame(payload), `${size} bytes`);
    }
  });

  it('delivers small, medium and large changes as text messages to every connection, between pings', async () => {
    // Pings every 250 ms: long enough that a loaded machine (the big change blocks the loop for a
    // while) does not drop a client for a pong still unread, short enough that pings interleave.
    t = await startTestServer({ heartbeatIntervalMs: 250 });
    const clients = await Promise.all([connect(t.url), connect(t.url), connect(t.url)]);
    sockets.push(...clients.map((client) => client.ws));
    await until(() => clients.every((client) => client.messages.length === 1), 'the puts');
    const targets = Array.from({ length: 6000 }, (_, i) => `user-with-a-long-key-${i}`); // a > 64 KiB frame
    const changes: [string, string, unknown][] = [
      ['PUT', '/api/environments/production/segments/tiny', { included: ['u'] }],
      ['DELETE', '/api/environments/production/segments/tiny', undefined], // a < 126 byte frame
      ['PUT', '/api/environments/production/flags/big', { variations: [true, false], fallthrough: { variation: 0 }, targets: [{ values: targets, variation: 1 }] }],
      ['PATCH', '/api/environments/production/flags/checkout', { instructions: [{ kind: 'turnFlagOff' }] }],
    ];
    for (const [method, path, body] of changes) {
      const response = await t.admin(method, path, body);
      assert.ok(response.status < 300, `${method} ${path}: ${response.status}`);
      await new Promise((resolve) => setTimeout(resolve, 300)); // let pings go out between changes
    }
    await until(() => clients.every((client) => client.messages.length === 1 + changes.length), 'every change');
    for (const { messages } of clients) {
      assert.ok(messages.every((message) => !message.binary));
      const frames = messages.map((message) => JSON.parse(message.text) as { type: string; kind?: string; key?: string; data?: { key: string; targets?: { values: string[] }[] } });
      assert.deepEqual(frames.map((frame) => `${frame.type} ${frame.data?.key ?? frame.key ?? ''}`.trim()), ['put', 'patch tiny', 'delete tiny', 'patch big', 'patch checkout']);
      assert.ok(messages[3].text.length > 65_536);
      assert.deepEqual(frames[3].data?.targets?.[0].values, targets);
    }
  });
});
