import assert from 'node:assert/strict';
import { openStream } from '../helpers/stream-client';
import { ADMIN_TOKEN, SDK_KEY, startTestServer, type TestServer } from '../helpers/test-server';

// The parser has no type declarations: it turns Prometheus text into prom2json-shaped families.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parsePrometheus = require('parse-prometheus-text-format') as (text: string) => MetricFamily[];

interface MetricFamily {
  readonly name: string;
  readonly type: string;
  readonly metrics: { readonly value?: string; readonly labels?: Record<string, string>; readonly count?: string; readonly buckets?: Record<string, string> }[];
}

function sample(families: MetricFamily[], name: string, labels: Record<string, string>): number | undefined {
  const family = families.find((f) => f.name === name);
  const metric = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (metric === undefined) return undefined;
  return Number(metric.value ?? metric.count);
}

describe('flag server: /health, /ready and /metrics', () => {
  let t: TestServer;
  beforeEach(async () => (t = await startTestServer()));
  afterEach(() => t.stop());

  it('answers /health and /ready without a token', async () => {
    const health = await fetch(`${t.url}/health`);
    assert.deepEqual([health.status, await health.json()], [200, { status: 'ok' }]);
    const ready = await fetch(`${t.url}/ready`);
    assert.deepEqual([ready.status, await ready.json()], [200, { status: 'ready' }]);
  });

  it('serves Prometheus text that a Prometheus parser reads, counting what happened', async () => {
    const stream = await openStream(t.url, SDK_KEY);
    await stream.next();
    assert.equal((await t.admin('PATCH', '/api/environments/production/flags/checkout', { instructions: [{ kind: 'turnFlagOff' }] })).status, 200);
    assert.equal((await t.admin('GET', '/api/environments/production/flags/nope')).status, 404);
    assert.equal((await fetch(`${t.url}/api/environments`, { headers: { Authorization: 'Bearer wrong-wrong-wrong' } })).status, 401);
    assert.equal((await fetch(`${t.url}/sdk/latest-all`, { headers: { Authorization: 'sdk-unknown-key' } })).status, 401);
    const post = (body: string) => fetch(`${t.url}/bulk`, { method: 'POST', headers: { Authorization: SDK_KEY, 'Content-Type': 'application/json' }, body });
    assert.equal((await post('[{"kind":"identify","creationDate":1,"context":{"kind":"user","key":"u"}}]')).status, 202);
    assert.equal((await post('{"not":"an array"}')).status, 400);

    const response = await fetch(`${t.url}/metrics`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await response.text();
    const families = parsePrometheus(text);
    assert.equal(sample(families, 'flagstream_stream_connections', { environment: 'production' }), 1);
    assert.equal(sample(families, 'flagstream_stream_connections', { environment: 'staging' }), 0);
    assert.equal(sample(families, 'flagstream_changes_applied_total', { environment: 'production', kind: 'flags' }), 1);
    assert.equal(sample(families, 'flagstream_auth_failures_total', { credential: 'admin' }), 1);
    assert.equal(sample(families, 'flagstream_auth_failures_total', { credential: 'sdk' }), 1);
    assert.equal(sample(families, 'flagstream_event_batches_total', { outcome: 'accepted' }), 1);
    assert.equal(sample(families, 'flagstream_event_batches_total', { outcome: 'refused' }), 1);
    const route = '/api/environments/:env/flags/:key';
    assert.equal(sample(families, 'flagstream_admin_requests_total', { method: 'PATCH', route, status: '200' }), 1);
    assert.equal(sample(families, 'flagstream_admin_requests_total', { method: 'GET', route, status: '404' }), 1);
    assert.equal(sample(families, 'flagstream_admin_requests_total', { method: 'GET', route: '/api/environments', status: '401' }), 1);
    assert.equal(families.find((f) => f.name === 'flagstream_admin_request_duration_seconds')?.type, 'HISTOGRAM');
    const store = families.find((f) => f.name === 'flagstream_store_operation_duration_seconds');
    assert.equal(store?.type, 'HISTOGRAM');
    // (this parser keeps no labels on histogram samples, so the count is read from the text)
    const writes = /^flagstream_store_operation_duration_seconds_count\{operation="writeItem"\} (\d+)$/m.exec(text);
    assert.ok(writes !== null && Number(writes[1]) >= 1, 'the store write was timed');
    stream.ws.terminate();
  });

  it('protects /metrics like the admin API', async () => {
    assert.equal((await fetch(`${t.url}/metrics`)).status, 401);
  });
});
