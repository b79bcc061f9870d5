import { describeContext, describeOutcome, differingFields, threwOutcome, type DifferingField, type Outcome } from './compare';
import { casesOf, casesPerDataSet, dependenciesOf, generateDataSet, DEFAULT_SIZE, type Case, type DataSetSize } from './generator';
import { LaunchDarklyRunner, type RawFlagData } from './launchdarkly-runner';

/** One side of the comparison, loaded with one data set. */
export interface Evaluator {
  /** Evaluates like `variationDetail(flagKey, context, defaultValue)`; may be sync or async. */
  evaluate(flagKey: string, context: unknown, defaultValue: unknown): Outcome | Promise<Outcome>;
  close(): void;
}

/** Loads a data set (raw LaunchDarkly JSON) into an {@link Evaluator}. */
export type EvaluatorFactory = (data: RawFlagData) => Evaluator | Promise<Evaluator>;

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** Run seed. */
  readonly seed: number;
  /** Number of cases; rounded up to whole data sets. */
  readonly cases: number;
  /** The SDK under test (flagstream). */
  readonly candidate: EvaluatorFactory;
  /** The reference. Default: {@link launchDarklyEvaluator}. */
  readonly reference?: EvaluatorFactory;
  /** Data set shape. Default: {@link DEFAULT_SIZE}. */
  readonly size?: DataSetSize;
  /** Only this case (others of its data set are skipped). Default: every case. */
  readonly onlyCase?: number;
  /** Mismatches kept in full in the report; the rest are only counted. Default: 20. */
  readonly keepMismatches?: number;
}

/** A disagreement, with everything needed to reproduce it. */
export interface Mismatch {
  readonly seed: number;
  readonly caseIndex: number;
  readonly dataSetIndex: number;
  readonly flagKey: string;
  readonly context: unknown;
  readonly defaultValue: unknown;
  readonly expected: Outcome;
  readonly actual: Outcome;
  readonly fields: DifferingField[];
  /** The flag and everything it reaches (prerequisites, segments), as LaunchDarkly JSON. */
  readonly data: RawFlagData;
}

/** What a run did: counts, reference outcomes (for coverage), and the first mismatches. */
export interface ConformanceReport {
  readonly seed: number;
  readonly cases: number;
  readonly dataSets: number;
  readonly mismatchCount: number;
  readonly mismatches: Mismatch[];
  /** Reference outcomes by kind, e.g. `RULE_MATCH`, `RULE_MATCH+inExperiment`, `ERROR:MALFORMED_FLAG`. */
  readonly outcomes: Record<string, number>;
  /** Cases by context shape (`single`, `multi`, `legacy`, `invalid`). */
  readonly shapes: Record<string, number>;
}

/** Time one data set's evaluations may take on each side before the run fails, in ms (10,000). */
const DATA_SET_TIMEOUT_MS = 10_000;

/**
 * The reference side: `@launchdarkly/node-server-sdk`, offline. One deliberate adjustment: for a
 * context that is not an object at all (`42`, `"u1"`), LaunchDarkly 9.x rejects with a TypeError
 * (`'kind' in 42`) instead of returning USER_NOT_SPECIFIED as it does for `null`; flagstream must
 * never throw, so the expected result there is what LaunchDarkly returns for `null`:
 * USER_NOT_SPECIFIED with the default value (`null` when none was given).
 */
export const launchDarklyEvaluator: EvaluatorFactory = async (data) => {
  const runner = await LaunchDarklyRunner.open(data);
  return {
    evaluate: async (flagKey, context, defaultValue) => {
      try {
        return await runner.evaluate(flagKey, context, defaultValue);
      } catch (err) {
        if (context !== null && context !== undefined && typeof context !== 'object') {
          return { value: defaultValue ?? null, variationIndex: null, reason: { kind: 'ERROR', errorKind: 'USER_NOT_SPECIFIED' } };
        }
        return threwOutcome(err);
      }
    },
    close: () => runner.close(),
  };
};

