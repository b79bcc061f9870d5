/**
 * `npm run bench -- events [--quick] [--flag NAME]… [--rounds N] [--dist] [--skip-memory] [--skip-peer]`: what
 * analytics events add to an evaluation, and how much memory the summarizer holds.
 *
 * 1. **Cost per evaluation, events off vs on.** The reference flags over the reference population
 *    (`bench/reference-flags.json`, `bench/population.ts`), evaluated as `lib/client/flag-evaluator.ts`
 *    does it: `parseContext`, `lookup.getFlag`, `evaluate` (with the prerequisite listener when
 *    events are on), default substitution, then `recordEvaluationArgs` through a bound function, on
 *    a real processor whose `fetch` discards payloads. Processors:
 *    - *on*: `contextKeysCapacity` 20,000, so the 10,000 contexts stay known: warm (the summary
 *      counters and a context-key check per call);
 *    - *on, object*: the same processor through `recordEvaluation({...})` (one event object per
 *      call, the client's fallback for processors without `recordEvaluationArgs`);
 *    - *on, 1k keys*: the default `contextKeysCapacity` (1,000) with 10,000 contexts cycling, so
 *      every call meets a context not seen recently: cold (an `index` event, or a drop once the
 *      queue is full — no flush runs during the loop).
 *    Two patterns: one evaluation per context (each flag alone), and a request pattern (each
 *    context evaluates every selected flag in a row; reported per evaluation).
 * 2. **The public `variation()`, with LaunchDarkly's Node SDK in the same run** (`events-peer.ts`):
 *    each SDK's client with events off and on (20,000 context keys remembered, events posted to a
 *    loopback endpoint that discards them): what events add to each SDK's own call.
 * 3. **Summarizer memory.** 10 million evaluations of 1,000 flags (4 variations; 100 of them
 *    change version half-way) by 100 contexts, recorded directly; heap (after a full GC) before,
 *    after 1 million, after 10 million, and after the flush.
 *
 * **Timing: paired rounds.** After a warm-up of every contender, the contenders run in rounds of
 * one pass over the population each (10,000 calls; the first contender of a round rotates); the
 * table shows the median ns/call over the rounds and the median of the per-round ratios to *off*.
 * On a shared machine the load changes within seconds; contenders timed within the same few
 * milliseconds see the same load, so the paired ratio moves far less than a ratio of medians of
 * long runs. Reference: 50,000 warm-up calls, 60 rounds (600,000 timed calls per contender);
 * `--quick`: 5,000 and 6 rounds.
 *
 * `--dist` loads flagstream from the build (`npm run build`) instead of `lib/` through tsx, whose
 * per-import getters and module wrapping change what the JIT does with the hot path.
 */
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { parseArgs } from 'node:util';
import type { EvaluationContext } from '../lib/context/evaluation-context';
import type { EvaluationLookup } from '../lib/evaluation/evaluation-lookup';
import type { EvaluationDetail } from '../lib/evaluation/evaluation-reason';
import type { EventProcessor } from '../lib/events/event-processor';
import type { EventsFetch } from '../lib/events/event-sender';
import type { Flag } from '../lib/model/flag';
import type { BenchModule } from './bench-module';
import { loadReferenceData, REFERENCE_FLAG_KEYS } from './evaluation';
import { type FlagstreamSource, loadFlagstreamModules } from './flagstream-modules';
import { measureAgainstLaunchDarkly, type PeerPlan } from './events-peer';
import { buildPopulation, type BenchContext } from './population';
import { median, sink } from './timing';

type ContextModule = typeof import('../lib/context/evaluation-context');
type EvaluatorModule = typeof import('../lib/evaluation/evaluator');
type CreateModule = typeof import('../lib/events/create-event-processor');

/** The parts of flagstream this benchmark calls, from `lib/` or `dist/`. */
interface Modules {
  readonly parseContext: ContextModule['parseContext'];
  readonly evaluate: EvaluatorModule['evaluate'];
  readonly createEventProcessor: CreateModule['createEventProcessor'];
  /** The reference data decoded into a store, as the client holds it (flags deep-frozen). */
  readonly lookup: EvaluationLookup;
}

function loadModules(source: FlagstreamSource): Modules {
  const m = loadFlagstreamModules(source);
  const load = <M>(path: string): M => require(join(__dirname, '..', source, path)) as M;
  const data = m.decodeOrThrow(m.FlagData, structuredClone(loadReferenceData()), 'bench/reference-flags.json');
  const store = new m.FlagStore({ prepareFlag: m.prepareFlag, prepareSegment: m.prepareSegment });
  store.init({ flags: data.flags ?? {}, segments: data.segments ?? {} });
  return {
    parseContext: load<ContextModule>('context/evaluation-context').parseContext,
    evaluate: load<EvaluatorModule>('evaluation/evaluator').evaluate,
    createEventProcessor: load<CreateModule>('events/create-event-processor').createEventProcessor,
    lookup: store,
  };
}

