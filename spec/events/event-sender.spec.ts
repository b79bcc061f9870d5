import assert from 'node:assert/strict';
import { asyncScheduler } from 'rxjs';
import { EventSender, type EventSenderOptions } from '../../lib/events/event-sender';
import { BulkServer, SDK_KEY } from './helpers/bulk-server';
import { CaptureLogger } from './helpers/capture-logger';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('EventSender (over a real HTTP server)', () => {
  let server: BulkServer;
  let logger: CaptureLogger;
  let release: () => void = () => {};

  beforeEach(async () => {
    server = await BulkServer.start();
    logger = new CaptureLogger();
  });

  afterEach(async () => {
    release();
    await server.stop();
    for (const line of logger.lines) assert.ok(!line.includes(SDK_KEY), `a log line contains the SDK key: ${line}`);
  });

  function sender(extra: Partial<EventSenderOptions> = {}): EventSender {
    return new EventSender({ sdkKey: SDK_KEY, url: `${server.uri}/bulk`, retryDelay: 10, scheduler: asyncScheduler, logger, ...extra });
  }

  it('posts the JSON body with the key, schema and a v4 payload id, new for each payload', async () => {
    const s = sender();
    assert.deepEqual(await s.send('[{"kind":"identify"}]', 1), { outcome: 'delivered', retried: false });
    assert.deepEqual(await s.send('[{"kind":"custom"}]', 1), { outcome: 'delivered', retried: false });
    assert.equal(server.posts.length, 2);
    const [first, second] = server.posts;
    assert.equal(first.method, 'POST');
    assert.equal(first.url, '/bulk');
    assert.equal(first.headers.authorization, SDK_KEY);
    assert.equal(first.headers['content-type'], 'application/json');
    assert.equal(first.headers['x-flagstream-event-schema'], '4');
    assert.match(String(first.headers['x-flagstream-payload-id']), UUID_V4);
    assert.equal(first.headers['content-encoding'], undefined);
    assert.deepEqual(first.events, [{ kind: 'identify' }]);
    assert.notEqual(first.headers['x-flagstream-payload-id'], second.headers['x-flagstream-payload-id']);
  });

  for (const status of [503, 500, 400, 408, 429]) {
    it(`retries once after ${status}, with the same payload id, after retryDelay`, async () => {
      server.statuses = [status];
      const started = Date.now();
      assert.deepEqual(await sender({ retryDelay: 60 }).send('[{"kind":"custom"}]', 1), { outcome: 'delivered', retried: true });
      assert.ok(Date.now() - started >= 55, 'waited for retryDelay');
      assert.deepEqual(server.posts.map((p) => p.status), [status, 202]);
      assert.equal(server.posts[0].headers['x-flagstream-payload-id'], server.posts[1].headers['x-flagstream-payload-id']);
      assert.deepEqual(server.posts[1].events, [{ kind: 'custom' }]);
    });
  }

  it('reports the endpoint unreachable after two failures (the caller keeps the events), logging at debug only', async () => {
    server.statuses = [503, 502];
    const result = await sender().send('[1,2,3]', 3);
    assert.deepEqual(result, { outcome: 'unreachable', retried: true, reason: result.reason });
    assert.match(result.reason!, /HTTP 502$/);
    assert.equal(server.posts.length, 2);
    assert.ok(logger.lines.every((line) => line.startsWith('debug: ')), logger.lines.join('\n'));
  });

  it('drops a payload refused with 413 without retrying', async () => {
    server.statuses = [413];
    assert.deepEqual(await sender().send('[1]', 1), { outcome: 'failed', retried: false });
    assert.equal(server.posts.length, 1);
    assert.match(logger.lines.join('\n'), /HTTP 413 \(payload too large\); dropped 1 events/);
  });

  for (const status of [401, 403, 404]) {
    it(`stops for good on ${status}, with a clear log line that does not contain the key`, async () => {
      server.statuses = [status];
      assert.deepEqual(await sender().send('[1]', 1), { outcome: 'stopped', retried: false });
      assert.equal(server.posts.length, 1);
      assert.equal(logger.lines.length, 1);
      assert.match(logger.lines[0], new RegExp(`^error: .*POST http://127\\.0\\.0\\.1:\\d+/bulk failed: HTTP ${status}.*no longer be sent`));
    });
  }

  it('retries a network error once, then gives up', async () => {
    const down = await BulkServer.start();
    const url = `${down.uri}/bulk`;
    await down.stop();
    assert.equal((await sender({ url }).send('[1]', 1)).outcome, 'unreachable');
    assert.match(logger.lines[0], /^debug: .*POST http:\/\/127\.0\.0\.1:\d+\/bulk failed: .*ECONNREFUSED.*; retrying once in 10 ms$/);
  });

  it('times a request out (requestTimeout) and counts it as a network error', async () => {
    server.hold = new Promise((resolve) => (release = resolve));
    const started = Date.now();
    const result = await sender({ requestTimeout: 80 }).send('[1]', 1);
    assert.deepEqual(result, { outcome: 'unreachable', retried: true, reason: result.reason });
    assert.ok(Date.now() - started < 2_000);
    assert.match(result.reason!, /request timed out after 80 ms/);
  });

  it('gzips the body when asked', async () => {
    const body = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ kind: 'custom', key: `k${i}` })));
    assert.equal((await sender({ gzip: true }).send(body, 200)).outcome, 'delivered');
    const [post] = server.posts;
    assert.equal(post.headers['content-encoding'], 'gzip');
    assert.ok(post.raw.length < body.length / 3, `compressed ${body.length} to ${post.raw.length} bytes`);
    assert.equal(post.events.length, 200);
    assert.equal(post.events[199].key, 'k199');
  });

  it("records the server's Date header", async () => {
    server.dateHeader = 'Wed, 01 Jan 2031 00:00:00 GMT';
    const s = sender();
    assert.equal(s.serverTime, 0);
    await s.send('[1]', 1);
    assert.equal(s.serverTime, Date.UTC(2031, 0, 1));
  });

  it('uses an injected fetch, and never rejects when it throws', async () => {
    let calls = 0;
    const s = sender({
      fetch: () => {
        calls++;
        throw new Error('boom');
      },
    });
    assert.equal((await s.send('[1]', 1)).outcome, 'unreachable');
    assert.equal(calls, 2);
  });
});
