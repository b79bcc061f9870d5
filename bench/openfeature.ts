/**
 * `npm run bench -- openfeature [--quick]`: what the OpenFeature provider adds over a bare
 * evaluation. In the same run, interleaved, on 1,000 contexts and one targeted boolean flag:
 *
 * 1. `client.boolVariation(key, context, false)`: the bare synchronous call;
 * 2. the same call awaited inside an async function (the floor of any Promise-based API);
 * 3. `OpenFeature.getClient().getBooleanValue(key, false, { targetingKey })` with {@link FlagstreamProvider};
 * 4. the same with a provider that returns the default at once (what the OpenFeature SDK itself costs).
 *
 * The provider's own cost is (3) − (4): context mapping, the evaluation and the result mapping.
 */
import { OpenFeature, type Provider, type ResolutionDetails } from '@openfeature/server-sdk';
import { createClient } from '../lib/client/create-client';
import { FlagstreamProvider } from '../lib/integrations/openfeature';
import { TestData } from '../lib/integrations/test-data/test-data';
import { silentLogger } from '../lib/logging/logger';
import type { BenchModule } from './bench-module';
import { measureInterleaved, QUICK_PLAN, type TimingPlan } from './timing';

/** A provider that answers the default value at once: OpenFeature's own cost. */
class NoopProvider implements Provider {
  readonly metadata = { name: 'noop' };
  readonly runsOn = 'server' as const;
  resolveBooleanEvaluation(_key: string, defaultValue: boolean): Promise<ResolutionDetails<boolean>> {
    return Promise.resolve({ value: defaultValue, reason: 'STATIC' });
  }
  resolveStringEvaluation(_key: string, defaultValue: string): Promise<ResolutionDetails<string>> {
    return Promise.resolve({ value: defaultValue, reason: 'STATIC' });
  }
  resolveNumberEvaluation(_key: string, defaultValue: number): Promise<ResolutionDetails<number>> {
    return Promise.resolve({ value: defaultValue, reason: 'STATIC' });
  }
  resolveObjectEvaluation<T>(_key: string, defaultValue: T): Promise<ResolutionDetails<T>> {
    return Promise.resolve({ value: defaultValue, reason: 'STATIC' });
  }
}

const PLAN: TimingPlan = { warmup: 20_000, iterations: 100_000, runs: 3 };

export const openFeatureBench: BenchModule = {
  name: 'openfeature',
  description: 'OpenFeature provider overhead: bare boolVariation vs OpenFeature with FlagstreamProvider vs a no-op provider (--quick)',
  async run(args) {
    const plan = args.includes('--quick') ? QUICK_PLAN : PLAN;
    const td = new TestData();
    await td.update(td.flag('checkout').booleanFlag().variationForUser('u7', true).ifMatch('user', 'plan', 'pro').thenReturn(true).fallthroughVariation(false));
    const client = createClient({ dataSource: td, sendEvents: false, logger: silentLogger });
    await client.waitForInitialization({ timeout: 5000 });
    await OpenFeature.setProviderAndWait('bench-flagstream', new FlagstreamProvider(client));
    await OpenFeature.setProviderAndWait('bench-noop', new NoopProvider());
    const withFlagstream = OpenFeature.getClient('bench-flagstream');
    const withNoop = OpenFeature.getClient('bench-noop');
    const inputs = Array.from({ length: 1000 }, (_, i) => ({
      context: { kind: 'user', key: `u${i}`, plan: i % 3 === 0 ? 'pro' : 'free' },
      openFeature: { targetingKey: `u${i}`, plan: i % 3 === 0 ? 'pro' : 'free' },
    }));
    const [bare, bareAwaited, provider, noop] = await measureInterleaved<(typeof inputs)[number]>(
      [
        (input) => client.boolVariation('checkout', input.context, false),
        async (input) => client.boolVariation('checkout', input.context, false),
        (input) => withFlagstream.getBooleanValue('checkout', false, input.openFeature),
        (input) => withNoop.getBooleanValue('checkout', false, input.openFeature),
      ],
      inputs,
      plan,
    );
    const check = await withFlagstream.getBooleanDetails('checkout', false, { targetingKey: 'u7' });
    await OpenFeature.clearProviders();
    await client.close();
    const row = (name: string, ns: number) => console.log(`${name.padEnd(58)} ${ns.toFixed(0).padStart(7)} ns`);
    console.log(`median of ${plan.runs} interleaved runs × ${plan.iterations} calls, 1,000 contexts, one boolean flag (target + rule)`);
    row('client.boolVariation (bare, synchronous)', bare);
    row('client.boolVariation awaited in an async function', bareAwaited);
    row('OpenFeature getBooleanValue, FlagstreamProvider', provider);
    row('OpenFeature getBooleanValue, no-op provider (SDK cost)', noop);
    console.log(`provider's own cost (FlagstreamProvider − no-op): ${(provider - noop).toFixed(0)} ns; OpenFeature with flagstream / bare: ${(provider / bare).toFixed(1)}×`);
    if (check.value !== true || check.reason !== 'TARGETING_MATCH') {
      console.error(`correctness check failed: ${JSON.stringify(check)}`);
      return false;
    }
    return true;
  },
};
