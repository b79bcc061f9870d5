/**
 * The public `variation()` of flagstream and of LaunchDarkly's Node SDK, each with analytics
 * events off and on, in the same run: what events add to each SDK's own call, and how the two
 * compare (part 2 of the `events` benchmark).
 *
 * Both SDKs hold the reference flags, post their events to the same loopback endpoint (which
 * answers 202 and discards them), and remember 20,000 context keys, so that the 10,000 contexts
 * stay known (the steady state: summary counters and a context-key check per call; no `index`
 * events after the first pass). flagstream: `client.variation(key, context, false)`, synchronous.
 * LaunchDarkly: `await client.variation(key, context, false)`, as an application awaits it.
 *
 * Timing, per SDK and flag: a warm-up of both clients, then rounds of one pass over the population
 * each, the order alternating per round; the median ns/call of each, and the median of the
 * per-round ratios of events on to off. flagstream is measured first, then LaunchDarkly (see
 * {@link measureAgainstLaunchDarkly}).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ContextInput } from '../lib/context/context-input';
import { type RawFlagData, LaunchDarklyRunner } from '../spec/conformance/launchdarkly-runner';
import type { FlagstreamModules } from './flagstream-modules';
import type { BenchContext } from './population';
import { median, sink } from './timing';

/** How much work the comparison does. */
export interface PeerPlan {
  /** Untimed calls per contender before the rounds. */
  readonly warmup: number;
  /** Rounds of one pass over the population per contender. */
  readonly rounds: number;
}

/** One SDK's figures for one flag: ns per call, and the median per-round ratio of events on to off. */
export interface PeerFigures {
  readonly off: number;
  readonly on: number;
  readonly ratio: number;
}

/** One flag's figures for both SDKs. */
export interface PeerRow {
  readonly flag: string;
  readonly flagstream: PeerFigures;
  readonly launchDarkly: PeerFigures;
}

/** Context keys both SDKs remember: more than the population, so every context stays known. */
const CONTEXT_KEYS = 20_000;

type Pass = (count: number) => Promise<number>;

/** A loopback events endpoint that accepts every payload and discards it. */
async function discardingEndpoint(): Promise<{ uri: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(202).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { uri, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A timed pass of `variation(flag, context, false)` over the population, compiled separately for
 * each contender (see `FACTORY_SOURCE` in events.ts for why each gets its own copy of the loop).
 */
function pass(variation: (flag: string, context: unknown, fallback: boolean) => unknown, flag: string, population: readonly BenchContext[], awaited: boolean): Pass {
  const body = `
    'use strict';
    return async (count) => {
      const n = population.length;
      let served = 0;
      const start = process.hrtime.bigint();
      for (let i = 0; i < count; i++) if (${awaited ? 'await ' : ''}variation(flag, population[i % n], false) === true) served++;
      const ns = Number(process.hrtime.bigint() - start) / count;
      sink.last = served;
      return ns;
    };`;
  return new Function('variation', 'flag', 'population', 'sink', body)(variation, flag, population, sink) as Pass;
}

/** Warm-up, then paired rounds of an events-off and an events-on pass. */
async function measurePair(off: Pass, on: Pass, population: readonly BenchContext[], plan: PeerPlan): Promise<PeerFigures> {
  await off(plan.warmup);
  await on(plan.warmup);
  const offNs: number[] = [];
  const onNs: number[] = [];
  for (let round = 0; round < plan.rounds; round++) {
    const first = round % 2 === 0 ? off : on;
    const second = first === off ? on : off;
    const a = await first(population.length);
    const b = await second(population.length);
    offNs.push(first === off ? a : b);
    onNs.push(first === off ? b : a);
  }
  return { off: median(offNs), on: median(onNs), ratio: median(onNs.map((v, round) => v / offNs[round])) };
}

/**
 * Measures every flag with both SDKs, events off and on: flagstream first, all flags, then
 * LaunchDarkly (created only then). Interleaving the two SDKs would have flagstream's passes pay
 * for the collection of LaunchDarkly's garbage (its calls allocate promises and event objects) and
 * start with caches it has flushed; measured so, flagstream's events-on pass took about 25 ns more.
 *
 * @param m flagstream, from `lib/` or `dist/`
 * @param data the reference flags as LaunchDarkly JSON
 * @param flags the flag keys to measure
 */
export async function measureAgainstLaunchDarkly(
  m: FlagstreamModules,
  data: RawFlagData,
  flags: readonly string[],
  population: readonly BenchContext[],
  plan: PeerPlan,
): Promise<PeerRow[]> {
  const endpoint = await discardingEndpoint();
  try {
    const flagstream = await measureFlagstream(m, data, flags, population, plan, endpoint.uri);
    const launchDarkly = await measureLaunchDarkly(data, flags, population, plan, endpoint.uri);
    return flags.map((flag, i) => ({ flag, flagstream: flagstream[i], launchDarkly: launchDarkly[i] }));
  } finally {
    await endpoint.close();
  }
}

async function measureFlagstream(
  m: FlagstreamModules,
  data: RawFlagData,
  flags: readonly string[],
  population: readonly BenchContext[],
  plan: PeerPlan,
  eventsUri: string,
): Promise<PeerFigures[]> {
  const { createClient, TestData, silentLogger } = m.api;
  const open = async (sendEvents: boolean) => {
    const td = new TestData();
    for (const segment of Object.values(data.segments)) await td.usePreconfiguredSegment(structuredClone(segment));
    for (const flag of Object.values(data.flags)) await td.usePreconfiguredFlag(structuredClone(flag));
    const client = createClient({ sdkKey: 'sdk-bench', eventsUri, dataSource: td, sendEvents, logger: silentLogger, events: { contextKeysCapacity: CONTEXT_KEYS } });
    clients.push(client);
    await client.waitForInitialization({ timeout: 5_000 });
    return client;
  };
  const clients: Array<ReturnType<typeof createClient>> = [];
  try {
    const [off, on] = [await open(false), await open(true)];
    const figures: PeerFigures[] = [];
    for (const flag of flags) {
      const variation = (c: typeof off) => pass((k, ctx, d) => c.variation(k, ctx as ContextInput, d), flag, population, false);
      figures.push(await measurePair(variation(off), variation(on), population, plan));
    }
    return figures;
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

async function measureLaunchDarkly(data: RawFlagData, flags: readonly string[], population: readonly BenchContext[], plan: PeerPlan, eventsUri: string): Promise<PeerFigures[]> {
  const runners: LaunchDarklyRunner[] = [];
  try {
    runners.push(await LaunchDarklyRunner.open(data), await LaunchDarklyRunner.open(data, { eventsUri, contextKeysCapacity: CONTEXT_KEYS }));
    const figures: PeerFigures[] = [];
    for (const flag of flags) {
      const [off, on] = runners.map((r) => pass((k, ctx, d) => r.variation(k, ctx, d), flag, population, true));
      figures.push(await measurePair(off, on, population, plan));
    }
    return figures;
  } finally {
    for (const r of runners) r.close();
  }
}
