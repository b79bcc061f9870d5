/**
 * `npm run conformance -- [--cases N] [--seed S] [--case I] [--show K]`
 *
 * Generates N cases from seed S (defaults: 20,000 cases, a random seed, printed), evaluates each
 * with flagstream and with @launchdarkly/node-server-sdk loaded offline from the same JSON, and
 * compares value, variationIndex and reason. Prints the counts and the first K (default 10)
 * mismatches with what reproduces each; exits 1 on any mismatch. `--case I` re-runs one case.
 */
import { parseArgs } from 'node:util';
import { flagstreamEvaluator } from './flagstream-evaluator';
import { formatMismatch, runConformance } from './harness';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '20000' },
      seed: { type: 'string' },
      case: { type: 'string' },
      show: { type: 'string', default: '10' },
    },
  });
  const cases = nonNegativeInt('--cases', values.cases);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 0x1_0000_0000) : nonNegativeInt('--seed', values.seed);
  const onlyCase = values.case === undefined ? undefined : nonNegativeInt('--case', values.case);
  const show = nonNegativeInt('--show', values.show);

  const started = Date.now();
  const report = await runConformance({ seed, cases, onlyCase, candidate: flagstreamEvaluator, keepMismatches: show });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`seed ${seed}: ${report.cases} cases in ${report.dataSets} data sets, ${seconds} s`);
  console.log(`contexts: ${formatCounts(report.shapes)}`);
  console.log(`LaunchDarkly outcomes: ${formatCounts(report.outcomes)}`);
  if (report.mismatchCount === 0) {
    console.log('flagstream agrees with LaunchDarkly on every case (value, variationIndex, reason)');
    return 0;
  }
  console.log(`\n${report.mismatchCount} MISMATCHES; the first ${report.mismatches.length}:\n`);
  for (const m of report.mismatches) console.log(`${formatMismatch(m)}\n`);
  return 1;
}

function nonNegativeInt(option: string, text: string | undefined): number {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || !Number.isSafeInteger(n)) {
    throw new Error(`${option} must be a non-negative integer, got ${JSON.stringify(text)}`);
  }
  return n;
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 2;
  },
);
