/**
 * `npm run bench -- events [--quick] [--flag NAME]…`: what analytics events add to an evaluation,
 * and how much memory the summarizer holds.
 *
 * 1. **Cost per evaluation, events off vs on.** The reference flags over the reference population
 *    (`bench/reference-flags.json`, `bench/population.ts`), evaluated as the client does it:
 *    `parseContext`, `lookup.getFlag`, `evaluate` (`lib/evaluation`), default substitution — and,
 *    with events on, `recordEvaluationArgs` on a real processor (plus prerequisite evaluations
 *    through the evaluator's listener) whose `fetch` discards payloads. Three processors:
 *    - *on*: `contextKeysCapacity` 20,000, so the 10,000 contexts stay known (steady state: the
 *      summary counters and a context-key check per call);
 *    - *on, object*: the same through `recordEvaluation({...})` (one event object per call);
 *    - *on, 1k keys*: the default `contextKeysCapacity` (1,000) with 10,000 contexts cycling, so
 *      every call meets a context not seen recently (an `index` event, or a drop once the queue is
 *      full) — the worst case of the context-key LRU.
 *    Interleaved runs, median of 3 (bench/timing.ts).
 * 2. **Summarizer memory.** 10 million evaluations of 1,000 flags (4 variations; 100 of them
 *    change version half-way) by 100 contexts, recorded directly; heap (after a full GC) before,
 *    after 1 million, after 10 million, and after the flush.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { parseArgs } from 'node:util';
import { type EvaluationContext, parseContext } from '../lib/context/evaluation-context';
import type { EvaluationLookup } from '../lib/evaluation/evaluation-lookup';
import type { EvaluationDetail } from '../lib/evaluation/evaluation-reason';
import { evaluate } from '../lib/evaluation/evaluator';
import type { PreparedFlag } from '../lib/evaluation/prepared-flag';
import { createEventProcessor, type EventProcessorOptions } from '../lib/events/create-event-processor';
import type { EventProcessor } from '../lib/events/event-processor';
import type { EventsFetch } from '../lib/events/event-sender';
import type { Flag } from '../lib/model/flag';
import { loadFlagstreamLookup } from '../spec/conformance/flagstream-evaluator';
import type { BenchModule } from './bench-module';
import { loadReferenceData, REFERENCE_FLAG_KEYS } from './evaluation';
import { buildPopulation, type BenchContext } from './population';
import { measureInterleaved, QUICK_PLAN, REFERENCE_PLAN, sink, type TimingPlan } from './timing';

/** A fetch that accepts and discards every payload. */
const discard: EventsFetch = () => Promise.resolve({ status: 202, headers: { get: () => null } });

/** The three processor set-ups measured (see the module comment). */
function processors(): { steady: EventProcessor; object: EventProcessor; churn: EventProcessor } {
  const base: EventProcessorOptions = { sdkKey: 'bench', eventsUri: 'http://127.0.0.1:9', fetch: discard };
  return {
    steady: createEventProcessor({ ...base, contextKeysCapacity: 20_000 }),
    object: createEventProcessor({ ...base, contextKeysCapacity: 20_000 }),
    churn: createEventProcessor(base),
  };
}

type Call = (ctx: BenchContext) => unknown;

/** The client's evaluation sequence, with or without events. */
function variationCall(lookup: EvaluationLookup, key: string, events: EventProcessor | undefined, objectForm: boolean): Call {
  let current: EvaluationContext | undefined;
  const onPrerequisite = events
    ? (prerequisite: PreparedFlag, detail: EvaluationDetail, prereqOf: PreparedFlag) => {
        record(events, objectForm, prerequisite.key, prerequisite.flag, current!, detail, null, prereqOf.key);
      }
    : undefined;
  return (input) => {
    const context = parseContext(input);
    if (!context.valid) return false;
    const prepared = lookup.getFlag(key);
    if (prepared === undefined) return false;
    current = context;
    let detail = evaluate(prepared, context, lookup, onPrerequisite);
    if (detail.variationIndex === null) detail = { value: false, variationIndex: null, reason: detail.reason };
    if (events !== undefined) record(events, objectForm, key, prepared.flag, context, detail, false, undefined);
    return detail.value;
  };
}

function record(events: EventProcessor, objectForm: boolean, flagKey: string, flag: Flag, context: EvaluationContext, detail: EvaluationDetail, defaultValue: unknown, prereqOf: string | undefined): void {
  if (objectForm) events.recordEvaluation({ flagKey, flag, context, detail, defaultValue, withReason: false, prereqOf });
  else events.recordEvaluationArgs!(flagKey, flag, context, detail, defaultValue, false, prereqOf);
}

