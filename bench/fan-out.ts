/**
 * `npm run bench -- fan-out [--updates N] [--quick] [--dist]`: the cost of one flag update with
 * 10,000 live `variation$` subscriptions over 1,000 flags, and proof that an update re-evaluates
 * only the subscriptions of the flags that depend on it.
 *
 * Two clients, each fed by its own `TestData` holding the same data set (bench/fan-out-data.ts):
 * one with 10 `variation$` subscriptions per watched flag (population contexts, one context
 * object per subscription), one with none (the baseline: decoding in TestData, the store's
 * upsert and preparation, no fan-out). Every update is applied to both clients (which one goes
 * first alternates), each timed alone (`process.hrtime.bigint()` around the synchronous
 * `td.usePreconfiguredFlag/Segment` call, which returns after every subscriber has been served).
 *
 * Re-evaluations are counted through the contexts: each subscription's context reads its `kind`
 * through a getter that marks the subscription as evaluated during the current update (a few ns
 * per evaluation, included in the times). After each update the marked subscriptions must be
 * exactly those of the flags the update can affect (the flag, its dependents through
 * prerequisites, the users of a segment), otherwise the run fails.
 */
import { parseArgs } from 'node:util';
import { Subscription } from 'rxjs';
import type { BenchModule } from './bench-module';
import { buildFanOutData, type FanOutData, type ItemJson, segmentRule, UNWATCHED, UPDATE_TARGETS } from './fan-out-data';
import { loadFlagstreamModules, type FlagstreamModules } from './flagstream-modules';
import { buildPopulation, EMAIL_DOMAINS, type BenchContext } from './population';
import { median } from './timing';

/** `variation$` subscriptions per watched flag (10 × 1,000 = 10,000). */
const SUBSCRIPTIONS_PER_FLAG = 10;
/** Timed updates per kind; `--quick`: a tenth. */
const DEFAULT_UPDATES = 200;

type Client = ReturnType<FlagstreamModules['api']['createClient']>;
type TestData = InstanceType<FlagstreamModules['api']['TestData']>;

/** One kind of update in the rotation: what it changes and how. */
interface UpdateKind {
  readonly label: string;
  /** The item changed by update `n` of this kind: `flags/<key>` or `segments/<key>`. */
  target(n: number): string;
  /** The new configuration of that item, from its current one. */
  change(current: ItemJson): ItemJson;
}

const toggle = (item: ItemJson): ItemJson => ({ ...item, on: item.on !== true });

const KINDS: readonly UpdateKind[] = [
  { label: 'leaf flag on/off', target: (n) => `flags/${UPDATE_TARGETS.leaf(n)}`, change: toggle },
  { label: 'root flag on/off', target: (n) => `flags/${UPDATE_TARGETS.root(n)}`, change: toggle },
  { label: 'root flag re-sent unchanged', target: (n) => `flags/${UPDATE_TARGETS.root(n)}`, change: (item) => item },
  {
    label: 'segment rule changed',
    target: (n) => `segments/${UPDATE_TARGETS.segment(n)}`,
    change: (item) => {
      const rules = item.rules as ReadonlyArray<{ clauses: ReadonlyArray<{ values: string[] }> }>;
      const domain = rules[0].clauses[0].values[0].slice(1);
      return { ...item, rules: [segmentRule(EMAIL_DOMAINS[(EMAIL_DOMAINS.indexOf(domain as never) + 1) % EMAIL_DOMAINS.length])] };
    },
  },
  { label: 'unwatched flag on/off', target: () => `flags/${UNWATCHED}`, change: toggle },
];

/** What was measured for one kind of update. */
interface KindResult {
  readonly times: number[];
  readonly baseline: number[];
  readonly reevaluated: number[];
  readonly emitted: number[];
  flags: number;
}

/** The `fan-out` benchmark module. */
export const fanOutBench: BenchModule = {
  name: 'fan-out',
  description: 'µs per flag update with 10,000 variation$ subscriptions over 1,000 flags; only dependents re-evaluated (--updates N, --quick, --dist)',
  run,
};