/** A fetch that accepts and discards every payload. */
const discard: EventsFetch = () => Promise.resolve({ status: 202, headers: { get: () => null } });

/** How much work one measurement does (see the module comment). */
interface PairedPlan {
  readonly warmup: number;
  readonly rounds: number;
}

const REFERENCE: PairedPlan = { warmup: 50_000, rounds: 60 };
const QUICK: PairedPlan = { warmup: 5_000, rounds: 6 };
/** Part 3 (LaunchDarkly's calls take about ten times longer, so fewer rounds). */
const PEER_REFERENCE: PeerPlan = { warmup: 20_000, rounds: 15 };
const PEER_QUICK: PeerPlan = { warmup: 5_000, rounds: 3 };

type Call = (ctx: BenchContext) => unknown;
type Record = NonNullable<EventProcessor['recordEvaluationArgs']>;

/** The client's record function for a processor (as `FlagEvaluator`'s constructor makes it). */
function recorder(events: EventProcessor, objectForm: boolean): Record {
  if (!objectForm && events.recordEvaluationArgs) return events.recordEvaluationArgs.bind(events);
  return (flagKey, flag, context, detail, defaultValue, withReason, prereqOf) =>
    events.recordEvaluation({ flagKey, flag, context, detail, defaultValue, withReason, prereqOf });
}

/**
 * The client's evaluation sequence for one flag (`FlagEvaluator.evaluateAndRecord`, `variation`),
 * and the request pattern over several flags, as JavaScript source: it is compiled once per
 * contender ({@link contender}), so that each contender runs its own copy of the code. Closures
 * made from one function literal share the JIT's feedback and optimized code; one shared copy
 * would see every processor (and events off) at its `record` call and be compiled for all of them,
 * which no application does (it has one client with events on or off).
 */
const FACTORY_SOURCE = `
  'use strict';
  function variationCall(parse, evaluate, lookup, key, record) {
    let current;
    const onPrerequisite = record
      ? (prerequisite, detail, prereqOf) => {
          if (current) record(prerequisite.flag.key, prerequisite.flag, current, detail, null, false, prereqOf.flag.key);
        }
      : undefined;
    return (input) => {
      const context = parse(input);
      if (!context.valid) return false;
      const prepared = lookup.getFlag(key);
      if (prepared === undefined) return false;
      current = context;
      let detail = evaluate(prepared, context, lookup, onPrerequisite);
      current = undefined;
      if (detail.variationIndex === null) detail = { value: false, variationIndex: null, reason: detail.reason };
      if (record !== undefined) record(key, prepared.flag, context, detail, false, false);
      return detail.value;
    };
  }
  return (parse, evaluate, lookup, keys, record) => {
    const calls = keys.map((key) => variationCall(parse, evaluate, lookup, key, record));
    if (calls.length === 1) return calls[0];
    return (input) => {
      let last;
      for (let i = 0; i < calls.length; i++) last = calls[i](input);
      return last;
    };
  };
`;

type CallFactory = (parse: Modules['parseContext'], evaluate: Modules['evaluate'], lookup: EvaluationLookup, keys: readonly string[], record: Record | undefined) => Call;

/**
 * A contender's call: evaluates `keys` in a row for each context (one call = `keys.length`
 * evaluations), recording with `record` (undefined: events off), in its own copy of the code.
 */
function contender(m: Modules, keys: readonly string[], record: Record | undefined): Call {
  const factory = new Function(FACTORY_SOURCE)() as CallFactory;
  return factory(m.parseContext, m.evaluate, m.lookup, keys, record);
}

/**
 * Paired rounds (see the module comment).
 *
 * @returns per contender, the median ns per call and the median per-round ratio to contender 0
 */
function measurePaired(calls: readonly Call[], inputs: readonly BenchContext[], plan: PairedPlan): { ns: number[]; ratio: number[] } {
  const n = inputs.length;
  const pass = (call: Call, count: number): number => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) sink.last = call(inputs[i % n]);
    return Number(process.hrtime.bigint() - start) / count;
  };
  for (const call of calls) pass(call, plan.warmup);
  const samples: number[][] = calls.map(() => []);
  for (let round = 0; round < plan.rounds; round++) {
    for (let k = 0; k < calls.length; k++) {
      const c = (round + k) % calls.length;
      samples[c].push(pass(calls[c], n));
    }
  }
  sink.count++;
  return { ns: samples.map(median), ratio: samples.map((s) => median(s.map((v, round) => v / samples[0][round]))) };
}

