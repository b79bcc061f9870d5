import assert from 'node:assert/strict';
import { NEVER, Observable, Subject, toArray, firstValueFrom } from 'rxjs';
import { createClient } from '../../lib/client/create-client';
import type { FlagstreamClient } from '../../lib/client/flagstream-client';
import type { ContextInput } from '../../lib/context/context-input';
import type { Hook } from '../../lib/client/hook';
import type { DataSource, DataSourceEvent } from '../../lib/data-sources/data-source';
import type { DataSourceStatus } from '../../lib/data-sources/data-source-status';
import { ClientClosedError } from '../../lib/errors/client-closed-error';
import { InitializationFailedError } from '../../lib/errors/initialization-failed-error';
import { InitializationTimeoutError } from '../../lib/errors/initialization-timeout-error';
import { InvalidContextError } from '../../lib/errors/invalid-context-error';
import { TestData } from '../../lib/integrations/test-data/test-data';
import { silentLogger } from '../../lib/logging/logger';

const alice = { kind: 'user', key: 'alice', country: 'NZ' };
const bob = { kind: 'user', key: 'bob', country: 'US' };

/** A data source driven by the spec. */
function manualSource(): DataSource & { events: Subject<DataSourceEvent> } {
  const events = new Subject<DataSourceEvent>();
  return { events, connect: () => events.asObservable() };
}

function collect<T>(source: Observable<T>): T[] {
  const seen: T[] = [];
  source.subscribe((value) => seen.push(value));
  return seen;
}

