import assert from 'node:assert/strict';
import net from 'node:net';
import { createEventProcessor, type EventProcessorOptions } from '../../lib/events/create-event-processor';
import type { EventProcessor } from '../../lib/events/event-processor';
import type { Flag } from '../../lib/model/flag';
import { ConnectProxy } from '../data-sources/helpers/connect-proxy';
import { BulkServer, SDK_KEY } from './helpers/bulk-server';
import { CaptureLogger } from './helpers/capture-logger';
import { ctx, evaluation } from './helpers/fixtures';

const flag: Flag = { key: 'f', version: 1, variations: [true, false] };
const user = ctx({ kind: 'user', key: 'u' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); ) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const customKeys = (events: Array<Record<string, unknown>>) => events.filter((e) => e.kind === 'custom').map((e) => e.key as string);
const summaryCount = (events: Array<Record<string, unknown>>) =>
  events
    .filter((e) => e.kind === 'summary')
    .flatMap((e) => (e as { features: Record<string, { counters: Array<{ count: number }> }> }).features.f?.counters ?? [])
    .reduce((sum, counter) => sum + counter.count, 0);

describe('analytics events through an outage of the events endpoint (real sockets)', () => {
  let logger: CaptureLogger;
  let processors: EventProcessor[];
  let servers: BulkServer[];

  beforeEach(() => {
    logger = new CaptureLogger();
    processors = [];
    servers = [];
  });

  afterEach(async () => {
    await Promise.all(processors.map((p) => p.close()));
    await Promise.all(servers.map((s) => s.stop()));
    for (const line of logger.lines) assert.ok(!line.includes(SDK_KEY), `a log line contains the SDK key: ${line}`);
  });

  function processor(eventsUri: string, extra: Partial<EventProcessorOptions> = {}): EventProcessor {
    const p = createEventProcessor({ sdkKey: SDK_KEY, eventsUri, flushInterval: 20, retryDelay: 20, logger, proxy: false, ...extra });
    processors.push(p);
    return p;
  }

  /** A port on which nothing listens (a server started, then stopped). */
  async function downPort(): Promise<number> {
    const server = await BulkServer.start();
    const port = Number(new URL(server.uri).port);
    await server.stop();
    return port;
  }

  it('keeps every event and the summary while the endpoint is down, and delivers them once it is back', async () => {
    const port = await downPort();
    const p = processor(`http://127.0.0.1:${port}`);
    for (let i = 0; i < 100; i++) {
      p.recordCustom(`e${i}`, user);
      evaluation(p, 'f', flag, user);
      if (i % 10 === 9) await sleep(25); // many flushes fail meanwhile
    }
    await waitUntil(() => (p.stats?.deferredPayloads ?? 0) >= 3, 'several failed deliveries');
    assert.equal(p.stats!.deliveredEvents, 0);
    const server = await BulkServer.start(port);
    servers.push(server);
    await waitUntil(() => customKeys(server.accepted).length >= 100, '100 custom events delivered');
    assert.deepEqual(customKeys(server.accepted), Array.from({ length: 100 }, (_, i) => `e${i}`), 'all, in order, once');
    await waitUntil(() => summaryCount(server.accepted) >= 100, 'the summaries');
    assert.equal(summaryCount(server.accepted), 100, 'failed summaries were merged, not lost or doubled');
    assert.deepEqual({ dropped: p.stats!.droppedEvents, failed: p.stats!.failedEvents }, { dropped: 0, failed: 0 });
    const recoveries = () => logger.lines.filter((line) => /^info: Analytics events delivered again after \d+ failed attempts/.test(line)).length;
    await waitUntil(() => recoveries() > 0, 'the recovery line');
    const warnings = logger.lines.filter((line) => line.startsWith('warn:'));
    assert.equal(warnings.length, 1, `one warning for the outage: ${warnings.join('\n')}`);
    assert.match(warnings[0], /ECONNREFUSED.*kept, trying again in \d+ ms/);
    assert.equal(recoveries(), 1);
  });

  it('bounds the queue during an outage: what overflows is dropped, counted and logged once', async () => {
    const port = await downPort();
    const p = processor(`http://127.0.0.1:${port}`, { capacity: 10 });
    for (let i = 0; i < 30; i++) {
      p.recordCustom(`e${i}`, user);
      if (i % 5 === 4) await sleep(30);
    }
    const server = await BulkServer.start(port);
    servers.push(server);
    await waitUntil(() => server.accepted.length >= 10, 'the kept events');
    await sleep(100);
    const delivered = server.accepted.filter((e) => e.kind !== 'summary');
    assert.equal(delivered.length, 10, 'the capacity');
    assert.deepEqual(customKeys(delivered), Array.from({ length: 9 }, (_, i) => `e${i}`), 'the oldest are kept');
    assert.equal(p.stats!.droppedEvents, 21);
    assert.equal(logger.lines.filter((line) => line.includes('queue is full')).length, 1);
  });

  it('close() gives up after closeTimeout on an endpoint that accepts TCP and never answers, logs what it dropped, and leaves no socket open', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => {
      sockets.push(socket);
      socket.resume();
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as net.AddressInfo;
      const p = processor(`http://127.0.0.1:${port}`, { flushInterval: 60_000, closeTimeout: 300 });
      for (let i = 0; i < 5; i++) p.recordCustom(`e${i}`, user);
      evaluation(p, 'f', flag, user);
      const started = Date.now();
      await p.close();
      const took = Date.now() - started;
      assert.ok(took >= 250 && took < 3_000, `close() took ${took} ms`);
      assert.deepEqual(logger.lines.filter((line) => line.startsWith('warn:')), ['warn: close(): dropped 7 analytics events: not delivered within closeTimeout (300 ms)']);
      assert.equal(p.stats!.failedEvents, 7);
      assert.equal(p.close(), p.close(), 'idempotent');
      await waitUntil(() => sockets.length > 0 && sockets.every((socket) => socket.closed), 'the request socket to be closed');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('posts events through the proxy, as stream and polling do', async () => {
    const server = await BulkServer.start();
    servers.push(server);
    const proxy = await ConnectProxy.start();
    try {
      const p = processor(server.uri, { proxy: proxy.url, flushInterval: 60_000 });
      p.recordCustom('proxied', user);
      await p.flush();
      assert.deepEqual(customKeys(server.accepted), ['proxied']);
      assert.deepEqual(proxy.tunnels, [new URL(server.uri).host]);
    } finally {
      await Promise.all(processors.splice(0).map((p) => p.close()));
      await proxy.stop();
    }
  });

  it('rejects a bad closeTimeout or proxy with InvalidOptionError', () => {
    assert.throws(() => createEventProcessor({ sdkKey: SDK_KEY, eventsUri: 'http://x', closeTimeout: -1 }), /Invalid option 'closeTimeout'/);
    assert.throws(() => createEventProcessor({ sdkKey: SDK_KEY, eventsUri: 'http://x', proxy: 5 as unknown as string }), /Invalid option 'proxy'/);
  });
});