/** The `events` benchmark. */
export async function run(args: readonly string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: [...args],
    options: { flag: { type: 'string', multiple: true }, quick: { type: 'boolean' }, rounds: { type: 'string' }, dist: { type: 'boolean' }, 'skip-memory': { type: 'boolean' }, 'skip-peer': { type: 'boolean' } },
    strict: false,
    allowPositionals: true,
  });
  const flags = (values.flag as string[] | undefined) ?? [...REFERENCE_FLAG_KEYS];
  const unknown = flags.filter((f) => !(REFERENCE_FLAG_KEYS as readonly string[]).includes(f));
  if (unknown.length > 0) {
    console.error(`events: unknown flag ${unknown.join(', ')}; choose from ${REFERENCE_FLAG_KEYS.join(', ')}`);
    return false;
  }
  const base = values.quick === true ? QUICK : REFERENCE;
  const rounds = values.rounds === undefined ? base.rounds : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`events: --rounds expects a whole number ≥ 1, got ${String(values.rounds)}`);
    return false;
  }
  const plan: PairedPlan = { ...base, rounds };
  const source: FlagstreamSource = values.dist === true ? 'dist' : 'lib';
  const m = loadModules(source);
  const population = buildPopulation();
  const processor = (contextKeysCapacity?: number) => m.createEventProcessor({ sdkKey: 'bench', eventsUri: 'http://127.0.0.1:9', fetch: discard, contextKeysCapacity });
  const steady = processor(20_000);
  const churn = processor();
  try {
    console.log(
      `events benchmark (${values.dist === true ? 'dist/' : 'lib/ through tsx'}): ns per evaluation over ${population.length.toLocaleString('en-US')} contexts, ` +
        `events off vs on; ${plan.warmup.toLocaleString('en-US')} warm-up calls, then ${plan.rounds} paired rounds of ${population.length.toLocaleString('en-US')} calls; ` +
        'medians, ratios = median of the per-round ratios to off',
    );
    console.log('one evaluation per context (cycling through the population):');
    console.log(row(['flag', 'off ns', 'on ns', 'on/off', 'on, object ns', 'ratio', 'on, 1k keys ns', 'ratio']));
    for (const key of flags) {
      const calls = [undefined, recorder(steady, false), recorder(steady, true), recorder(churn, false)].map((r) => contender(m, [key], r));
      const { ns, ratio } = measurePaired(calls, population, plan);
      console.log(row([key, fmt(ns[0]), fmt(ns[1]), times(ratio[1], ns[1] - ns[0]), fmt(ns[2]), times(ratio[2], ns[2] - ns[0]), fmt(ns[3]), times(ratio[3], ns[3] - ns[0])]));
    }
    const calls = [undefined, recorder(steady, false), recorder(churn, false)].map((r) => contender(m, flags, r));
    const { ns, ratio } = measurePaired(calls, population, { ...plan, warmup: Math.ceil(plan.warmup / flags.length) });
    const per = ns.map((v) => v / flags.length);
    console.log(`\nrequest pattern (each context evaluates ${flags.join(', ')} in a row), ns per evaluation:`);
    console.log(row(['flag', 'off ns', 'on ns', 'on/off', 'on, 1k keys ns', 'ratio']));
    console.log(row(['all', fmt(per[0]), fmt(per[1]), times(ratio[1], per[1] - per[0]), fmt(per[2]), times(ratio[2], per[2] - per[0])]));
    console.log(`(processor stats — on: ${JSON.stringify(steady.stats)}; on, 1k keys: ${JSON.stringify(churn.stats)})\n`);
  } finally {
    await Promise.all([steady.close(), churn.close()]);
  }
  if (values['skip-peer'] !== true) await peerTable(source, flags, population, values.quick === true ? PEER_QUICK : PEER_REFERENCE);
  if (values['skip-memory'] !== true) await summarizerMemory(m);
  return true;
}