async function run(args: readonly string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: [...args],
    options: { updates: { type: 'string' }, quick: { type: 'boolean' }, dist: { type: 'boolean' } },
    strict: false,
    allowPositionals: true,
  });
  const updates = values.updates !== undefined ? Number(values.updates) : values.quick === true ? DEFAULT_UPDATES / 10 : DEFAULT_UPDATES;
  if (!Number.isInteger(updates) || updates < 1) {
    console.error(`fan-out: --updates expects a whole number ≥ 1, got ${String(values.updates)}`);
    return false;
  }
  const modules = loadFlagstreamModules(values.dist === true ? 'dist' : 'lib');
  const data = buildFanOutData();
  const population = buildPopulation(data.watched.length * SUBSCRIPTIONS_PER_FLAG);
  const baseline = await start(modules, data);
  const watched = await start(modules, data);
  const probe = new EvaluationProbe(population.length);
  const subscriptions = new Subscription();
  let emitted = 0;
  try {
    const started = process.hrtime.bigint();
    population.forEach((context, j) => {
      const key = data.watched[j % data.watched.length];
      subscriptions.add(watched.client.variation$(key, probe.context(j, context), false).subscribe(() => emitted++));
    });
    const setupMs = Number(process.hrtime.bigint() - started) / 1e6;
    printHeader(data, population.length, setupMs, updates, modules);

    const current = new Map<string, ItemJson>([...data.flags.map((f) => [`flags/${f.key}`, f] as const), ...data.segments.map((s) => [`segments/${s.key}`, s] as const)]);
    const results = KINDS.map((): KindResult => ({ times: [], baseline: [], reevaluated: [], emitted: [], flags: 0 }));
    const warmup = Math.max(5, Math.round(updates / 10));
    for (let n = 0; n < warmup + updates; n++) {
      for (let k = 0; k < KINDS.length; k++) {
        const target = KINDS[k].target(n);
        const config = KINDS[k].change(current.get(target) as ItemJson);
        current.set(target, config);
        // Alternate which client goes first, so neither always finds the shared code paths warm.
        const baselineFirst = n % 2 === 0;
        let baseNs = baselineFirst ? apply(baseline.td, target, config) : 0;
        probe.nextUpdate();
        emitted = 0;
        const ns = apply(watched.td, target, config);
        const changed = emitted;
        if (!baselineFirst) baseNs = apply(baseline.td, target, config);
        const affected = data.affects.get(target) ?? [];
        const problem = probe.check(affected, data.watched);
        if (problem !== undefined) {
          console.error(`fan-out: FAILED after updating ${target} (${KINDS[k].label}): ${problem}`);
          return false;
        }
        if (n < warmup) continue;
        const result = results[k];
        result.times.push(ns);
        result.baseline.push(baseNs);
        result.reevaluated.push(probe.touched.length);
        result.emitted.push(changed);
        result.flags = affected.length;
      }
    }
    printTable(results);
    console.log(
      `verified after each of the ${((warmup + updates) * KINDS.length).toLocaleString('en-US')} updates: the subscriptions re-evaluated were ` +
        'exactly those of the updated flag and its dependents (none for the unwatched flag)\n',
    );
    return true;
  } finally {
    subscriptions.unsubscribe();
    await Promise.all([baseline.client.close(), watched.client.close()]);
  }
}

/** A TestData loaded with the data set and a client fed by it, initialized. */
async function start(modules: FlagstreamModules, data: FanOutData): Promise<{ td: TestData; client: Client }> {
  const { createClient, TestData, silentLogger } = modules.api;
  const td = new TestData();
  for (const flag of data.flags) await td.usePreconfiguredFlag(flag);
  for (const segment of data.segments) await td.usePreconfiguredSegment(segment);
  const client = createClient({ dataSource: td, sendEvents: false, logger: silentLogger });
  await client.waitForInitialization({ timeout: 5_000 });
  return { td, client };
}

