import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { canonicalJson } from '../spec/conformance/compare';
import type { RawFlagData } from '../spec/conformance/launchdarkly-runner';
import type { BenchModule } from './bench-module';
import { launchDarklyBenchEvaluator, type BenchEvaluator, type BenchEvaluatorFactory } from './evaluators';
import { flagstreamBenchEvaluator } from './flagstream-evaluator';
import { PEER_FIGURES } from './peer-figures';
import { buildPopulation, type BenchContext } from './population';
import { measureInterleaved, QUICK_PLAN, REFERENCE_PLAN, type TimingPlan } from './timing';

/** The five reference flags, in the README's order. */
export const REFERENCE_FLAG_KEYS = ['simple', 'targeted', 'rules', 'prereq', 'segment'] as const;

/**
 * The SDKs compared: the candidate first (ratios are `other / candidate`). To measure flagstream
 * through its client instead of the bare evaluator, swap the first factory.
 */
const EVALUATORS: readonly BenchEvaluatorFactory[] = [flagstreamBenchEvaluator, launchDarklyBenchEvaluator];

/** Default value passed to every call (the reference flags are boolean). */
const DEFAULT_VALUE = false;

/** Loads `bench/reference-flags.json` (a copy of /work/shared/bench/reference-flags.json). */
export function loadReferenceData(): RawFlagData {
  const parsed = JSON.parse(readFileSync(join(__dirname, 'reference-flags.json'), 'utf8')) as Partial<RawFlagData>;
  return { flags: parsed.flags ?? {}, segments: parsed.segments ?? {} };
}

/**
 * `npm run bench -- evaluation [--flag NAME]… [--quick]`: ns per evaluation of the reference
 * flags over the reference population, for each SDK in the same process, contexts reused and
 * copied per call; aborts if the SDKs disagree on any value.
 */
export const evaluationBench: BenchModule = {
  name: 'evaluation',
  description: 'ns/evaluation of the 5 reference flags over 10,000 contexts, flagstream vs LaunchDarkly (--flag NAME, --quick)',
  run,
};

async function run(args: readonly string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: [...args],
    options: { flag: { type: 'string', multiple: true }, quick: { type: 'boolean' } },
    strict: false,
    allowPositionals: true,
  });
  const flags = (values.flag as string[] | undefined) ?? [...REFERENCE_FLAG_KEYS];
  const unknown = flags.filter((f) => !(REFERENCE_FLAG_KEYS as readonly string[]).includes(f));
  if (unknown.length > 0) {
    console.error(`evaluation: unknown flag ${unknown.join(', ')}; choose from ${REFERENCE_FLAG_KEYS.join(', ')}`);
    return false;
  }
  const plan = values.quick === true ? QUICK_PLAN : REFERENCE_PLAN;
  const population = buildPopulation();
  const sides = await Promise.all(EVALUATORS.map((factory) => factory(loadReferenceData())));
  try {
    printHeader(flags, population.length, plan);
    if (!(await checkAgreement(sides, flags, population))) return false;
    await measureMode('contexts reused', sides, flags, population, plan, false);
    const [copyNs] = await measureInterleaved([(ctx: BenchContext) => ({ ...ctx })], population, plan);
    await measureMode(`fresh {...ctx} per call (inside the timed loop; the copy alone costs ${fmt(copyNs)} ns)`, sides, flags, population, plan, true);
    return true;
  } finally {
    for (const side of sides) side.close();
  }
}

/** Every SDK must serve the same value for every (flag, context); prints the first differences. */
async function checkAgreement(sides: readonly BenchEvaluator[], flags: readonly string[], population: readonly BenchContext[]): Promise<boolean> {
  let differences = 0;
  for (const flag of flags) {
    for (const ctx of population) {
      const values = await Promise.all(sides.map((side) => side.variation(flag, ctx, DEFAULT_VALUE)));
      const texts = values.map(canonicalJson);
      if (texts.every((t) => t === texts[0])) continue;
      if (++differences <= 5) {
        console.error(`DISAGREEMENT on flag ${flag}, context ${JSON.stringify(ctx)}: ${sides.map((s, i) => `${s.name}=${texts[i]}`).join(', ')}`);
      }
    }
  }
  const total = flags.length * population.length;
  if (differences > 0) {
    console.error(`correctness check FAILED: ${differences} of ${total} evaluations differ; no timing done.`);
    return false;
  }
  console.log(`correctness: ${sides.map((s) => s.name).join(' and ')} serve the same value in all ${total.toLocaleString('en-US')} evaluations\n`);
  return true;
}

async function measureMode(
  title: string,
  sides: readonly BenchEvaluator[],
  flags: readonly string[],
  population: readonly BenchContext[],
  plan: TimingPlan,
  copy: boolean,
): Promise<void> {
  console.log(title);
  const names = sides.map((s) => s.name);
  const ratios = names.slice(1).map((n) => `${n}/${names[0]}`);
  console.log(row(['flag', ...names.map((n) => `${n} ns`), ...ratios, 'published LD 9.13.7', 'published flagd-core']));
  for (const flag of flags) {
    const calls = sides.map((side) =>
      copy ? (ctx: BenchContext) => side.variation(flag, { ...ctx }, DEFAULT_VALUE) : (ctx: BenchContext) => side.variation(flag, ctx, DEFAULT_VALUE),
    );
    const ns = await measureInterleaved(calls, population, plan);
    const peers = PEER_FIGURES[flag];
    console.log(
      row([
        flag,
        ...ns.map(fmt),
        ...ns.slice(1).map((n) => `${(n / ns[0]).toFixed(2)}×`),
        peers ? fmt(peers.launchDarkly) : '-',
        peers?.flagdCore !== undefined ? fmt(peers.flagdCore) : 'n/a',
      ]),
    );
  }
  console.log('');
}

function printHeader(flags: readonly string[], contexts: number, plan: TimingPlan): void {
  console.log(
    `evaluation benchmark: ${flags.join(', ')} over ${contexts.toLocaleString('en-US')} contexts; ` +
      `per flag and SDK ${plan.warmup.toLocaleString('en-US')} warm-up + ${plan.iterations.toLocaleString('en-US')} timed calls, ` +
      `median of ${plan.runs} interleaved runs (Node ${process.version}, ${cpus().length} CPUs)`,
  );
}

function fmt(ns: number): string {
  return Math.round(ns).toLocaleString('en-US');
}

function row(cells: readonly string[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(10) : c.padStart(i > cells.length - 3 ? 22 : 18))).join(' ');
}