describe('FlagstreamClient', () => {
  let td: TestData;
  let client: FlagstreamClient;

  beforeEach(async () => {
    td = new TestData();
    await td.update(td.flag('checkout').booleanFlag().variationForUser('alice', true).fallthroughVariation(false));
    await td.update(td.flag('banner').valueForAll('blue'));
    client = createClient({ dataSource: td, logger: silentLogger });
    await client.waitForInitialization({ timeout: 1000 });
  });

  afterEach(() => client.close());

  describe('evaluation', () => {
    it('evaluates synchronously with LaunchDarkly reasons', () => {
      assert.equal(client.variation('checkout', alice, false), true);
      assert.equal(client.variation('checkout', bob, true), false);
      assert.deepEqual(client.variationDetail('checkout', alice, false), { value: true, variationIndex: 0, reason: { kind: 'TARGET_MATCH' } });
      assert.deepEqual(client.variationDetail('checkout', bob, true), { value: false, variationIndex: 1, reason: { kind: 'FALLTHROUGH' } });
    });

    it('returns the default with an error reason instead of throwing', () => {
      assert.deepEqual(client.variationDetail('nope', alice, 'dflt'), { value: 'dflt', variationIndex: null, reason: { kind: 'ERROR', errorKind: 'FLAG_NOT_FOUND' } });
      for (const context of [undefined, null, 42, 'alice', {}, { kind: 'user' }, { kind: 'multi' }, { kind: 'b@d', key: 'x' }]) {
        assert.deepEqual(client.variationDetail('checkout', context as ContextInput, 'dflt'), { value: 'dflt', variationIndex: null, reason: { kind: 'ERROR', errorKind: 'USER_NOT_SPECIFIED' } });
      }
      assert.equal(client.variation(undefined as unknown as string, alice, 'dflt'), 'dflt');
    });

    it('reports a missing default as null on errors, as LaunchDarkly does', () => {
      assert.equal(client.variationDetail('nope', alice, undefined).value, null);
      assert.equal(client.variationDetail('checkout', { kind: 'user' } as ContextInput, undefined).value, null);
    });

    it('checks the type in typed variations', () => {
      assert.equal(client.boolVariation('checkout', alice, false), true);
      assert.equal(client.stringVariation('banner', alice, 'none'), 'blue');
      assert.deepEqual(client.numberVariationDetail('banner', alice, 7), { value: 7, variationIndex: null, reason: { kind: 'ERROR', errorKind: 'WRONG_TYPE' } });
      assert.deepEqual(client.boolVariationDetail('banner', alice, false).reason, { kind: 'ERROR', errorKind: 'WRONG_TYPE' });
      assert.equal(client.jsonVariation('banner', alice, null), 'blue');
    });

    it('accepts legacy users and multi-kind contexts', () => {
      assert.equal(client.variation('checkout', { key: 'alice', custom: { plan: 'pro' } }, false), true);
      assert.equal(client.variation('checkout', { kind: 'multi', user: { key: 'alice' }, org: { key: 'acme' } }, false), true);
    });

    it('runs hooks around evaluations and survives a failing hook', async () => {
      const calls: string[] = [];
      const recorder: Hook = {
        getMetadata: () => ({ name: 'recorder' }),
        beforeEvaluation: (ctx, data) => (calls.push(`before ${ctx.method} ${ctx.flagKey}`), { ...data, started: true }),
        afterEvaluation: (_ctx, data, detail) => (calls.push(`after ${String(data.started)} ${String(detail.value)}`), data),
      };
      const broken: Hook = { getMetadata: () => ({ name: 'broken' }), beforeEvaluation: () => { throw new Error('boom'); } };
      const hooked = createClient({ dataSource: td, logger: silentLogger, hooks: [broken, recorder] });
      try {
        assert.equal(hooked.boolVariation('checkout', alice, false), true);
        assert.deepEqual(calls, ['before boolVariation checkout', 'after true true']);
      } finally {
        await hooked.close();
      }
    });
  });

  describe('variation$', () => {
    it('emits the current value, then only real changes for that context', async () => {
      const forAlice = collect(client.variation$('checkout', alice, false));
      const forBob = collect(client.variation$('checkout', bob, false));
      await td.update(td.flag('banner').valueForAll('red')); // unrelated flag
      await td.update(td.flag('checkout').variationForUser('carol', true)); // changes nobody here
      await td.update(td.flag('checkout').fallthroughVariation(true)); // changes bob only
      assert.deepEqual(forAlice, [true]);
      assert.deepEqual(forBob, [false, true]);
    });

    it('emits details when the reason changes even if the value does not', async () => {
      const seen = collect(client.variationDetail$('checkout', alice, false));
      await td.update(td.flag('checkout').clearAllTargets().fallthroughVariation(true));
      assert.deepEqual(seen.map((d) => d.reason.kind), ['TARGET_MATCH', 'FALLTHROUGH']);
    });

    it('sees changes that arrive through a prerequisite of a prerequisite', async () => {
      await td.usePreconfiguredFlag({ key: 'base', version: 1, on: true, fallthrough: { variation: 0 }, offVariation: 1, variations: [true, false] });
      await td.usePreconfiguredFlag({ key: 'middle', version: 1, on: true, prerequisites: [{ key: 'base', variation: 0 }], fallthrough: { variation: 0 }, offVariation: 1, variations: [true, false] });
      await td.usePreconfiguredFlag({ key: 'top', version: 1, on: true, prerequisites: [{ key: 'middle', variation: 0 }], fallthrough: { variation: 0 }, offVariation: 1, variations: ['on', 'off'] });
      const values = collect(client.variation$('top', alice, 'dflt'));
      const changes = collect(client.flagChanges$);
      await td.usePreconfiguredFlag({ key: 'base', version: 2, on: false, fallthrough: { variation: 0 }, offVariation: 1, variations: [true, false] });
      assert.deepEqual(values, ['on', 'off']);
      assert.deepEqual(changes.map((c) => c.key).sort(), ['base', 'middle', 'top']);
    });

    it('sees changes that arrive through a segment inside a segment', async () => {
      await td.usePreconfiguredSegment({ key: 'inner', version: 1, included: [] });
      await td.usePreconfiguredSegment({ key: 'outer', version: 1, rules: [{ id: 'r', clauses: [{ attribute: '', op: 'segmentMatch', values: ['inner'] }] }] });
      await td.usePreconfiguredFlag({
        key: 'beta', version: 1, on: true, variations: [false, true], offVariation: 0, fallthrough: { variation: 0 },
        rules: [{ id: 'in-outer', variation: 1, clauses: [{ attribute: '', op: 'segmentMatch', values: ['outer'] }] }],
      });
      const values = collect(client.variation$('beta', alice, false));
      await td.usePreconfiguredSegment({ key: 'inner', version: 2, included: ['alice'] });
      assert.deepEqual(values, [false, true]);
    });

    it('keeps thousands of subscriptions cheap: an update re-evaluates only the affected ones', async () => {
      let evaluations = 0;
      // Each context counts its evaluations: `kind` is read once per evaluation.
      const counted = (key: string) => Object.defineProperty({ key }, 'kind', { enumerable: true, get: () => (evaluations++, 'user') });
      const seen: boolean[] = [];
      for (let i = 0; i < 2000; i++) client.variation$('checkout', counted(`u${i}`), true).subscribe((v) => seen.push(v));
      assert.equal(seen.length, 2000);
      evaluations = 0;
      await td.update(td.flag('banner').valueForAll('green'));
      assert.equal(evaluations, 0, 'an unrelated update re-evaluates nothing');
      await td.update(td.flag('checkout').variationForUser('u7', true).fallthroughVariation(false));
      assert.ok(evaluations >= 2000 && evaluations <= 2001, `${evaluations} evaluations: each subscription once, plus the one emission recorded`);
      assert.equal(seen.length, 2001);
      assert.equal(seen[2000], true);
    });

    it('subscribed while initializing, waits for the first data before its first emission (errors meanwhile do not count)', async () => {
      const source = manualSource();
      const late = createClient({ dataSource: source, logger: silentLogger });
      const seen: string[] = [];
      let completed = false;
      late.variation$('f', alice, 'dflt').subscribe({ next: (v) => seen.push(String(v)), complete: () => (completed = true) });
      assert.deepEqual([...seen], [], 'no default while initializing');
      source.events.next({ type: 'status', state: 'INTERRUPTED', error: { kind: 'NETWORK_ERROR', message: 'refused', time: 1 } });
      assert.deepEqual([...seen], [], 'a retried failure is not the end of initialization');
      source.events.next({ type: 'put', data: { flags: { f: { key: 'f', version: 1, on: true, fallthrough: { variation: 0 }, variations: ['live'] } }, segments: {} } });
      assert.deepEqual(seen, ['live']);
      late.variation$('f', alice, 'dflt').subscribe((v) => seen.push(`second ${String(v)}`));
      assert.deepEqual(seen, ['live', 'second live'], 'once initialized it emits at once');
      await late.close();
      assert.equal(completed, true);
    });

    it('emits the default first when the source stops for good, or the client closes, before any data', async () => {
      const source = manualSource();
      const failing = createClient({ dataSource: source, logger: silentLogger });
      const seen: string[] = [];
      failing.variation$('f', alice, 'dflt').subscribe((v) => seen.push(String(v)));
      source.events.next({ type: 'status', state: 'OFF', error: { kind: 'ERROR_RESPONSE', statusCode: 401, message: '401', time: 1 } });
      assert.deepEqual(seen, ['dflt']);
      failing.variation$('f', alice, 'later').subscribe((v) => seen.push(String(v)));
      assert.deepEqual(seen, ['dflt', 'later'], 'after OFF it emits at once');
      await failing.close();

      const pending = createClient({ dataSource: { connect: () => NEVER }, logger: silentLogger });
      const events: string[] = [];
      pending.variation$('f', alice, 'dflt').subscribe({ next: (v) => events.push(String(v)), complete: () => events.push('complete') });
      assert.deepEqual([...events], []);
      await pending.close();
      assert.deepEqual(events, ['dflt', 'complete']);

      const offline = createClient({ offline: true, logger: silentLogger });
      const values: string[] = [];
      offline.variation$('f', alice, 'dflt').subscribe((v) => values.push(String(v)));
      assert.deepEqual(values, ['dflt'], 'offline: at once');
      await offline.close();
    });
  });

  describe('status and initialization', () => {
    it('replays the status and ends OFF on close', async () => {
      const statuses = firstValueFrom(client.status$.pipe(toArray()));
      await client.close();
      const states = (await statuses).map((s: DataSourceStatus) => s.state);
      assert.deepEqual(states, ['VALID', 'OFF']);
    });

    it('warns about evaluations before initialization once, but not about variation$ subscriptions', async () => {
      const warnings: string[] = [];
      const pending = createClient({ dataSource: { connect: () => NEVER }, logger: { ...silentLogger, warn: (m: string) => void warnings.push(m) } });
      pending.variation$('checkout', alice, false).subscribe();
      assert.deepEqual(warnings, []);
      pending.variation('checkout', alice, false);
      pending.variation('other', alice, false);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /called before the client was initialized/);
      await pending.close();
    });

    it('is not ready before the first data: defaults with CLIENT_NOT_READY', () => {
      const pending = createClient({ dataSource: { connect: () => NEVER }, logger: silentLogger });
      assert.deepEqual(pending.variationDetail('checkout', alice, 'dflt'), { value: 'dflt', variationIndex: null, reason: { kind: 'ERROR', errorKind: 'CLIENT_NOT_READY' } });
      assert.equal(pending.allFlagsState(alice).valid, false);
      return pending.close();
    });

    it('rejects waitForInitialization on timeout with a typed error', async () => {
      const pending = createClient({ dataSource: { connect: () => NEVER }, logger: silentLogger });
      await assert.rejects(pending.waitForInitialization({ timeout: 20 }), InitializationTimeoutError);
      await pending.close();
    });

    it('rejects waitForInitialization when the source stops for good', async () => {
      const source = manualSource();
      const refused = createClient({ dataSource: source, logger: silentLogger });
      const waiting = refused.waitForInitialization({ timeout: 1000 });
      source.events.next({ type: 'status', state: 'OFF', error: { kind: 'ERROR_RESPONSE', statusCode: 401, message: 'SDK key refused', time: 1 } });
      await assert.rejects(waiting, (error: unknown) => error instanceof InitializationFailedError && /SDK key refused/.test(error.message));
      await refused.close();
    });

    it('rejects a pending waitForInitialization when closed', async () => {
      const pending = createClient({ dataSource: { connect: () => NEVER }, logger: silentLogger });
      const waiting = pending.waitForInitialization({ timeout: 1000 });
      await pending.close();
      await assert.rejects(waiting, ClientClosedError);
      await assert.rejects(pending.waitForInitialization({ timeout: 10 }), ClientClosedError);
    });

    it('keeps the previous data when an update cannot be applied', async () => {
      const source = manualSource();
      const guarded = createClient({ dataSource: source, logger: silentLogger });
      source.events.next({ type: 'put', data: { flags: { f: { key: 'f', version: 1, on: true, fallthrough: { variation: 0 }, variations: [1] } }, segments: {} } });
      source.events.next({ type: 'patch', kind: 'flags', data: { key: 'f', version: 0, on: true, fallthrough: { variation: 0 }, variations: [2] } });
      source.events.next({ type: 'delete', kind: 'flags', key: 'f', version: 1 });
      assert.equal(guarded.variation('f', alice, 0), 1);
      await guarded.close();
    });
  });

  describe('offline mode', () => {
    it('serves defaults, is OFF and resolves waitForInitialization at once', async () => {
      const offline = createClient({ offline: true, logger: silentLogger });
      assert.equal(await offline.waitForInitialization({ timeout: 10 }), offline);
      assert.deepEqual(offline.variationDetail('checkout', alice, 'dflt').reason, { kind: 'ERROR', errorKind: 'CLIENT_NOT_READY' });
      assert.equal((await firstValueFrom(offline.status$)).state, 'OFF');
      await offline.close();
    });
  });

  describe('allFlagsState', () => {
    it('has LaunchDarkly JSON shape', async () => {
      await td.usePreconfiguredFlag({
        key: 'tracked', version: 4, on: true, trackEvents: true, fallthrough: { variation: 1 }, variations: ['a', 'b'],
        clientSideAvailability: { usingEnvironmentId: true, usingMobileKey: false },
      });
      const state = client.allFlagsState(alice, { withReasons: true });
      assert.equal(state.valid, true);
      const json = state.toJSON() as Record<string, unknown>;
      assert.equal(json.checkout, true);
      assert.equal(json.tracked, 'b');
      assert.equal(json.$valid, true);
      const meta = json.$flagsState as Record<string, Record<string, unknown>>;
      assert.deepEqual(meta.tracked, { variation: 1, version: 4, reason: { kind: 'FALLTHROUGH' }, trackEvents: true });
      assert.deepEqual(state.getFlagReason('checkout'), { kind: 'TARGET_MATCH' });
      assert.deepEqual(Object.keys(client.allFlagsState(alice, { clientSideOnly: true }).allValues()), ['tracked']);
      const details = client.allFlagsState(alice, { withReasons: true, detailsOnlyForTrackedFlags: true }).toJSON() as Record<string, Record<string, unknown>>;
      assert.deepEqual(details.$flagsState.checkout, { variation: 0 });
      assert.deepEqual(client.allFlagsState({ kind: 'multi' }).toJSON(), { $flagsState: {}, $valid: false });
    });
  });

  describe('bound user', () => {
    it('evaluates lazily for one context', async () => {
      const user = client.user(alice);
      assert.equal(user.canAccess('checkout'), true);
      assert.equal(user.canAccess('banner'), false);
      assert.equal(user.canAccess('missing'), false);
      assert.equal(user.variation('banner', 'none'), 'blue');
      assert.equal(user.variationDetail('checkout', false).reason.kind, 'TARGET_MATCH');
      const seen = collect(client.user(bob).variation$('checkout', false));
      await td.update(td.flag('checkout').fallthroughVariation(true));
      assert.deepEqual(seen, [false, true]);
    });
  });

  describe('secureModeHash', () => {
    it('is the hex HMAC-SHA256 of the canonical key with the SDK key', async () => {
      const keyed = createClient({ sdkKey: 'secret', dataSource: td, sendEvents: false, logger: silentLogger });
      assert.equal(keyed.secureModeHash({ key: 'Message' }), 'aa747c502a898200f9e4fa21bac68136f886a0e27aec70ba06daf2e2a5cb5597');
      assert.notEqual(keyed.secureModeHash({ kind: 'org', key: 'Message' }), keyed.secureModeHash({ key: 'Message' }));
      assert.throws(() => keyed.secureModeHash({ kind: 'user' } as ContextInput), InvalidContextError);
      await keyed.close();
    });
  });

  describe('close', () => {
    it('is idempotent and completes every Observable', async () => {
      let completed = 0;
      client.flagChanges$.subscribe({ complete: () => completed++ });
      client.status$.subscribe({ complete: () => completed++ });
      const first = client.close();
      assert.equal(client.close(), first);
      await first;
      assert.equal(completed, 2);
      assert.equal(client.variationDetail('checkout', alice, 'dflt').reason.kind, 'ERROR');
    });
  });
});