/** Applies one update through TestData; returns the nanoseconds until every subscriber was served. */
function apply(td: TestData, target: string, config: ItemJson): number {
  const started = process.hrtime.bigint();
  if (target.startsWith('flags/')) void td.usePreconfiguredFlag(config);
  else void td.usePreconfiguredSegment(config);
  return Number(process.hrtime.bigint() - started);
}

/** Tracks which subscriptions were evaluated during the current update, through their contexts. */
class EvaluationProbe {
  /** Subscriptions evaluated during the current update, each once. */
  touched: number[] = [];
  private readonly mark: Int32Array;
  private update = 0;

  constructor(size: number) {
    this.mark = new Int32Array(size).fill(-1);
  }

  /** A copy of `context` whose `kind` getter marks subscription `j`. */
  context(j: number, context: BenchContext): BenchContext {
    const { kind, ...rest } = context;
    const probe = this;
    return Object.defineProperty(rest, 'kind', {
      enumerable: true,
      get() {
        if (probe.mark[j] !== probe.update) {
          probe.mark[j] = probe.update;
          probe.touched.push(j);
        }
        return kind;
      },
    }) as BenchContext;
  }

  nextUpdate(): void {
    this.update++;
    this.touched = [];
  }

  /** Undefined when the touched subscriptions are exactly those of `affected` flags; else what differs. */
  check(affected: readonly string[], watched: readonly string[]): string | undefined {
    const expected = new Set(affected);
    const stray = this.touched.filter((j) => !expected.has(watched[j % watched.length]));
    if (stray.length > 0) return `${stray.length} subscriptions of unaffected flags re-evaluated (e.g. one of ${watched[stray[0] % watched.length]})`;
    const want = affected.filter((key) => watched.includes(key)).length * SUBSCRIPTIONS_PER_FLAG;
    if (this.touched.length !== want) return `${this.touched.length} subscriptions re-evaluated, expected ${want}`;
    return undefined;
  }
}

function printHeader(data: FanOutData, subscriptions: number, setupMs: number, updates: number, modules: FlagstreamModules): void {
  const from = modules.source === 'dist' ? 'dist/ (compiled JavaScript)' : 'lib/ (TypeScript through tsx)';
  console.log(
    `fan-out benchmark: ${data.flags.length.toLocaleString('en-US')} flags and ${data.segments.length} segments, ` +
      `${subscriptions.toLocaleString('en-US')} variation$ subscriptions (${SUBSCRIPTIONS_PER_FLAG} per watched flag), ` +
      `subscribed in ${setupMs.toFixed(0)} ms; ${updates.toLocaleString('en-US')} timed updates per kind after warm-up, ` +
      `kinds interleaved (Node ${process.version}; flagstream loaded from ${from})\n`,
  );
}

function printTable(results: readonly KindResult[]): void {
  const widths = [30, 8, 7, 12, 10, 12, 18, 14];
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' ');
  console.log(line(['update', 'updates', 'flags', 'subs re-eval', 'changed', 'µs/update', 'µs, no subscriber', 'µs per sub']));
  results.forEach((r, k) => {
    const us = median(r.times) / 1e3;
    const baseUs = median(r.baseline) / 1e3;
    const subs = median(r.reevaluated);
    const changed = r.emitted.reduce((a, b) => a + b, 0) / r.emitted.length;
    console.log(
      line([KINDS[k].label, String(r.times.length), String(r.flags), String(subs), changed.toFixed(1), us.toFixed(1), baseUs.toFixed(1), subs > 0 ? ((us - baseUs) / subs).toFixed(2) : '-']),
    );
  });
  console.log(
    '\nflags: flags the update can affect; subs re-eval: subscriptions evaluated again (median per update); changed: values emitted\n' +
      '(mean per update); µs/update: median time of the update with the subscriptions; µs, no subscriber: the same update on the\n' +
      'client without subscriptions (TestData decoding, store upsert, flag preparation); µs per sub: the difference / subs re-eval.',
  );
}