/** Runs `cases` generated cases through both sides and compares every result. */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const size = options.size ?? DEFAULT_SIZE;
  const reference = options.reference ?? launchDarklyEvaluator;
  const keep = options.keepMismatches ?? 20;
  const perDataSet = casesPerDataSet(size);
  const first = options.onlyCase === undefined ? 0 : Math.floor(options.onlyCase / perDataSet);
  const end = options.onlyCase === undefined ? Math.ceil(options.cases / perDataSet) : first + 1;
  const report: MutableReport = { seed: options.seed, cases: 0, dataSets: 0, mismatchCount: 0, mismatches: [], outcomes: {}, shapes: {} };
  for (let index = first; index < end; index++) {
    const dataSet = generateDataSet(options.seed, index, size);
    const raw = { flags: dataSet.flags, segments: dataSet.segments };
    const cases = casesOf(dataSet, index * perDataSet).filter((c) => options.onlyCase === undefined || c.caseIndex === options.onlyCase);
    const [expectedSide, actualSide] = await openBoth(reference, options.candidate, raw);
    try {
      await withTimeout(runCases(cases, expectedSide, actualSide, report, keep), `data set ${index} of seed ${options.seed}`);
    } finally {
      expectedSide.close();
      actualSide.close();
    }
    report.dataSets++;
  }
  return report;
}

async function runCases(cases: Case[], expectedSide: Evaluator, actualSide: Evaluator, report: MutableReport, keep: number): Promise<void> {
  for (const c of cases) {
    // Each side gets its own copy: neither may see what the other did to the context.
    const expected = await evaluateSafely(expectedSide, c.flagKey, copy(c.context), c.defaultValue);
    const actual = await evaluateSafely(actualSide, c.flagKey, copy(c.context), c.defaultValue);
    report.cases++;
    count(report.outcomes, outcomeKind(expected));
    count(report.shapes, c.shape);
    const fields = differingFields(expected, actual);
    if (fields.length === 0) continue;
    report.mismatchCount++;
    if (report.mismatches.length < keep) {
      report.mismatches.push({
        seed: c.dataSet.seed, caseIndex: c.caseIndex, dataSetIndex: c.dataSet.index, flagKey: c.flagKey,
        context: c.context, defaultValue: c.defaultValue, expected, actual, fields,
        data: dependenciesOf(c.dataSet, c.flagKey),
      });
    }
  }
}

type MutableReport = { -readonly [K in keyof ConformanceReport]: ConformanceReport[K] };

/** Opens both sides; if either fails, closes the other and rethrows. */
async function openBoth(reference: EvaluatorFactory, candidate: EvaluatorFactory, raw: RawFlagData): Promise<[Evaluator, Evaluator]> {
  const [expected, actual] = await Promise.allSettled([reference(raw), candidate(raw)]);
  if (expected.status === 'fulfilled' && actual.status === 'fulfilled') return [expected.value, actual.value];
  if (expected.status === 'fulfilled') expected.value.close();
  if (actual.status === 'fulfilled') actual.value.close();
  throw expected.status === 'rejected' ? expected.reason : (actual as PromiseRejectedResult).reason;
}

async function evaluateSafely(side: Evaluator, flagKey: string, context: unknown, defaultValue: unknown): Promise<Outcome> {
  try {
    return await side.evaluate(flagKey, context, defaultValue);
  } catch (err) {
    return threwOutcome(err);
  }
}

/** `RULE_MATCH`, `FALLTHROUGH+inExperiment`, `ERROR:MALFORMED_FLAG`, `OFF+bigSegments`, `threw`. */
export function outcomeKind(outcome: Outcome): string {
  if ('threw' in outcome) return 'threw';
  const reason = (outcome.reason ?? {}) as { kind?: string; errorKind?: string; inExperiment?: boolean; bigSegmentsStatus?: string };
  return (
    `${reason.kind}${reason.errorKind ? `:${reason.errorKind}` : ''}${reason.inExperiment ? '+inExperiment' : ''}` +
    `${reason.bigSegmentsStatus ? '+bigSegments' : ''}`
  );
}

function count(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function copy(context: unknown): unknown {
  return context === undefined ? undefined : structuredClone(context);
}

async function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${DATA_SET_TIMEOUT_MS} ms`)), DATA_SET_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A mismatch as the few lines needed to reproduce it. */
export function formatMismatch(m: Mismatch): string {
  return [
    `case ${m.caseIndex} (seed ${m.seed}, data set ${m.dataSetIndex}): flag "${m.flagKey}" differs in ${m.fields.join(', ')}`,
    `  reproduce: npm run conformance -- --seed ${m.seed} --case ${m.caseIndex}`,
    `  context:   ${describeContext(m.context)}`,
    `  default:   ${describeContext(m.defaultValue)}`,
    `  LaunchDarkly: ${describeOutcome(m.expected)}`,
    `  flagstream:   ${describeOutcome(m.actual)}`,
    `  data:      ${JSON.stringify(m.data)}`,
  ].join('\n');
}
