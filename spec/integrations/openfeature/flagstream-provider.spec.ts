import assert from 'node:assert/strict';
import { ErrorCode, InMemoryProvider, OpenFeature, ProviderStatus } from '@openfeature/server-sdk';
import { createClient } from '../../../lib/client/create-client';
import type { FlagstreamClient } from '../../../lib/client/flagstream-client';
import { TestData } from '../../../lib/integrations/test-data/test-data';
import { silentLogger } from '../../../lib/logging/logger';
import { FlagstreamProvider } from '../../../lib/integrations/openfeature';

const DOMAIN = 'flagstream-provider-spec';

/** Flags of every shape the mapping has to handle, in LaunchDarkly's format. */
async function testData(): Promise<TestData> {
  const td = new TestData();
  await td.update(td.flag('targeted').booleanFlag().variationForUser('alice', true).fallthroughVariation(false));
  await td.update(td.flag('static-text').variations('hello', 'bye').fallthroughVariation(0));
  await td.update(td.flag('count').variations(3, 7).fallthroughVariation(1).offVariation(0).on(false));
  await td.update(td.flag('config').valueForAll({ limit: 5 }));
  await td.usePreconfiguredFlag({
    key: 'ruled', version: 4, on: true, salt: 's', variations: ['a', 'b', 'c'], offVariation: 0, fallthrough: { variation: 0 },
    rules: [
      { id: 'rule-pro', clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }], variation: 1 },
      { id: 'rule-split', clauses: [{ attribute: 'plan', op: 'in', values: ['team'] }], rollout: { variations: [{ variation: 1, weight: 50_000 }, { variation: 2, weight: 50_000 }] } },
      { id: 'rule-exp', clauses: [{ attribute: 'plan', op: 'in', values: ['exp'] }], rollout: { kind: 'experiment', variations: [{ variation: 1, weight: 50_000 }, { variation: 2, weight: 50_000 }] } },
    ],
  });
  await td.usePreconfiguredFlag({ key: 'org-only', version: 1, on: true, salt: 's', variations: [false, true], offVariation: 0, fallthrough: { variation: 0 }, contextTargets: [{ contextKind: 'org', values: ['acme'], variation: 1 }], targets: [] });
  await td.usePreconfiguredFlag({ key: 'broken', version: 1, on: true, salt: 's', variations: [true], fallthrough: { variation: 5 } });
  await td.usePreconfiguredFlag({ key: 'gated', version: 1, on: true, salt: 's', variations: ['x', 'y'], offVariation: 1, fallthrough: { variation: 0 }, prerequisites: [{ key: 'count', variation: 1 }] });
  return td;
}