/** The `events` benchmark. */
export async function run(args: readonly string[]): Promise<boolean> {
  const { values } = parseArgs({ args: [...args], options: { flag: { type: 'string', multiple: true }, quick: { type: 'boolean' } }, strict: false, allowPositionals: true });
  const flags = (values.flag as string[] | undefined) ?? [...REFERENCE_FLAG_KEYS];
  const plan = values.quick === true ? QUICK_PLAN : REFERENCE_PLAN;
  const lookup = loadFlagstreamLookup(loadReferenceData());
  const population = buildPopulation();
  const p = processors();
  try {
    console.log(
      `events benchmark: ns per evaluation over ${population.length.toLocaleString('en-US')} contexts, events off vs on; ` +
        `${plan.warmup.toLocaleString('en-US')} warm-up + ${plan.iterations.toLocaleString('en-US')} timed calls, median of ${plan.runs} interleaved runs`,
    );
    console.log('reference pattern (one evaluation per context, cycling through the population):');
    console.log(row(['flag', 'off ns', 'on ns', 'on/off', 'on, object ns', 'ratio', 'on, 1k keys ns', 'ratio']));
    for (const key of flags) {
      const calls = [
        variationCall(lookup, key, undefined, false),
        variationCall(lookup, key, p.steady, false),
        variationCall(lookup, key, p.object, true),
        variationCall(lookup, key, p.churn, false),
      ];
      const [off, on, object, churn] = await measureInterleaved(calls, population, plan);
      console.log(row([key, fmt(off), fmt(on), ratio(on, off), fmt(object), ratio(object, off), fmt(churn), ratio(churn, off)]));
    }
    console.log('');
    await requestPattern(lookup, flags, population, plan, p.steady);
    console.log(`(steady-state processor stats: ${JSON.stringify(p.steady.stats)})\n`);
  } finally {
    await Promise.all([p.steady.close(), p.object.close(), p.churn.close()]);
  }
  await summarizerMemory();
  return true;
}

/**
 * A request-like pattern: each context evaluates every selected flag in a row (so the context-key
 * check hits the processor's last-key cache after the first flag). Reported per evaluation.
 */
async function requestPattern(lookup: EvaluationLookup, flags: readonly string[], population: readonly BenchContext[], plan: TimingPlan, events: EventProcessor): Promise<void> {
  const perFlag = (with_: EventProcessor | undefined) => flags.map((key) => variationCall(lookup, key, with_, false));
  const all = (calls: Call[]): Call => (ctx) => {
    let last: unknown;
    for (let i = 0; i < calls.length; i++) last = calls[i](ctx);
    return last;
  };
  const [off, on] = await measureInterleaved([all(perFlag(undefined)), all(perFlag(events))], population, { ...plan, warmup: Math.ceil(plan.warmup / flags.length), iterations: Math.ceil(plan.iterations / flags.length) });
  const n = flags.length;
  console.log(`request pattern (each context evaluates ${flags.join(', ')} in a row), ns per evaluation:`);
  console.log(row(['all', fmt(off / n), fmt(on / n), ratio(on / n, off / n)]));
}

/** Heap used by the summarizer for 10 million evaluations of 1,000 flags. */
async function summarizerMemory(): Promise<void> {
  const gc = exposeGc();
  const heap = () => {
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const flagCount = 1_000;
  const total = 10_000_000;
  const flags = Array.from({ length: flagCount }, (_, i): Flag => ({ key: `flag-${i}`, version: 1, variations: [0, 1, 2, 3] }));
  const bumped = flags.map((f, i): Flag => (i < 100 ? { ...f, version: 2 } : f));
  const contexts = Array.from({ length: 100 }, (_, i) => parseContext({ kind: 'user', key: `m-${i}` }) as EvaluationContext);
  const details: EvaluationDetail[] = [0, 1, 2, 3].map((v) => ({ value: v, variationIndex: v, reason: { kind: 'FALLTHROUGH' } }));
  const events = createEventProcessor({ sdkKey: 'bench', eventsUri: 'http://127.0.0.1:9', fetch: discard, flushInterval: 3_600_000 });
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

function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}× (+${fmt(a - b)})`;
}

function row(cells: readonly string[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(10) : c.padStart(i % 2 === 1 ? 16 : 18))).join(' ');
}

/** The module as `bench/index.ts` lists it. */
export const eventsBench: BenchModule = {
  name: 'events',
  description: 'ns/evaluation with analytics events off vs on (reference flags), and summarizer memory for 10M evaluations (--quick, --flag NAME)',
  run,
};
