import assert from 'node:assert/strict';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { FlagServerPlugin } from '../../lib/server/flag-server-plugin';
import type { EventBatch } from '../../lib/server/event-batch';
import { SDK_KEY, startTestServer, type TestServer } from './helpers/test-server';

describe('flag server: polling (GET /sdk/latest-all) and events (POST /bulk)', () => {
  let t: TestServer;
  const received: EventBatch[] = [];
  const plugin: FlagServerPlugin = { name: 'recorder', onEvents: (batch) => received.push(batch) };

  beforeEach(async () => {
    received.length = 0;
    t = await startTestServer({ plugins: [plugin] });
  });
  afterEach(() => t.stop());

  const poll = (headers: Record<string, string> = {}) => fetch(`${t.url}/sdk/latest-all`, { headers: { Authorization: SDK_KEY, ...headers } });
  const postEvents = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/bulk`, { method: 'POST', headers: { Authorization: SDK_KEY, 'Content-Type': 'application/json', ...headers }, body });

  it('serves the live flags and segments with an ETag, and 304 for a matching If-None-Match', async () => {
    const first = await poll();
    assert.equal(first.status, 200);
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^"[A-Za-z0-9_-]+"$/);
    const body = (await first.json()) as { flags: Record<string, unknown>; segments: Record<string, unknown> };
    assert.deepEqual(Object.keys(body.flags), ['checkout']);
    assert.deepEqual(Object.keys(body.segments), ['beta']);

    const unchanged = await poll({ 'If-None-Match': etag! });
    assert.equal(unchanged.status, 304);
    assert.equal(await unchanged.text(), '');
    assert.equal((await poll({ 'If-None-Match': `"other", W/${etag}` })).status, 304);

    await t.admin('DELETE', '/api/environments/production/flags/checkout');
    const changed = await poll({ 'If-None-Match': etag! });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), etag);
    assert.deepEqual(((await changed.json()) as { flags: object }).flags, {}, 'tombstones are not served');
  });

  it('answers an unknown or missing SDK key with 401 and an empty body', async () => {
    for (const headers of [{ Authorization: 'sdk-wrong' }, {}] as Record<string, string>[]) {
      const response = await fetch(`${t.url}/sdk/latest-all`, { headers });
      assert.equal(response.status, 401);
      assert.equal(await response.text(), '');
      const events = await fetch(`${t.url}/bulk`, { method: 'POST', headers, body: '[]' });
      assert.equal(events.status, 401);
      assert.equal(await events.text(), '');
    }
    assert.equal(t.server.events.stats().batches, 0);
  });

  it('accepts an event array, stores it in the buffer and hands it to plugins', async () => {
    const events = [{ kind: 'identify', creationDate: 1, context: { kind: 'user', key: 'u1' } }, { kind: 'custom', key: 'clicked' }];
    const response = await postEvents(JSON.stringify(events), { 'X-LaunchDarkly-Payload-ID': 'p-1' });
    assert.equal(response.status, 202);
    const [batch] = t.server.events.list('production');
    assert.deepEqual(batch.events, events);
    assert.equal(batch.payloadId, 'p-1');
    assert.deepEqual(received, [batch]);

    assert.equal((await postEvents(JSON.stringify(events), { 'X-LaunchDarkly-Payload-ID': 'p-1' })).status, 202);
    assert.equal(t.server.events.stats().batches, 1, 'a retried payload is stored once');
  });

  it('records a payload id only once its batch is stored: a retry after a failed store (500) is stored and counted', async () => {
    const events = t.server.events;
    const add = events.add.bind(events);
    let failures = 1;
    events.add = (batch) => {
      if (failures-- > 0) throw new Error('disk full');
      add(batch);
    };
    const body = JSON.stringify([{ kind: 'custom', key: 'retried' }]);
    const first = await postEvents(body, { 'X-Flagstream-Payload-Id': 'r-1' });
    assert.equal(first.status, 500);
    assert.equal(events.stats().batches, 0);
    assert.deepEqual(received, [], 'plugins do not count a batch that was not stored');
    assert.equal((await postEvents(body, { 'X-Flagstream-Payload-Id': 'r-1' })).status, 202);
    assert.deepEqual(events.list().map((batch) => [batch.payloadId, batch.events[0].key]), [['r-1', 'retried']]);
    assert.equal(received.length, 1, 'the retry reached the plugins (insights count it)');
    assert.equal((await postEvents(body, { 'X-Flagstream-Payload-Id': 'r-1' })).status, 202);
    assert.equal(events.stats().batches, 1, 'once stored, the same id is not stored again');
  });

  it('accepts X-Flagstream-Payload-Id (as the SDK sends it) and gzip-compressed bodies', async () => {
    const body = gzipSync(JSON.stringify([{ kind: 'custom', key: 'zipped' }]));
    const headers = { Authorization: SDK_KEY, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'X-Flagstream-Payload-Id': 'z-1' };
    assert.equal((await fetch(`${t.url}/bulk`, { method: 'POST', headers, body })).status, 202);
    assert.equal((await fetch(`${t.url}/bulk`, { method: 'POST', headers, body })).status, 202);
    assert.deepEqual(t.server.events.list().map((batch) => [batch.payloadId, batch.events[0].key]), [['z-1', 'zipped']]);

    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)); // 8 MiB of spaces, about 8 KiB compressed
    const exploded = await fetch(`${t.url}/bulk`, { method: 'POST', headers: { ...headers, 'X-Flagstream-Payload-Id': 'z-2' }, body: bomb });
    assert.equal(exploded.status, 413, 'the limit applies to the decompressed size');
    const notGzip = await fetch(`${t.url}/bulk`, { method: 'POST', headers: { ...headers, 'X-Flagstream-Payload-Id': 'z-3' }, body: '[]' });
    assert.equal(notGzip.status, 400);
    assert.match(((await notGzip.json()) as { error: string }).error, /not valid gzip/);
    const brotli = await fetch(`${t.url}/bulk`, { method: 'POST', headers: { ...headers, 'Content-Encoding': 'br' }, body: '[]' });
    assert.equal(brotli.status, 415);
    assert.equal(t.server.events.stats().batches, 1);
  });

  it('refuses event bodies that are not an array of events, naming the path', async () => {
    const notArray = await postEvents('{"kind":"custom"}');
    assert.equal(notArray.status, 400);
    assert.deepEqual(await notArray.json(), { error: 'Invalid event batch', issues: ['(root): expected EventArray, got {"kind":"custom"}'] });
    const badItem = await postEvents('[{"kind":"custom"},{"kind":3}]');
    assert.deepEqual(((await badItem.json()) as { issues: string[] }).issues, ['[1].kind: expected string, got 3']);
    const notJson = await postEvents('[{');
    assert.equal(notJson.status, 400);
    assert.match(((await notJson.json()) as { error: string }).error, /not valid JSON/);
    assert.equal(t.server.events.stats().batches, 0);
  });

  it('refuses a body over the limit with 413, declared or chunked', async () => {
    const big = JSON.stringify([{ kind: 'custom', data: 'x'.repeat(1024 * 1024) }]);
    const declared = await postEvents(big);
    assert.equal(declared.status, 413);
    assert.match(((await declared.json()) as { error: string }).error, /larger than 1048576 bytes/);

    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(`${t.url}/bulk`, { method: 'POST', headers: { Authorization: SDK_KEY, 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 40; i++) req.write('x'.repeat(64 * 1024));
      req.end();
    });
    assert.equal(chunked, 413);
    assert.equal(t.server.events.stats().batches, 0);
  });

  it('keeps the event buffer within its limits, dropping the oldest batches', async () => {
    await t.stop();
    t = await startTestServer({ limits: { maxEventBatches: 2 } });
    for (const id of ['a', 'b', 'c']) assert.equal((await postEvents(`[{"kind":"custom","key":"${id}"}]`)).status, 202);
    assert.deepEqual(
      t.server.events.list().map((batch) => batch.events[0].key),
      ['b', 'c'],
    );
    assert.equal(t.server.events.stats().dropped, 1);
  });

  it('answers a plain GET of the stream endpoint with 426 and serves /health', async () => {
    assert.equal((await fetch(`${t.url}/sdk/stream`, { headers: { Authorization: SDK_KEY } })).status, 426);
    const health = await fetch(`${t.url}/health`);
    assert.deepEqual(await health.json(), { status: 'ok' });
    assert.equal((await fetch(`${t.url}/nowhere`)).status, 404);
  });
});
