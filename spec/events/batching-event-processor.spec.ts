import assert from 'node:assert/strict';
import path from 'node:path';
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { createEventProcessor, type EventProcessorOptions } from '../../lib/events/create-event-processor';
import type { EventProcessor } from '../../lib/events/event-processor';
import type { EventsFetch } from '../../lib/events/event-sender';
import type { Flag } from '../../lib/model/flag';
import { BulkServer, SDK_KEY } from './helpers/bulk-server';
import { CaptureLogger } from './helpers/capture-logger';
import { runScript } from '../helpers/run-script';
import { ctx, evaluation } from './helpers/fixtures';

const flag: Flag = { key: 'f', version: 1, variations: [true, false] };
const user = ctx({ kind: 'user', key: 'u' });

/** Polls `condition` every 5 ms for up to 3 s. */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 3_000; !condition(); ) {
    if (Date.now() > deadline) assert.fail('condition not met within 3 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The `custom` event keys of a list of events. */
const customKeys = (events: Array<Record<string, unknown>>) => events.filter((e) => e.kind === 'custom').map((e) => e.key);

describe('BatchingEventProcessor: batching and delivery (over a real HTTP server)', () => {
  let server: BulkServer;
  let logger: CaptureLogger;
  let processors: EventProcessor[];
  let release: () => void;

  beforeEach(async () => {
    server = await BulkServer.start();
    logger = new CaptureLogger();
    processors = [];
    release = () => {};
  });

  afterEach(async () => {
    release();
    await Promise.all(processors.map((p) => p.close()));
    await server.stop();
    for (const line of logger.lines) assert.ok(!line.includes(SDK_KEY), `a log line contains the SDK key: ${line}`);
  });

  function processor(extra: Partial<EventProcessorOptions> = {}): EventProcessor {
    const p = createEventProcessor({ sdkKey: SDK_KEY, eventsUri: server.uri, flushInterval: 60_000, logger, retryDelay: 20, ...extra });
    processors.push(p);
    return p;
  }

  function holdServer(): void {
    server.hold = new Promise((resolve) => (release = resolve));
  }

  it('drops events beyond capacity, counts them, warns once per overflow, and still sends the summary', async () => {
    const p = processor({ capacity: 3 });
    for (let i = 0; i < 6; i++) p.recordCustom(`c${i}`, user);
    evaluation(p, 'f', flag, user);
    await p.flush();
    const events = server.posts[0].events;
    assert.deepEqual(events.map((e) => e.kind), ['index', 'custom', 'custom', 'summary']);
    assert.equal(p.stats!.droppedEvents, 4);
    assert.equal(logger.lines.filter((l) => l.includes('queue is full')).length, 1);
    for (let i = 0; i < 5; i++) p.recordCustom(`d${i}`, user);
    await p.flush();
    assert.deepEqual(customKeys(server.posts[1].events), ['d0', 'd1', 'd2']);
    assert.equal(p.stats!.droppedEvents, 6);
    assert.equal(logger.lines.filter((l) => l.includes('queue is full')).length, 2, 'warned again after the queue drained');
  });

  it('retries a 503 once with the same payload id: nothing is lost', async () => {
    const p = processor();
    server.statuses = [503];
    p.recordCustom('a', user);
    evaluation(p, 'f', flag, user);
    await p.flush();
    assert.deepEqual(server.posts.map((x) => x.status), [503, 202]);
    assert.equal(server.posts[0].headers['x-flagstream-payload-id'], server.posts[1].headers['x-flagstream-payload-id']);
    assert.deepEqual(server.posts[1].events.map((e) => e.kind), ['index', 'custom', 'summary']);
    assert.deepEqual(p.stats, { droppedEvents: 0, deliveredPayloads: 1, deliveredEvents: 3, failedPayloads: 0, failedEvents: 0, deferredPayloads: 0, retries: 1, stopped: false });
  });

  it('keeps a payload that fails twice and delivers it, summary merged, with the next flush', async () => {
    const p = processor();
    server.statuses = [503, 500];
    p.recordCustom('kept-1', user);
    evaluation(p, 'f', flag, user);
    await p.flush();
    p.recordCustom('kept-2', user);
    evaluation(p, 'f', flag, user);
    await p.flush();
    assert.deepEqual(server.posts.map((x) => x.status), [503, 500, 202]);
    assert.deepEqual(customKeys(server.accepted), ['kept-1', 'kept-2']);
    const summaries = server.accepted.filter((e) => e.kind === 'summary') as Array<{ features: { f: { counters: Array<{ count: number }> } } }>;
    assert.equal(summaries.length, 1, 'one summary: the failed one merged into the next');
    assert.equal(summaries[0].features.f.counters[0].count, 2);
    assert.deepEqual(p.stats, { droppedEvents: 0, deliveredPayloads: 1, deliveredEvents: 4, failedPayloads: 0, failedEvents: 0, deferredPayloads: 1, retries: 1, stopped: false });
  });

  it('stops for good on 401: later events are not recorded and later flushes send nothing', async () => {
    const p = processor();
    server.statuses = [401];
    p.recordCustom('a', user);
    await p.flush();
    p.recordCustom('b', user);
    evaluation(p, 'f', flag, user);
    await p.flush();
    await p.close();
    assert.equal(server.posts.length, 1);
    assert.equal(p.stats!.stopped, true);
    assert.equal(p.stats!.failedPayloads, 1);
    assert.equal(logger.lines.filter((l) => l.startsWith('error:') && l.includes('HTTP 401')).length, 1);
  });

  it('drops a payload refused with 413 and keeps sending the next', async () => {
    const p = processor();
    server.statuses = [413];
    p.recordCustom('too-big', user);
    await p.flush();
    p.recordCustom('fine', ctx({ kind: 'org', key: 'o' }));
    await p.flush();
    assert.deepEqual(server.posts.map((x) => x.status), [413, 202]);
    assert.deepEqual(customKeys(server.accepted), ['fine']);
    assert.equal(p.stats!.stopped, false);
  });

  it('splits a large flush into payloads of at most maxPayloadBytes, sent one after the other', async () => {
    const p = processor({ maxPayloadBytes: 1_000 });
    for (let i = 0; i < 40; i++) p.recordCustom(`event-${i}`, user, { padding: 'x'.repeat(40) });
    evaluation(p, 'f', flag, user);
    await p.flush();
    assert.ok(server.posts.length >= 4, `${server.posts.length} payloads`);
    for (const post of server.posts) assert.ok(post.raw.length <= 1_000, `a payload of ${post.raw.length} bytes`);
    assert.equal(server.maxActive, 1);
    assert.deepEqual(customKeys(server.accepted), Array.from({ length: 40 }, (_, i) => `event-${i}`));
    assert.equal(server.accepted.at(-1)!.kind, 'summary');
    assert.equal(p.stats!.deliveredPayloads, server.posts.length);
    assert.equal(p.stats!.deliveredEvents, 42);
  });

  it('drops the remaining payloads of a flush after a 401, counting them', async () => {
    const p = processor({ maxPayloadBytes: 200 });
    server.statuses = [401];
    for (let i = 0; i < 6; i++) p.recordCustom(`event-${i}`, user, { padding: 'x'.repeat(60) });
    await p.flush();
    assert.equal(server.posts.length, 1);
    assert.equal(p.stats!.failedEvents, 7);
    assert.ok(p.stats!.failedPayloads > 1);
  });

  it('close() flushes everything queued, is idempotent, and ignores events recorded afterwards', async () => {
    const p = processor();
    p.recordCustom('a', user);
    evaluation(p, 'f', flag, user);
    const closing = p.close();
    assert.equal(p.close(), closing);
    p.recordCustom('after-close', user);
    await closing;
    assert.equal(server.posts.length, 1);
    assert.deepEqual(server.posts[0].events.map((e) => e.kind), ['index', 'custom', 'summary']);
    await p.flush();
    assert.equal(server.posts.length, 1);
  });

  it('serialises deliveries: one payload in flight, flushes asked meanwhile share one next payload; close awaits both', async () => {
    const p = processor();
    holdServer();
    p.recordCustom('first', user);
    const first = p.flush();
    p.recordCustom('second', user);
    const second = p.flush();
    p.recordCustom('third', user);
    const third = p.flush();
    assert.equal(second, third, 'flushes waiting behind the same delivery share it');
    const closed = p.close();
    let done = false;
    void closed.then(() => (done = true));
    await waitUntil(() => server.active === 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(done, false, 'close waits for the payload in flight');
    assert.equal(server.active, 1);
    release();
    await Promise.all([first, second, closed]);
    assert.equal(server.maxActive, 1);
    assert.deepEqual(server.posts.map((x) => customKeys(x.events)), [['first'], ['second', 'third']]);
  });

  it('loses no event across a transient 503, even with events recorded during the retry', async () => {
    const p = processor({ retryDelay: 60 });
    server.statuses = [503];
    for (let i = 0; i < 3; i++) p.recordCustom(`before-${i}`, user);
    const flushing = p.flush();
    await server.waitForPosts(1);
    for (let i = 0; i < 3; i++) p.recordCustom(`during-${i}`, user);
    await p.close();
    await flushing;
    assert.deepEqual(customKeys(server.accepted), ['before-0', 'before-1', 'before-2', 'during-0', 'during-1', 'during-2']);
    assert.equal(p.stats!.failedPayloads, 0);
  });

  it('flushes on its own every flushInterval (real timers)', async () => {
    const p = processor({ flushInterval: 30 });
    p.recordCustom('timed', user);
    await server.waitForPosts(1);
    assert.deepEqual(customKeys(server.posts[0].events), ['timed']);
    await p.close();
  });

  it('runs every timer on the injected scheduler (virtual time), and close() leaves none', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
    const calls: Array<{ at: number; kinds: string[] }> = [];
    const fetch: EventsFetch = (_url, init) => {
      calls.push({ at: scheduler.now(), kinds: (JSON.parse(String(init.body)) as Array<{ kind: string }>).map((e) => e.kind) });
      return Promise.resolve({ status: 202, headers: { get: () => null } });
    };
    const p = processor({ scheduler, fetch, flushInterval: 5_000, contextKeysFlushInterval: 7_000, requestTimeout: 0 });
    const at = (time: number, work: () => void) => scheduler.schedule(work, time);
    at(1_000, () => p.recordCustom('a', user));
    at(6_000, () => p.recordCustom('b', user));
    at(8_000, () => p.recordCustom('c', user));
    for (let t = 0; t <= 16_000; t += 500) {
      scheduler.maxFrames = t;
      scheduler.flush();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(calls, [
      { at: 5_000, kinds: ['index', 'custom'] },
      { at: 10_000, kinds: ['custom', 'index', 'custom'] },
    ]);
    assert.ok(scheduler.actions.length > 0, 'timers are pending before close');
    await p.close();
    assert.equal(scheduler.actions.length, 0, 'close() cancelled every timer');
  });

  it('lets the process exit by itself after close() (child process)', async function () {
    this.timeout(15_000);
    const script = path.join(__dirname, 'helpers', 'child-close.ts');
    const exit = await runScript(script, [server.uri, SDK_KEY], { killAfter: 10_000 });
    const { output, markedAt: closedAt } = exit;
    assert.equal(exit.code, 0, `the child did not exit by itself; output: ${output}`);
    assert.match(output, /^closed \{"deliveredPayloads":1,"deliveredEvents":2,.*"droppedEvents":0,"stopped":false\}\n$/);
    assert.ok(exit.exitedAt - closedAt < 2_000, `exited ${exit.exitedAt - closedAt} ms after close`);
    assert.deepEqual(server.accepted.map((e) => e.kind), ['identify', 'custom']);
  });
});
