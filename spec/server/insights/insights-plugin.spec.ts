import assert from 'node:assert/strict';
import { ADMIN_TOKEN, OTHER_SDK_KEY, startTestServer, type TestServer } from '../helpers/test-server';
import { getInsights, postEvents, summary } from './insights-helpers';

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const MINUTE = 60_000;
const DAY = 86_400_000;

describe('insights over a real flag server (POST /bulk → GET /api/environments/:env/insights)', () => {
  let t: TestServer;
  let clock = T0;

  beforeEach(async () => {
    clock = T0;
    t = await startTestServer({ now: () => clock });
  });
  afterEach(() => t.stop());

  /** A known mix: 100 evaluations of `checkout` (30/70), an unknown flag, contexts, custom events. */
  const firstBatch = [
    summary({
      checkout: [
        { variation: 0, version: 1, value: true, count: 30 },
        { variation: 1, version: 1, value: false, count: 70 },
      ],
      ghost: [{ unknown: true, value: 'd', count: 4 }],
    }),
    { kind: 'index', creationDate: T0, context: { kind: 'user', key: 'u1' } },
    { kind: 'index', creationDate: T0, context: { kind: 'user', key: 'u2', _meta: { redactedAttributes: ['email'] } } },
    { kind: 'identify', creationDate: T0, context: { kind: 'multi', user: { key: 'u1' }, org: { key: 'o1' } } },
    { kind: 'custom', creationDate: T0, key: 'purchase', context: { kind: 'user', key: 'u1' }, metricValue: 10 },
    { kind: 'custom', creationDate: T0, key: 'purchase', context: { kind: 'user', key: 'u1' }, metricValue: 20, data: { sku: 'a' } },
    { kind: 'custom', creationDate: T0, key: 'signup', context: { kind: 'user', key: 'u2' } },
    { kind: 'migration_op', creationDate: T0, operation: 'read' },
  ];
  const secondBatch = [
    summary({ checkout: [{ variation: 1, version: 2, value: false, count: 10 }, { version: 2, value: false, count: 2 }] }),
    { kind: 'feature', creationDate: T0, key: 'checkout', variation: 0, value: true, default: false, version: 2, context: { kind: 'user', key: 'u3' } },
  ];
  const expectedContexts = { distinct: 4, estimated: false, byKind: [{ kind: 'org', distinct: 1 }, { kind: 'user', distinct: 3 }] };
  const expectedCustom = [
    { key: 'purchase', count: 2, metricCount: 2, sum: 30, mean: 15 },
    { key: 'signup', count: 1, metricCount: 0, sum: 0, mean: null },
  ];

  async function postKnownMix(): Promise<void> {
    clock = T0 + 5_000;
    assert.equal((await postEvents(t, firstBatch, { payloadId: 'p-1' })).status, 202);
    clock = T0 + MINUTE + 5_000;
    assert.equal((await postEvents(t, secondBatch, { payloadId: 'p-2' })).status, 202);
    clock = T0 + 2 * MINUTE;
  }

  it('reports one flag exactly: totals, variations with values and percentages, series, custom events, contexts', async () => {
    await postKnownMix();
    const { status, json } = await getInsights(t, 'flag=checkout');
    assert.equal(status, 200);
    assert.deepEqual(json, {
      environment: 'production',
      from: clock + 1 - DAY,
      to: clock + 1,
      flag: {
        key: 'checkout',
        defined: true,
        evaluations: 112,
        unknown: 0,
        variations: [
          { variation: 0, value: true, count: 30, percent: 26.79 },
          { variation: 1, value: false, count: 80, percent: 71.43 },
          { variation: null, value: false, count: 2, percent: 1.79 },
        ],
        series: [
          { start: T0, end: T0 + MINUTE, evaluations: 100, unknown: 0, variations: [{ variation: 0, count: 30 }, { variation: 1, count: 70 }] },
          { start: T0 + MINUTE, end: T0 + 2 * MINUTE, evaluations: 12, unknown: 0, variations: [{ variation: 1, count: 10 }, { variation: null, count: 2 }] },
        ],
      },
      customEvents: expectedCustom,
      contexts: expectedContexts,
      dropped: { evaluations: 0, customEvents: 0, contexts: 0 },
    });
  });

  it('summarises every flag without ?flag=: defined ones never evaluated, unknown flags, totals per bucket', async () => {
    await t.admin('PUT', '/api/environments/production/flags/idle', { variations: [1, 2], fallthrough: { variation: 0 } });
    await postKnownMix();
    const { status, json } = await getInsights(t);
    assert.equal(status, 200);
    assert.deepEqual(
      json.flags.map((flag: { key: string; defined: boolean; evaluations: number; unknown: number }) => [flag.key, flag.defined, flag.evaluations, flag.unknown]),
      [
        ['checkout', true, 112, 0],
        ['ghost', false, 0, 4],
        ['idle', true, 0, 0],
      ],
    );
    assert.deepEqual(json.flags[0].variations.map((v: { percent: number }) => v.percent), [26.79, 71.43, 1.79]);
    assert.deepEqual(json.series, [
      { start: T0, end: T0 + MINUTE, evaluations: 104, customEvents: 3 },
      { start: T0 + MINUTE, end: T0 + 2 * MINUTE, evaluations: 12, customEvents: 0 },
    ]);
    assert.deepEqual(json.customEvents, expectedCustom);
    assert.deepEqual(json.contexts, expectedContexts);
    assert.equal(json.flag, undefined);
  });

  it('refuses a bad batch with 400 and the bad paths, counting nothing of it, while a good batch of the same minute counts', async () => {
    clock = T0 + 1_000;
    const bad = await postEvents(t, [
      summary({ checkout: [{ variation: 0, value: true, count: 1000 }] }),
      { kind: 'custom', key: 'purchase', metricValue: 'lots' },
      { kind: 'index', context: { kind: 'user' } },
    ]);
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json, {
      error: 'Invalid event batch',
      issues: ['[1].metricValue: expected number or null, got "lots"', '[2].context.key: expected non-empty string, got nothing'],
    });
    clock = T0 + 2_000;
    assert.equal((await postEvents(t, [summary({ checkout: [{ variation: 1, value: false, count: 3 }] })])).status, 202);

    const { json } = await getInsights(t, 'flag=checkout');
    assert.deepEqual(json.flag.variations, [{ variation: 1, value: false, count: 3, percent: 100 }]);
    assert.deepEqual(json.customEvents, []);
    assert.equal(json.contexts.distinct, 0);
    assert.equal(t.server.events.stats().batches, 1, 'the bad batch is not stored either');
  });

  it('counts a retried payload id once; a refused payload id may be sent again, fixed', async () => {
    const batch = [summary({ checkout: [{ variation: 0, value: true, count: 5 }] })];
    assert.equal((await postEvents(t, batch, { payloadId: 'same' })).status, 202);
    assert.equal((await postEvents(t, batch, { payloadId: 'same' })).status, 202);
    assert.equal((await postEvents(t, [{ kind: 'custom' }], { payloadId: 'fixed-later' })).status, 400);
    assert.equal((await postEvents(t, [{ kind: 'custom', key: 'retried' }], { payloadId: 'fixed-later' })).status, 202);
    assert.equal((await postEvents(t, batch, { payloadId: 'same', sdkKey: OTHER_SDK_KEY })).status, 202, 'ids are per environment');

    const { json } = await getInsights(t, 'flag=checkout');
    assert.equal(json.flag.evaluations, 5);
    assert.deepEqual(json.customEvents, [{ key: 'retried', count: 1, metricCount: 0, sum: 0, mean: null }]);
    assert.equal((await getInsights(t, 'flag=checkout', 'staging')).json.flag.evaluations, 5, 'and the other environment counts its own');
  });

  it('filters by from and to (ms or ISO 8601), bucket by bucket', async () => {
    await postKnownMix();
    const evaluations = async (query: string) => (await getInsights(t, `flag=checkout&${query}`)).json.flag.evaluations;
    assert.equal(await evaluations(`from=${T0 + MINUTE}`), 12);
    assert.equal(await evaluations(`from=${T0}&to=${T0 + MINUTE}`), 100);
    assert.equal(await evaluations(`to=${new Date(T0 + MINUTE).toISOString()}`), 100);
    assert.equal(await evaluations('from=2024-05-01T10:00:30%2B00:00'), 112, 'a bucket partly in the period counts whole');
    assert.equal(await evaluations(`from=${T0 + 2 * MINUTE}`), 0);
    const late = await getInsights(t, `from=${T0 + MINUTE}`);
    assert.deepEqual(late.json.customEvents, [], 'custom events and contexts are filtered too');
    assert.deepEqual(late.json.contexts, { distinct: 1, estimated: false, byKind: [{ kind: 'user', distinct: 1 }] });
  });

  it('sums custom metric values per key, with their mean', async () => {
    const values = [0.5, 1.25, -2, 1e6];
    await postEvents(t, [...values.map((metricValue) => ({ kind: 'custom', key: 'revenue', metricValue })), { kind: 'custom', key: 'revenue' }]);
    await postEvents(t, [{ kind: 'custom', key: 'revenue', metricValue: 0.25 }]);
    const { json } = await getInsights(t);
    assert.deepEqual(json.customEvents, [{ key: 'revenue', count: 6, metricCount: 5, sum: 1_000_000, mean: 200_000 }]);
  });

  it('answers 404 for an unknown environment, 400 for a bad query, 401 without the admin token', async () => {
    const unknown = await getInsights(t, '', 'nope');
    assert.deepEqual(unknown, { status: 404, json: { error: 'Unknown environment "nope"' } });
    const bad = await getInsights(t, 'from=soon&color=red');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json, {
      error: 'Invalid insights query',
      issues: [
        'color: unknown parameter (known: flag, from, to)',
        'from: expected milliseconds since the epoch or an ISO 8601 date (2024-05-01, or 2024-05-01T12:00:00Z with Z or an offset), got "soon"',
      ],
    });
    const anonymous = await fetch(`${t.url}/api/environments/production/insights`);
    assert.equal(anonymous.status, 401);
    const wrong = await fetch(`${t.url}/api/environments/production/insights`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}x` } });
    assert.equal(wrong.status, 401);
  });

  it('can be turned off (insights: false): no route, and only the server’s own batch check', async () => {
    await t.stop();
    t = await startTestServer({ insights: false });
    assert.equal((await postEvents(t, [{ kind: 'custom' }])).status, 202);
    assert.equal((await getInsights(t)).status, 404);
  });
});
