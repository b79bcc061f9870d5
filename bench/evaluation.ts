import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { canonicalJson } from '../spec/conformance/compare';
import type { RawFlagData } from '../spec/conformance/launchdarkly-runner';
import type { BenchModule } from './bench-module';
import { launchDarklyBenchEvaluator, type BenchEvaluator, type BenchEvaluatorFactory } from './evaluators';
import { flagstreamBareEvaluator, flagstreamClientEvaluator } from './flagstream-evaluator';
import { loadFlagstreamModules, type FlagstreamModules } from './flagstream-modules';
import { PEER_FIGURES } from './peer-figures';
import { buildPopulation, type BenchContext } from './population';
import { measureInterleaved, QUICK_PLAN, REFERENCE_PLAN, type TimingPlan } from './timing';

/** The five reference flags, in the README's order. */
export const REFERENCE_FLAG_KEYS = ['simple', 'targeted', 'rules', 'prereq', 'segment'] as const;

/**
 * What is measured, in column order: flagstream through its public client (the candidate),
 * flagstream's bare evaluator (to show the client's overhead), LaunchDarkly.
 */
function contenders(modules: FlagstreamModules): readonly BenchEvaluatorFactory[] {
  return [flagstreamClientEvaluator(modules), flagstreamBareEvaluator(modules), launchDarklyBenchEvaluator];
}

/** Default value passed to every call (the reference flags are boolean). */
const DEFAULT_VALUE = false;

/** Loads `bench/reference-flags.json` (a copy of /work/shared/bench/reference-flags.json). */
export function loadReferenceData(): RawFlagData {
  const parsed = JSON.parse(readFileSync(join(__dirname, 'reference-flags.json'), 'utf8')) as Partial<RawFlagData>;
  return { flags: parsed.flags ?? {}, segments: parsed.segments ?? {} };
}

/**
 * `npm run bench -- evaluation [--flag NAME]… [--quick] [--dist]`: ns per evaluation of the
 * reference flags over the reference population, for flagstream's client, flagstream's bare
 * evaluator and LaunchDarkly in the same process, contexts reused and copied per call; aborts if
 * any two disagree on any value. `--dist` loads flagstream from the build (`npm run build`)
 * instead of the TypeScript source.
 */
export const evaluationBench: BenchModule = {
  name: 'evaluation',
  description: 'ns/evaluation of the 5 reference flags over 10,000 contexts, flagstream client vs LaunchDarkly (--flag NAME, --quick, --dist)',
  run,
};

async function run(args: readonly string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: [...args],
    options: { flag: { type: 'string', multiple: true }, quick: { type: 'boolean' }, dist: { type: 'boolean' } },
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
  const modules = loadFlagstreamModules(values.dist === true ? 'dist' : 'lib');
  const sides = await Promise.all(contenders(modules).map((factory) => factory(loadReferenceData())));
  try {
    printHeader(flags, population.length, plan, modules);
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
  const names = sides.map((s) => s.name);
  console.log(`correctness: ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} serve the same value in all ${total.toLocaleString('en-US')} evaluations\n`);
  return true;
}

/**
 * One table: per flag, ns/evaluation of each contender (interleaved runs), the client's overhead
 * over the bare evaluator, and LaunchDarkly / flagstream client (> 1: flagstream is faster).
 */
async function measureMode(
  title: string,
  sides: readonly BenchEvaluator[],
  flags: readonly string[],
  population: readonly BenchContext[],
  plan: TimingPlan,
  copy: boolean,
): Promise<void> {
  console.log(title);
  const [client, bare, other] = sides.map((s) => s.name);
  console.log(row([`${client} ns`, `${bare} ns`, 'client overhead ns', `${other} ns`, `${other}/${client}`, 'published LD 9.13.7', 'published flagd-core'], 'flag'));
  for (const flag of flags) {
    const calls = sides.map((side) =>
      copy ? (ctx: BenchContext) => side.variation(flag, { ...ctx }, DEFAULT_VALUE) : (ctx: BenchContext) => side.variation(flag, ctx, DEFAULT_VALUE),
    );
    const [clientNs, bareNs, otherNs] = await measureInterleaved(calls, population, plan);
    const peers = PEER_FIGURES[flag];
    console.log(
      row(
        [
          fmt(clientNs),
          fmt(bareNs),
          fmt(clientNs - bareNs),
          fmt(otherNs),
          `${(otherNs / clientNs).toFixed(2)}×`,
          peers ? fmt(peers.launchDarkly) : '-',
          peers?.flagdCore !== undefined ? fmt(peers.flagdCore) : 'n/a',
        ],
        flag,
      ),
    );
  }
  console.log('');
}

function printHeader(flags: readonly string[], contexts: number, plan: TimingPlan, modules: FlagstreamModules): void {
  const from = modules.source === 'dist' ? 'dist/ (compiled JavaScript)' : 'lib/ (TypeScript through tsx)';
  console.log(
    `evaluation benchmark: ${flags.join(', ')} over ${contexts.toLocaleString('en-US')} contexts; ` +
      `per flag and SDK ${plan.warmup.toLocaleString('en-US')} warm-up + ${plan.iterations.toLocaleString('en-US')} timed calls, ` +
      `median of ${plan.runs} interleaved runs (Node ${process.version}, ${cpus().length} CPUs); flagstream loaded from ${from}`,
  );
}

function fmt(ns: number): string {
  return Math.round(ns).toLocaleString('en-US');
}

/** Column widths of {@link measureMode}'s tables, after the flag column. */
const WIDTHS = [14, 18, 19, 16, 24, 20, 21];

function row(cells: readonly string[], flag: string): string {
  return flag.padEnd(10) + cells.map((c, i) => c.padStart(WIDTHS[i] ?? 18)).join(' ');
}
