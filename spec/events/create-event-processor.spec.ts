import assert from 'node:assert/strict';
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { createEventProcessor, type EventProcessorOptions, nullEventProcessor } from '../../lib/events/create-event-processor';
import type { EventProcessor } from '../../lib/events/event-processor';
import type { EventsFetch } from '../../lib/events/event-sender';
import type { Flag } from '../../lib/model/flag';
import { BulkServer, SDK_KEY } from './helpers/bulk-server';
import { CaptureLogger } from './helpers/capture-logger';
import { ctx, evaluation, ManualClock } from './helpers/fixtures';

describe('createEventProcessor: event shapes (over a real HTTP server)', () => {
  let server: BulkServer;
  let clock: ManualClock;
  let logger: CaptureLogger;
  let processors: EventProcessor[];

  beforeEach(async () => {
    server = await BulkServer.start();
    clock = new ManualClock();
    logger = new CaptureLogger();
    processors = [];
  });

  afterEach(async () => {
    await Promise.all(processors.map((p) => p.close()));
    await server.stop();
  });

  function processor(extra: Partial<EventProcessorOptions> = {}): EventProcessor {
    const p = createEventProcessor({ sdkKey: SDK_KEY, eventsUri: server.uri, flushInterval: 60_000, scheduler: clock.scheduler, logger, retryDelay: 10, ...extra });
    processors.push(p);
    return p;
  }

  /** Flushes and returns the events of the single new payload. */
  async function flushed(p: EventProcessor): Promise<Array<Record<string, unknown>>> {
    const before = server.posts.length;
    await p.flush();
    assert.equal(server.posts.length, before + 1, 'one payload per flush');
    return server.posts[before].events;
  }

  const user = { kind: 'user', key: 'u1', name: 'Ann' };
  const org = { kind: 'org', key: 'o1' };

  it('posts exact summary counters for a known mix: versions, unknown flags, no-variation results, excludeFromSummaries', async () => {
    const p = processor();
    const f3: Flag = { key: 'f', version: 3, variations: ['red', 'green', 'blue'] };
    const f4: Flag = { ...f3, version: 4 };
    const excluded: Flag = { key: 'hidden', version: 1, variations: [1, 2], excludeFromSummaries: true };
    const start = clock.time;
    for (let i = 0; i < 4; i++) evaluation(p, 'f', f3, ctx(user), { variation: 1, defaultValue: 'none' });
    evaluation(p, 'f', f3, ctx(org), { variation: 2, defaultValue: 'none' });
    clock.time += 100;
    evaluation(p, 'f', f4, ctx(user), { variation: 1, defaultValue: 'none' });
    evaluation(p, 'f', f4, ctx(user), { variation: null, defaultValue: 'none', reason: { kind: 'OFF' } });
    evaluation(p, 'nope', undefined, ctx(user), { defaultValue: 42 });
    evaluation(p, 'nope', undefined, ctx(user), { defaultValue: 42 });
    evaluation(p, 'hidden', excluded, ctx(user));
    clock.time += 50;
    const events = await flushed(p);
    assert.deepEqual(events, [
      { kind: 'index', creationDate: start, context: user },
      { kind: 'index', creationDate: start, context: org },
      {
        kind: 'summary',
        startDate: start,
        endDate: start + 150,
        features: {
          f: {
            default: 'none',
            contextKinds: ['user', 'org'],
            counters: [
              { variation: 1, version: 3, value: 'green', count: 4 },
              { variation: 2, version: 3, value: 'blue', count: 1 },
              { variation: 1, version: 4, value: 'green', count: 1 },
              { version: 4, value: 'none', count: 1 },
            ],
          },
          nope: { default: 42, contextKinds: ['user'], counters: [{ unknown: true, value: 42, count: 2 }] },
        },
      },
    ]);
    assert.deepEqual(await flushed(p).catch(() => 'no payload'), 'no payload', 'the summary was reset');
  });

  it('sends full feature events only for tracked flags and experiments, with the reason when asked or in an experiment', async () => {
    const p = processor();
    const tracked: Flag = { key: 'tracked', version: 7, variations: ['a', 'b'], trackEvents: true };
    const plain: Flag = { key: 'plain', version: 1, variations: ['x', 'y'] };
    const ruleExperiment: Flag = { key: 'rule-exp', version: 2, variations: [0, 1], rules: [{ id: 'r0', trackEvents: true }] };
    const rolloutExperiment: Flag = { key: 'rollout-exp', version: 5, variations: [false, true] };
    const t = clock.time;
    evaluation(p, 'tracked', tracked, ctx(user), { variation: 1, defaultValue: 'z' });
    evaluation(p, 'tracked', tracked, ctx(user), { variation: 0, defaultValue: 'z', withReason: true, reason: { kind: 'TARGET_MATCH' } });
    evaluation(p, 'plain', plain, ctx(user), { withReason: true });
    evaluation(p, 'rule-exp', ruleExperiment, ctx(user), { variation: 1, defaultValue: 0, reason: { kind: 'RULE_MATCH', ruleIndex: 0, ruleId: 'r0' } });
    evaluation(p, 'rollout-exp', rolloutExperiment, ctx(user), { variation: 1, defaultValue: false, reason: { kind: 'FALLTHROUGH', inExperiment: true } });
    const events = (await flushed(p)).filter((e) => e.kind === 'feature');
    assert.deepEqual(events, [
      { kind: 'feature', creationDate: t, context: user, key: 'tracked', value: 'b', default: 'z', variation: 1, version: 7 },
      { kind: 'feature', creationDate: t, context: user, key: 'tracked', value: 'a', default: 'z', variation: 0, version: 7, reason: { kind: 'TARGET_MATCH' } },
      { kind: 'feature', creationDate: t, context: user, key: 'rule-exp', value: 1, default: 0, variation: 1, version: 2, reason: { kind: 'RULE_MATCH', ruleIndex: 0, ruleId: 'r0' } },
      { kind: 'feature', creationDate: t, context: user, key: 'rollout-exp', value: true, default: false, variation: 1, version: 5, reason: { kind: 'FALLTHROUGH', inExperiment: true } },
    ]);
  });

  it('sends the same full events on every call for deep-frozen flags (as the store holds them), also for another object of the same key and version', async () => {
    const p = processor();
    const deepFreeze = (flag: Flag): Flag => Object.freeze({ ...flag, variations: Object.freeze([...(flag.variations ?? [])]), rules: flag.rules ? Object.freeze(flag.rules.map((r) => Object.freeze({ ...r }))) : undefined }) as Flag;
    const tracked = deepFreeze({ key: 'tracked', version: 7, variations: ['a', 'b'], trackEvents: true });
    const plain = deepFreeze({ key: 'plain', version: 1, variations: ['x', 'y'] });
    const ruleExperiment = deepFreeze({ key: 'rule-exp', version: 2, variations: [0, 1], rules: [{ id: 'r0', trackEvents: true }] });
    const rolloutExperiment = deepFreeze({ key: 'rollout-exp', version: 5, variations: [false, true] });
    const sameVersionUntracked = deepFreeze({ key: 'tracked', version: 7, variations: ['a', 'b'] });
    const t = clock.time;
    for (let round = 0; round < 3; round++) {
      evaluation(p, 'plain', plain, ctx(user), { variation: 1 });
      evaluation(p, 'tracked', tracked, ctx(user), { variation: 1, defaultValue: 'z' });
      evaluation(p, 'rule-exp', ruleExperiment, ctx(user), { variation: 0, reason: { kind: 'FALLTHROUGH' } });
      evaluation(p, 'rule-exp', ruleExperiment, ctx(user), { variation: 1, reason: { kind: 'RULE_MATCH', ruleIndex: 0, ruleId: 'r0' } });
      evaluation(p, 'rollout-exp', rolloutExperiment, ctx(user), { variation: 1, reason: { kind: 'FALLTHROUGH' } });
      evaluation(p, 'rollout-exp', rolloutExperiment, ctx(user), { variation: 0, reason: { kind: 'FALLTHROUGH', inExperiment: true } });
    }
    evaluation(p, 'tracked', sameVersionUntracked, ctx(user), { variation: 0, defaultValue: 'z' });
    const events = await flushed(p);
    const features = events.filter((e) => e.kind === 'feature').map((e) => `${String(e.key)}:${String(e.variation)}${e.reason ? ':reason' : ''}`);
    const perRound = ['tracked:1', 'rule-exp:1:reason', 'rollout-exp:0:reason'];
    assert.deepEqual(features, [...perRound, ...perRound, ...perRound]);
    const summary = events.find((e) => e.kind === 'summary') as { features: Record<string, { counters: Array<{ count: number }> }> };
    assert.deepEqual(
      Object.fromEntries(Object.entries(summary.features).map(([k, f]) => [k, f.counters.reduce((n, c) => n + c.count, 0)])),
      { plain: 3, tracked: 4, 'rule-exp': 6, 'rollout-exp': 6 },
    );
    assert.equal(events.filter((e) => e.kind === 'index').length, 1);
    assert.equal(events[0].creationDate, t);
  });

  it('sends prerequisite evaluations with prereqOf, and a feature event without variation when the default was served', async () => {
    const p = processor();
    const prereq: Flag = { key: 'base', version: 9, variations: [true, false], trackEvents: true };
    const top: Flag = { key: 'top', version: 1, variations: ['on', 'off'], trackEvents: true, offVariation: undefined };
    evaluation(p, 'base', prereq, ctx(user), { variation: 1, defaultValue: null, prereqOf: 'top', withReason: true });
    evaluation(p, 'top', top, ctx(user), { variation: null, defaultValue: 'dflt', reason: { kind: 'PREREQUISITE_FAILED', prerequisiteKey: 'base' } });
    const features = (await flushed(p)).filter((e) => e.kind === 'feature');
    assert.deepEqual(features, [
      { kind: 'feature', creationDate: clock.time, context: user, key: 'base', value: false, default: null, variation: 1, version: 9, reason: { kind: 'FALLTHROUGH' }, prereqOf: 'top' },
      { kind: 'feature', creationDate: clock.time, context: user, key: 'top', value: 'dflt', default: 'dflt', version: 1 },
    ]);
  });

  it('samples feature events 1 in samplingRatio (field present only when ≠ 1), never index events or the summary', async () => {
    const draws = [0.1, 0.9, 0.2, 0.7];
    const p = processor({ random: () => draws.shift() ?? 0.99 });
    const halved: Flag = { key: 'halved', version: 1, variations: [1], trackEvents: true, samplingRatio: 2 };
    const one: Flag = { key: 'one', version: 1, variations: [1], trackEvents: true, samplingRatio: 1 };
    const none: Flag = { key: 'none', version: 1, variations: [1], trackEvents: true, samplingRatio: 0 };
    for (let i = 0; i < 4; i++) evaluation(p, 'halved', halved, ctx({ kind: 'user', key: `u${i}` }));
    evaluation(p, 'one', one, ctx(user));
    evaluation(p, 'none', none, ctx(org));
    const events = await flushed(p);
    const features = events.filter((e) => e.kind === 'feature');
    assert.deepEqual(features.map((e) => [e.key, (e.context as { key: string }).key, e.samplingRatio]), [
      ['halved', 'u0', 2],
      ['halved', 'u2', 2],
      ['one', 'u1', undefined],
    ]);
    assert.ok(!('samplingRatio' in features[2]));
    // u0…u3 and o1 (the `one` evaluation reuses u1): every distinct context is indexed.
    assert.equal(events.filter((e) => e.kind === 'index').length, 5, 'index events are not sampled');
    const summary = events.at(-1)!;
    assert.deepEqual(Object.keys(summary.features as object), ['halved', 'one', 'none'], 'every evaluation is summarized');
  });

  it('sends debug events while debugEventsUntilDate is later than now and the server clock, with anonymous attributes kept', async () => {
    const p = processor();
    const anonymous = { kind: 'user', key: 'anon', anonymous: true, name: 'Guest', email: 'g@x' };
    const debugged: Flag = { key: 'dbg', version: 2, variations: ['a'], trackEvents: true, debugEventsUntilDate: clock.time + 60_000 };
    const expired: Flag = { key: 'old', version: 2, variations: ['a'], debugEventsUntilDate: clock.time - 1 };
    evaluation(p, 'dbg', debugged, ctx(anonymous), { defaultValue: 'd' });
    evaluation(p, 'old', expired, ctx(anonymous), { defaultValue: 'd' });
    const events = (await flushed(p)).filter((e) => e.kind !== 'summary');
    const t = clock.time;
    assert.deepEqual(events, [
      { kind: 'index', creationDate: t, context: anonymous },
      {
        kind: 'feature',
        creationDate: t,
        context: { kind: 'user', key: 'anon', anonymous: true, _meta: { redactedAttributes: ['email', 'name'] } },
        key: 'dbg',
        value: 'a',
        default: 'd',
        variation: 0,
        version: 2,
      },
      { kind: 'debug', creationDate: t, context: anonymous, key: 'dbg', value: 'a', default: 'd', variation: 0, version: 2 },
    ]);
  });

  it("stops debug events once the server's Date is past debugEventsUntilDate, even if the local clock is behind", async () => {
    const p = processor();
    const until = clock.time + 60_000;
    const debugged: Flag = { key: 'dbg', version: 1, variations: ['a'], debugEventsUntilDate: until };
    server.dateHeader = new Date(until + 1_000).toUTCString();
    evaluation(p, 'dbg', debugged, ctx(user));
    assert.equal((await flushed(p)).filter((e) => e.kind === 'debug').length, 1);
    evaluation(p, 'dbg', debugged, ctx(user));
    assert.equal((await flushed(p)).filter((e) => e.kind === 'debug').length, 0);
  });

  it('sends custom and identify events; identify marks the context as seen (no index event)', async () => {
    const p = processor();
    const t = clock.time;
    p.recordIdentify(ctx(user));
    p.recordCustom('checkout', ctx(user), { cart: [1, 2] }, 59.9);
    p.recordCustom('clicked', ctx(org));
    p.recordCustom('bad-metric', ctx(org), null, Number.NaN);
    evaluation(p, 'f', { key: 'f', version: 1, variations: [1] }, ctx(user));
    const events = (await flushed(p)).filter((e) => e.kind !== 'summary');
    assert.deepEqual(events, [
      { kind: 'identify', creationDate: t, context: user },
      { kind: 'custom', creationDate: t, key: 'checkout', context: user, data: { cart: [1, 2] }, metricValue: 59.9 },
      { kind: 'index', creationDate: t, context: org },
      { kind: 'custom', creationDate: t, key: 'clicked', context: org },
      { kind: 'custom', creationDate: t, key: 'bad-metric', context: org, data: null },
    ]);
  });

  it('sends an index event once per context until contextKeysFlushInterval passes (virtual time)', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
    const bodies: Array<Array<Record<string, unknown>>> = [];
    const fetch: EventsFetch = (_url, init) => {
      bodies.push(JSON.parse(String(init.body)) as Array<Record<string, unknown>>);
      return Promise.resolve({ status: 202, headers: { get: () => null } });
    };
    const p = processor({ scheduler, fetch, contextKeysFlushInterval: 1_000, requestTimeout: 0 });
    const flag: Flag = { key: 'f', version: 1, variations: [1] };
    const indexKeys = (events: Array<Record<string, unknown>>) => events.filter((e) => e.kind === 'index').map((e) => JSON.stringify(e.context));
    evaluation(p, 'f', flag, ctx(user));
    evaluation(p, 'f', flag, ctx({ ...user }));
    evaluation(p, 'f', flag, ctx({ kind: 'multi', user: { key: 'u1' }, org: { key: 'o1' } }));
    await p.flush();
    assert.deepEqual(indexKeys(bodies[0]), [JSON.stringify(user), '{"kind":"multi","user":{"key":"u1"},"org":{"key":"o1"}}']);
    scheduler.maxFrames = 999;
    scheduler.flush();
    evaluation(p, 'f', flag, ctx(user));
    scheduler.maxFrames = 1_000;
    scheduler.flush();
    evaluation(p, 'f', flag, ctx(user));
    evaluation(p, 'f', flag, ctx(user));
    await p.flush();
    assert.deepEqual(indexKeys(bodies[1]), [JSON.stringify(user)], 'indexed again only after the interval');
    await p.close();
    assert.equal(scheduler.actions.length, 0);
  });

  it('redacts private attributes in every event kind: config-level, nested, per-context, legacy privateAttributeNames', async () => {
    const p = processor({ privateAttributes: ['email', '/address/city'] });
    const person = { kind: 'user', key: 'p', email: 'p@x', address: { city: 'Oslo', zip: '1' }, _meta: { privateAttributes: ['phone'] }, phone: '123' };
    const legacy = { key: 'legacy', email: 'l@x', custom: { ssn: '000', team: 'a' }, privateAttributeNames: ['ssn'] };
    const tracked: Flag = { key: 't', version: 1, variations: [1], trackEvents: true };
    evaluation(p, 't', tracked, ctx(person));
    p.recordCustom('c', ctx(person));
    p.recordIdentify(ctx(legacy));
    evaluation(p, 't', tracked, ctx(legacy));
    const expectedPerson = { kind: 'user', key: 'p', address: { zip: '1' }, _meta: { redactedAttributes: ['/address/city', 'email', 'phone'] } };
    const expectedLegacy = { team: 'a', kind: 'user', key: 'legacy', _meta: { redactedAttributes: ['email', 'ssn'] } };
    const contexts = (await flushed(p)).filter((e) => e.kind !== 'summary').map((e) => [e.kind, e.context]);
    assert.deepEqual(contexts, [
      ['index', expectedPerson],
      ['feature', expectedPerson],
      ['custom', expectedPerson],
      ['identify', expectedLegacy],
      ['feature', expectedLegacy],
    ]);
  });

  it('allAttributesPrivate applies to every event kind', async () => {
    const p = processor({ allAttributesPrivate: true });
    p.recordCustom('c', ctx({ kind: 'org', key: 'o', name: 'Acme', size: 3 }));
    const contexts = (await flushed(p)).map((e) => e.context);
    const expected = { kind: 'org', key: 'o', _meta: { redactedAttributes: ['name', 'size'] } };
    assert.deepEqual(contexts, [expected, expected]);
  });

  it('gzips payloads end to end when asked', async () => {
    const p = processor({ gzip: true });
    p.recordCustom('c', ctx(user));
    await p.flush();
    assert.equal(server.posts[0].headers['content-encoding'], 'gzip');
    assert.deepEqual(server.posts[0].events.map((e) => e.kind), ['index', 'custom']);
  });

  it('keeps an event whose data cannot be serialized from breaking the payload', async () => {
    const p = processor();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    p.recordCustom('cyclic', ctx(user), cyclic);
    p.recordCustom('big', ctx(user), { n: 1n });
    const events = (await flushed(p)).filter((e) => e.kind === 'custom');
    assert.deepEqual(events.map((e) => e.data), [{ a: 1 }, {}]);
  });

  it('rejects invalid options with InvalidOptionError', () => {
    const base = { sdkKey: SDK_KEY, eventsUri: server.uri };
    assert.throws(() => createEventProcessor({ ...base, capacity: 0 }), { name: 'InvalidOptionError', message: /'capacity'.*whole number ≥ 1/ });
    assert.throws(() => createEventProcessor({ ...base, flushInterval: 1.5 }), { name: 'InvalidOptionError' });
    assert.throws(() => createEventProcessor({ ...base, eventsUri: 'ftp://x' }), { name: 'InvalidOptionError', message: /eventsUri/ });
    assert.throws(() => createEventProcessor({ ...base, privateAttributes: [3] as unknown as string[] }), { name: 'InvalidOptionError' });
  });

  it('nullEventProcessor does nothing', async () => {
    nullEventProcessor.recordEvaluation({ flagKey: 'f', flag: undefined, context: ctx(user), detail: { value: 1, variationIndex: null, reason: { kind: 'OFF' } }, defaultValue: 1, withReason: false });
    nullEventProcessor.recordCustom('c', ctx(user));
    nullEventProcessor.recordIdentify(ctx(user));
    await nullEventProcessor.flush();
    await nullEventProcessor.close();
    assert.equal(server.posts.length, 0);
  });
});