describe('flagstream/openfeature FlagstreamProvider through the OpenFeature API', () => {
  let client: FlagstreamClient;
  let provider: FlagstreamProvider;
  const of = () => OpenFeature.getClient(DOMAIN);

  before(async () => {
    client = createClient({ dataSource: await testData(), sendEvents: false, logger: silentLogger });
    provider = new FlagstreamProvider(client);
    await OpenFeature.setProviderAndWait(DOMAIN, provider);
  });

  after(async () => {
    await OpenFeature.clearProviders();
    await client.close();
  });

  it('is READY with metadata, and leaves a client it was given open when it is closed', async () => {
    assert.equal(of().providerStatus, ProviderStatus.READY);
    const other = new FlagstreamProvider(client);
    await other.initialize();
    await other.onClose();
    assert.equal(client.closed, false);
    assert.equal(OpenFeature.getProviderMetadata(DOMAIN).name, 'flagstream');
    assert.equal(provider.client, client);
  });

  it('resolves booleans: targetingKey → key, targets → TARGETING_MATCH, variant = variation index, flag version in metadata', async () => {
    const alice = await of().getBooleanDetails('targeted', false, { targetingKey: 'alice' });
    assert.deepEqual(alice, { flagKey: 'targeted', value: true, variant: '0', reason: 'TARGETING_MATCH', flagMetadata: { reasonKind: 'TARGET_MATCH', version: 1 } });
    const bob = await of().getBooleanDetails('targeted', true, { targetingKey: 'bob' });
    assert.equal(bob.value, false);
    assert.equal(bob.reason, 'DEFAULT', 'a fixed fallthrough of a flag with targets is DEFAULT');
  });

  it('maps the other reasons: STATIC, DISABLED, SPLIT (rollouts and experiments, inExperiment), rule ids', async () => {
    assert.equal((await of().getStringDetails('static-text', 'x', { targetingKey: 'u' })).reason, 'STATIC');
    const off = await of().getNumberDetails('count', 0, { targetingKey: 'u' });
    assert.deepEqual([off.value, off.reason, off.variant], [3, 'DISABLED', '0']);
    const pro = await of().getStringDetails('ruled', 'x', { targetingKey: 'u', plan: 'pro' });
    assert.deepEqual(pro, { flagKey: 'ruled', value: 'b', variant: '1', reason: 'TARGETING_MATCH', flagMetadata: { reasonKind: 'RULE_MATCH', version: 4, ruleId: 'rule-pro' } });
    const team = await of().getStringDetails('ruled', 'x', { targetingKey: 'u', plan: 'team' });
    assert.equal(team.reason, 'SPLIT');
    assert.equal(team.flagMetadata.ruleId, 'rule-split');
    const experiment = await of().getStringDetails('ruled', 'x', { targetingKey: 'u', plan: 'exp' });
    assert.deepEqual([experiment.reason, experiment.flagMetadata.inExperiment], ['SPLIT', true]);
    const gated = await of().getStringDetails('gated', 'x', { targetingKey: 'u' });
    assert.deepEqual([gated.value, gated.reason, gated.flagMetadata.prerequisiteKey], ['y', 'DISABLED', 'count']);
  });

  it('resolves objects, and reports an object flag that serves no object as TYPE_MISMATCH', async () => {
    assert.deepEqual((await of().getObjectDetails('config', {}, { targetingKey: 'u' })).value, { limit: 5 });
    const notObject = await of().getObjectDetails('count', { fallback: true }, { targetingKey: 'u' });
    assert.deepEqual([notObject.value, notObject.reason, notObject.errorCode], [{ fallback: true }, 'ERROR', ErrorCode.TYPE_MISMATCH]);
    assert.match(notObject.errorMessage ?? '', /count.*number, not an object/);
  });

  it('maps errors: FLAG_NOT_FOUND, TYPE_MISMATCH, PARSE_ERROR, TARGETING_KEY_MISSING, each with the default value', async () => {
    const missing = await of().getBooleanDetails('nope', true, { targetingKey: 'u' });
    assert.deepEqual([missing.value, missing.reason, missing.errorCode], [true, 'ERROR', ErrorCode.FLAG_NOT_FOUND]);
    assert.match(missing.errorMessage ?? '', /flag 'nope': no flag with this key/);
    const wrongType = await of().getBooleanDetails('static-text', false, { targetingKey: 'u' });
    assert.deepEqual([wrongType.value, wrongType.errorCode], [false, ErrorCode.TYPE_MISMATCH]);
    const broken = await of().getBooleanDetails('broken', false, { targetingKey: 'u' });
    assert.equal(broken.errorCode, ErrorCode.PARSE_ERROR);
    const noKey = await of().getBooleanDetails('targeted', false, { plan: 'pro' });
    assert.deepEqual([noKey.value, noKey.errorCode], [false, ErrorCode.TARGETING_KEY_MISSING]);
  });

  it('maps a kind attribute and multi-kind contexts from nested objects', async () => {
    assert.equal(await of().getBooleanValue('org-only', false, { targetingKey: 'acme', kind: 'org' }), true);
    assert.equal(await of().getBooleanValue('org-only', false, { targetingKey: 'acme' }), false, 'the kind defaults to user');
    const multi = { kind: 'multi', user: { targetingKey: 'alice' }, org: { targetingKey: 'acme', name: 'Acme' } };
    assert.equal(await of().getBooleanValue('org-only', false, multi), true);
    assert.equal(await of().getBooleanValue('targeted', false, multi), true);
    const partWithoutKey = await of().getBooleanDetails('org-only', false, { kind: 'multi', org: { name: 'Acme' } });
    assert.equal(partWithoutKey.errorCode, ErrorCode.TARGETING_KEY_MISSING);
  });

  it("turns OpenFeature's track(name, context, details) into client.track(name, ctx, details, details.value)", () => {
    const calls: unknown[][] = [];
    const track = client.track.bind(client);
    client.track = (...args: Parameters<FlagstreamClient['track']>) => {
      calls.push(args);
      track(...args);
    };
    try {
      of().track('checkout-completed', { targetingKey: 'alice', plan: 'pro' }, { value: 59.5, currency: 'EUR' });
      of().track('page-view', { targetingKey: 'bob' });
    } finally {
      client.track = track;
    }
    assert.deepEqual(calls, [
      ['checkout-completed', { key: 'alice', kind: 'user', plan: 'pro' }, { value: 59.5, currency: 'EUR' }, 59.5],
      ['page-view', { key: 'bob', kind: 'user' }, undefined, undefined],
    ]);
  });

  it('creates and owns a client from options: onClose closes it; a bad timeout is rejected by name', async () => {
    const owned = new FlagstreamProvider({ offline: true, logger: silentLogger });
    await OpenFeature.setProviderAndWait(`${DOMAIN}-owned`, owned);
    const details = await OpenFeature.getClient(`${DOMAIN}-owned`).getBooleanDetails('any', true, { targetingKey: 'u' });
    assert.deepEqual([details.value, details.errorCode], [true, ErrorCode.PROVIDER_NOT_READY]);
    // Replacing a provider closes the old one.
    await OpenFeature.setProviderAndWait(`${DOMAIN}-owned`, new InMemoryProvider());
    assert.equal(owned.client.closed, true);
    assert.throws(() => new FlagstreamProvider(client, { initializationTimeout: -1 }), /initializationTimeout/);
  });
});
