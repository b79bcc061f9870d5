import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '../../lib/client/create-client';
import type { ContextInput } from '../../lib/context/context-input';
import { TestData } from '../../lib/integrations/test-data/test-data';
import { silentLogger } from '../../lib/logging/logger';

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly events: Array<Record<string, unknown>>;
}

/** A loopback `/bulk` endpoint that records every payload. */
async function eventsServer(): Promise<{ server: Server; uri: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.url === '/bulk' && req.method === 'POST') received.push({ headers: req.headers, events: JSON.parse(body) });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

describe('client analytics events (end to end over HTTP)', () => {
  let endpoint: Awaited<ReturnType<typeof eventsServer>>;
  let td: TestData;

  beforeEach(async () => {
    endpoint = await eventsServer();
    td = new TestData();
    await td.update(td.flag('checkout').booleanFlag().variationForUser('alice', true).fallthroughVariation(false));
    await td.usePreconfiguredFlag({ key: 'base', version: 3, on: true, fallthrough: { variation: 0 }, variations: ['x'] });
    await td.usePreconfiguredFlag({
      key: 'tracked', version: 7, on: true, trackEvents: true, prerequisites: [{ key: 'base', variation: 0 }],
      fallthrough: { variation: 1 }, offVariation: 0, variations: ['a', 'b'],
    });
  });

  afterEach(() => new Promise<void>((resolve) => endpoint.server.close(() => resolve())));

  const alice = { kind: 'user', key: 'alice', email: 'alice@example.com' };
  const bob = { kind: 'user', key: 'bob', email: 'bob@example.com' };

  it('sends summaries, index, feature (with prereqOf), custom and identify events when closed', async () => {
    const client = createClient({ sdkKey: 'sdk-test-key', eventsUri: endpoint.uri, dataSource: td, logger: silentLogger, privateAttributes: ['email'] });
    await client.waitForInitialization({ timeout: 1000 });
    client.variation('checkout', alice, false);
    client.variation('checkout', alice, false);
    client.variation('checkout', bob, false);
    client.variation('missing', bob, 'dflt');
    client.variationDetail('tracked', bob, 'z');
    client.track('purchase', bob, { cart: 2 }, 59.5);
    client.identify({ kind: 'org', key: 'acme' });
    client.variation('checkout', { kind: 'user' } as ContextInput, false); // invalid context: no event
    await client.close();

    const events = endpoint.received.flatMap((payload) => payload.events);
    assert.equal(endpoint.received[0].headers.authorization, 'sdk-test-key');
    const kinds = events.map((e) => e.kind);
    assert.deepEqual(kinds.filter((k) => k === 'index').length, 2, `index events for alice and bob: ${JSON.stringify(kinds)}`);

    const summary = events.find((e) => e.kind === 'summary') as { features: Record<string, { default: unknown; counters: Array<Record<string, unknown>> }> };
    const counters = (key: string) => summary.features[key].counters.map((c) => ({ ...c })).sort((a, b) => Number(a.variation ?? -1) - Number(b.variation ?? -1));
    assert.deepEqual(counters('checkout'), [
      { variation: 0, version: 1, value: true, count: 2 },
      { variation: 1, version: 1, value: false, count: 1 },
    ]);
    assert.deepEqual(counters('missing'), [{ unknown: true, value: 'dflt', count: 1 }]);
    assert.deepEqual(counters('base'), [{ variation: 0, version: 3, value: 'x', count: 1 }]);
    assert.deepEqual(counters('tracked'), [{ variation: 1, version: 7, value: 'b', count: 1 }]);

    const feature = events.find((e) => e.kind === 'feature' && e.key === 'tracked');
    assert.ok(feature, 'a full feature event for the tracked flag');
    assert.deepEqual(feature.reason, { kind: 'FALLTHROUGH' });
    assert.deepEqual(feature.context, { kind: 'user', key: 'bob', _meta: { redactedAttributes: ['email'] } });
    assert.equal(events.some((e) => e.kind === 'feature' && e.key === 'base' && e.prereqOf === 'tracked'), false, 'base does not track events');

    const custom = events.find((e) => e.kind === 'custom');
    assert.equal(custom?.key, 'purchase');
    assert.equal(custom?.metricValue, 59.5);
    assert.deepEqual(custom?.data, { cart: 2 });
    const identify = events.find((e) => e.kind === 'identify');
    assert.deepEqual(identify?.context, { kind: 'org', key: 'acme' });
  });

  it('sends a prerequisite feature event with prereqOf when the prerequisite tracks events', async () => {
    await td.usePreconfiguredFlag({ key: 'base', version: 4, on: true, trackEvents: true, fallthrough: { variation: 0 }, variations: ['x'] });
    const client = createClient({ sdkKey: 'k', eventsUri: endpoint.uri, dataSource: td, logger: silentLogger });
    await client.waitForInitialization({ timeout: 1000 });
    client.variation('tracked', alice, 'z');
    await client.flush();
    const events = endpoint.received.flatMap((payload) => payload.events);
    const prerequisite = events.find((e) => e.kind === 'feature' && e.key === 'base');
    assert.equal(prerequisite?.prereqOf, 'tracked');
    await client.close();
  });

  it('remembers events.contextKeysCapacity context keys between index events', async () => {
    const indexedKeys = async (contextKeysCapacity: number | undefined): Promise<string[]> => {
      endpoint.received.length = 0;
      const events = contextKeysCapacity === undefined ? undefined : { contextKeysCapacity };
      const client = createClient({ sdkKey: 'k', eventsUri: endpoint.uri, dataSource: td, logger: silentLogger, events });
      await client.waitForInitialization({ timeout: 1000 });
      for (let round = 0; round < 2; round++) for (const key of ['u1', 'u2', 'u3']) client.variation('checkout', { kind: 'user', key }, false);
      await client.close();
      return endpoint.received.flatMap((p) => p.events).filter((e) => e.kind === 'index').map((e) => (e.context as { key: string }).key);
    };
    assert.deepEqual(await indexedKeys(undefined), ['u1', 'u2', 'u3'], 'the default (1,000) remembers all three');
    // Two keys surely remembered (ContextDeduplicator's two generations): {u1, u2} fills the first
    // generation; u3 starts the next; u1 is still known and copied forward, which fills it
    // ({u3, u1}) and retires {u1, u2}; so u2 is indexed again, and u3 is still known.
    assert.deepEqual(await indexedKeys(2), ['u1', 'u2', 'u3', 'u2']);
  });

  it('sends nothing with sendEvents: false, nor offline', async () => {
    const quiet = createClient({ sdkKey: 'k', eventsUri: endpoint.uri, dataSource: td, sendEvents: false, logger: silentLogger });
    const offline = createClient({ sdkKey: 'k', eventsUri: endpoint.uri, offline: true, logger: silentLogger });
    await quiet.waitForInitialization({ timeout: 1000 });
    quiet.variation('checkout', alice, false);
    quiet.track('purchase', alice);
    offline.variation('checkout', alice, false);
    offline.identify(alice);
    await quiet.flush();
    await offline.flush();
    await quiet.close();
    await offline.close();
    assert.deepEqual(endpoint.received, []);
  });
});
