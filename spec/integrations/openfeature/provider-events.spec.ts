import assert from 'node:assert/strict';
import { ErrorCode, type EventDetails, OpenFeature, ProviderEvents, ProviderStatus } from '@openfeature/server-sdk';
import { Subject } from 'rxjs';
import type { DataSourceStatus } from '../../../lib/data-sources/data-source-status';
import { FlagstreamProvider } from '../../../lib/integrations/openfeature';
import { silentLogger } from '../../../lib/logging/logger';
import { ProviderStatusEvents, type StatusEvent } from '../../../lib/integrations/openfeature/provider-status-events';
import { pollUntil } from '../../helpers/poll-until';
import { streamingClient } from '../../e2e/helpers/e2e-client';
import { ENVIRONMENT, UNKNOWN_SDK_KEY, flag } from '../../e2e/helpers/e2e-data';
import { E2eServer } from '../../e2e/helpers/e2e-server';

/** Records the provider events of one OpenFeature domain as `TYPE` or `TYPE:key,key` strings. */
function recordEvents(domain: string): string[] {
  const seen: string[] = [];
  const client = OpenFeature.getClient(domain);
  const on = (type: ProviderEvents, name: string) =>
    client.addHandler(type, (details?: EventDetails) => {
      const keys = details && 'flagsChanged' in details && details.flagsChanged ? `:${[...(details.flagsChanged as string[])].sort().join(',')}` : '';
      const code = details && 'errorCode' in details && details.errorCode ? `:${details.errorCode}` : '';
      seen.push(`${name}${keys}${code}`);
    });
  on(ProviderEvents.Ready, 'READY');
  on(ProviderEvents.Stale, 'STALE');
  on(ProviderEvents.Error, 'ERROR');
  on(ProviderEvents.ConfigurationChanged, 'CONFIGURATION_CHANGED');
  return seen;
}

describe('flagstream/openfeature provider events against a real flag server', function () {
  this.timeout(20_000);
  let server: E2eServer;

  beforeEach(async () => {
    server = await E2eServer.start();
  });

  afterEach(async () => {
    await OpenFeature.clearProviders();
    await server.dispose();
  });

  it('READY, CONFIGURATION_CHANGED (through prerequisites and segments), one STALE while stopped, one READY after the restart', async () => {
    const domain = 'events-restart';
    const events = recordEvents(domain);
    let attempts = 0;
    const logger = { ...silentLogger, debug: (message: string) => (attempts += /connecting to/.test(message) ? 1 : 0) };
    const provider = new FlagstreamProvider(streamingClient(server.url, { logger }), { initializationTimeout: 5000, closeClient: true });
    await OpenFeature.setProviderAndWait(domain, provider);
    await pollUntil(() => events.length === 1, 'READY', 2000);
    assert.deepEqual(events, ['READY']);

    // `plan` has `checkout` as prerequisite: turning checkout off changes both.
    await server.patchFlag('checkout', { kind: 'turnFlagOff' });
    await pollUntil(() => events.length === 2, 'the change of checkout', 5000);
    assert.equal(events[1], 'CONFIGURATION_CHANGED:checkout,plan');

    // A flag that uses a segment; then a change to the segment alone.
    assert.equal((await server.admin('PUT', `/api/environments/${ENVIRONMENT}/segments/beta`, { included: ['alice'] })).status, 201);
    const betaFlag = flag('beta-banner', ['beta', 'stable'], { fallthrough: { variation: 1 }, rules: [{ id: 'in-beta', clauses: [{ attribute: '', op: 'segmentMatch', values: ['beta'] }], variation: 0 }] });
    assert.equal((await server.admin('PUT', `/api/environments/${ENVIRONMENT}/flags/beta-banner`, betaFlag)).status, 201);
    await pollUntil(() => events.length === 3, 'the new flag', 5000);
    const of = OpenFeature.getClient(domain);
    assert.equal(await of.getStringValue('beta-banner', 'x', { targetingKey: 'alice' }), 'beta');
    assert.equal((await server.admin('PUT', `/api/environments/${ENVIRONMENT}/segments/beta`, { included: ['bob'] })).status, 200);
    await pollUntil(() => events.length === 4, 'the segment change', 5000);
    assert.deepEqual(events.slice(2), ['CONFIGURATION_CHANGED:beta-banner', 'CONFIGURATION_CHANGED:beta-banner']);
    assert.equal(await of.getStringValue('beta-banner', 'x', { targetingKey: 'alice' }), 'stable');

    await server.stop();
    const attemptsBefore = attempts;
    await pollUntil(() => events.length === 5, 'STALE', 5000);
    assert.equal(events[4].split(':')[0], 'STALE');
    assert.equal(of.providerStatus, ProviderStatus.STALE);
    // Reconnect attempts every 20-100 ms fail meanwhile: none of them may repeat an event.
    await pollUntil(() => attempts >= attemptsBefore + 4, 'several failed reconnects', 10_000);
    assert.equal(events.length, 5, `repeated events: ${events.join(' ')}`);
    const cached = await of.getBooleanDetails('checkout', true, { targetingKey: 'alice' });
    assert.deepEqual([cached.value, cached.reason], [false, 'DISABLED'], 'the last known flags stay in force');

    await server.startAgain();
    await pollUntil(() => events.length === 6, 'READY again', 5000);
    assert.equal(events[5], 'READY');
    assert.equal(of.providerStatus, ProviderStatus.READY);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(events.length, 6, `unexpected events after the restart: ${events.slice(6).join(' ')}`);
  });

  it('ERROR with PROVIDER_FATAL when the server refuses the SDK key (401), and evaluations answer PROVIDER_FATAL', async () => {
    const domain = 'events-refused';
    const events = recordEvents(domain);
    const provider = new FlagstreamProvider(streamingClient(server.url, { sdkKey: UNKNOWN_SDK_KEY }), { initializationTimeout: 5000, closeClient: true });
    await assert.rejects(OpenFeature.setProviderAndWait(domain, provider), /refused the SDK key \(HTTP 401\)/);
    assert.deepEqual(events, ['ERROR']);
    const of = OpenFeature.getClient(domain);
    assert.equal(of.providerStatus, ProviderStatus.FATAL);
    const details = await of.getBooleanDetails('checkout', false, { targetingKey: 'alice' });
    assert.deepEqual([details.value, details.errorCode], [false, ErrorCode.PROVIDER_FATAL]);
  });
});