/** Part 3: the public `variation()` of flagstream and LaunchDarkly, events off and on. */
async function peerTable(source: FlagstreamSource, flags: readonly string[], population: readonly BenchContext[], plan: PeerPlan): Promise<void> {
  console.log(
    `public variation(), flagstream and LaunchDarkly Node SDK in the same run, events off and on (${CONTEXT_KEYS_NOTE}); ` +
      `${plan.warmup.toLocaleString('en-US')} warm-up calls, ${plan.rounds} paired rounds of ${population.length.toLocaleString('en-US')} calls; ns per call`,
  );
  const rows = await measureAgainstLaunchDarkly(loadFlagstreamModules(source), loadReferenceData(), flags, population, plan);
  console.log(row(['flag', 'flagstream off', 'on', 'on/off', 'LaunchDarkly off', 'on', 'on/off', 'added LD/fs', 'on: LD/fs']));
  for (const r of rows) {
    const fs = r.flagstream;
    const ld = r.launchDarkly;
    const added = (ld.on - ld.off) / (fs.on - fs.off);
    console.log(row([r.flag, fmt(fs.off), fmt(fs.on), times(fs.ratio, fs.on - fs.off), fmt(ld.off), fmt(ld.on), times(ld.ratio, ld.on - ld.off), `${added.toFixed(1)}×`, `${(ld.on / fs.on).toFixed(1)}×`]));
  }
  console.log('(added LD/fs: what events add to a LaunchDarkly call over what they add to a flagstream call; on: LD/fs: LaunchDarkly events on over flagstream events on)\n');
}

const CONTEXT_KEYS_NOTE = '20,000 context keys remembered by both, events posted to a loopback endpoint that discards them';

/** Heap used by the summarizer for 10 million evaluations of 1,000 flags. */
async function summarizerMemory(m: Modules): Promise<void> {
  const gc = exposeGc();
  const heap = () => {
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const flagCount = 1_000;
  const total = 10_000_000;
  const flags = Array.from({ length: flagCount }, (_, i): Flag => Object.freeze({ key: `flag-${i}`, version: 1, variations: [0, 1, 2, 3] }));
  const bumped = flags.map((f, i): Flag => (i < 100 ? Object.freeze({ ...f, version: 2 }) : f));
  const contexts = Array.from({ length: 100 }, (_, i) => m.parseContext({ kind: 'user', key: `m-${i}` }) as EvaluationContext);
  const details: EvaluationDetail[] = [0, 1, 2, 3].map((v) => ({ value: v, variationIndex: v, reason: { kind: 'FALLTHROUGH' } }));
  const events = m.createEventProcessor({ sdkKey: 'bench', eventsUri: 'http://127.0.0.1:9', fetch: discard, flushInterval: 3_600_000 });
  const record = events.recordEvaluationArgs!.bind(events);
  const before = heap();
  let afterMillion = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < total; i++) {
    const f = (i * 7919) % flagCount;
    record(flags[f].key, i < total / 2 ? flags[f] : bumped[f], contexts[i % 100], details[(i >>> 3) & 3], -1, false);
    if (i === 1_000_000 - 1) afterMillion = heap();
  }
  const ns = Number(process.hrtime.bigint() - started) / total;
  const afterAll = heap();
  await events.flush();
  const afterFlush = heap();
  await events.close();
  sink.last = afterFlush;
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  const delta = (bytes: number) => `${bytes >= 0 ? '+' : ''}${mb(bytes)}`;
  console.log(`summarizer memory: ${total.toLocaleString('en-US')} evaluations of ${flagCount.toLocaleString('en-US')} flags × 4 variations (100 flags at 2 versions) by 100 contexts${gc ? '' : ' (no GC control: figures are rough)'}`);
  console.log(`  heap before ${mb(before)}; after 1M ${delta(afterMillion - before)}; after 10M ${delta(afterAll - before)}; after the flush ${delta(afterFlush - before)}`);
  console.log(`  ${fmt(ns)} ns per recordEvaluationArgs in this loop (1,000 flags in random order); then delivered ${JSON.stringify(events.stats)}`);
}

/** `global.gc`, made available at run time (tsx does not pass --expose-gc). */
function exposeGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

function fmt(ns: number): string {
  return ns.toLocaleString('en-US', { maximumFractionDigits: ns < 100 ? 1 : 0 });
}

/** `1.23× (+4.5)`: a paired ratio and the difference of the medians in ns. */
function times(ratio: number, differenceNs: number): string {
  return `${ratio.toFixed(2)}× (${differenceNs >= 0 ? '+' : ''}${fmt(differenceNs)})`;
}

function row(cells: readonly string[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(10) : c.padStart(i % 2 === 1 ? 16 : 18))).join(' ');
}

/** The module as `bench/index.ts` lists it. */
export const eventsBench: BenchModule = {
  name: 'events',
  description: 'ns/evaluation with analytics events off vs on (reference flags, warm and cold context sets, request pattern), and summarizer memory (--quick, --flag NAME, --rounds N, --dist)',
  run,
};