describe('ProviderStatusEvents: status$ to OpenFeature events', () => {
  const at = (state: DataSourceStatus['state'], statusCode?: number): DataSourceStatus => ({
    state,
    since: 0,
    ...(statusCode === undefined && state === 'VALID' ? {} : { lastError: { kind: statusCode ? 'ERROR_RESPONSE' : 'NETWORK_ERROR', message: 'down', statusCode, time: 0 } }),
  });

  it('emits nothing before initialize settles, then one event per change of state, fatal on a 401/403 after READY', () => {
    const emitted: StatusEvent['type'][] = [];
    const events = new ProviderStatusEvents((event) => emitted.push(event.type));
    const status$ = new Subject<DataSourceStatus>();
    events.follow(status$);
    status$.next(at('INITIALIZING'));
    status$.next(at('VALID'));
    assert.deepEqual(emitted, [], 'OpenFeature emits the first READY itself');
    events.settle('READY');
    for (const state of ['VALID', 'INTERRUPTED', 'INTERRUPTED', 'INTERRUPTED', 'VALID', 'VALID', 'INTERRUPTED'] as const) status$.next(at(state));
    status$.next(at('OFF', 403));
    status$.next(at('OFF', 403));
    assert.deepEqual(emitted, ['stale', 'ready', 'stale', 'fatal']);
    events.stop();
  });

  it('after a failed initialization (ERROR), data arriving later is READY; OFF on close is silent', () => {
    const emitted: StatusEvent['type'][] = [];
    const events = new ProviderStatusEvents((event) => emitted.push(event.type));
    const status$ = new Subject<DataSourceStatus>();
    events.follow(status$);
    events.settle('ERROR');
    status$.next(at('INITIALIZING'));
    status$.next(at('VALID'));
    status$.next(at('OFF'));
    assert.deepEqual(emitted, ['ready']);
    events.stop();
  });
});
