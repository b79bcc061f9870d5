import { generateContext, type ContextShape } from './generate-contexts';
import { generateFlag, generateSegment, sprinkleFlagNulls, sprinkleSegmentNulls, type ItemJson } from './generate-flags';
import { Random, dataSetSeed } from './random';

/** One generated data set: flags and segments (LaunchDarkly JSON) and the contexts to try. */
export interface DataSet {
  /** Run seed this data set belongs to. */
  readonly seed: number;
  /** Position of the data set in the run (its own seed is `dataSetSeed(seed, index)`). */
  readonly index: number;
  readonly flags: Readonly<Record<string, ItemJson>>;
  readonly segments: Readonly<Record<string, ItemJson>>;
  readonly contexts: ReadonlyArray<{ readonly shape: ContextShape; readonly context: unknown }>;
  /** Default values handed to the evaluations, one per context. */
  readonly defaults: readonly unknown[];
  /** Flag keys evaluated against every context (every flag, deleted ones included). */
  readonly flagKeys: readonly string[];
}

/** One evaluation to compare: data set, flag key, context, default value. */
export interface Case {
  /** Index of this case in its run (0-based, counting across data sets). */
  readonly caseIndex: number;
  readonly dataSet: DataSet;
  readonly flagKey: string;
  readonly contextIndex: number;
  readonly context: unknown;
  readonly shape: ContextShape;
  readonly defaultValue: unknown;
}

/** Sizes of a generated data set. Defaults: 10 flags, 5 segments, 16 contexts. */
export interface DataSetSize {
  readonly flags: number;
  readonly segments: number;
  readonly contexts: number;
}

/** The default {@link DataSetSize}: 10 flags, 5 segments, 16 contexts (164 cases). */
export const DEFAULT_SIZE: DataSetSize = { flags: 10, segments: 5, contexts: 16 };

/** Key of the flag that is evaluated (for every fourth context) but never defined: FLAG_NOT_FOUND. */
export const MISSING_FLAG_KEY = 'no-such-flag';

const DEFAULT_VALUES: readonly unknown[] = ['fallback', false, 17, null, { d: 1 }, undefined];

/**
 * Generates data set `index` of the run seeded `seed`. Deterministic: the same arguments always
 * give the same data set, independently of any other data set.
 */
export function generateDataSet(seed: number, index: number, size: DataSetSize = DEFAULT_SIZE): DataSet {
  const r = new Random(dataSetSeed(seed, index));
  const flagKeys = Array.from({ length: size.flags }, (_, i) => `flag-${i}`);
  const segmentKeys = Array.from({ length: size.segments }, (_, i) => `seg-${i}`);
  const segments: Record<string, ItemJson> = {};
  for (const key of segmentKeys) segments[key] = generateSegment(r, key, { segmentKeys });
  const flags: Record<string, ItemJson> = {};
  for (const key of flagKeys) flags[key] = generateFlag(r, key, { segmentKeys, flagKeys });
  for (const segment of Object.values(segments)) sprinkleSegmentNulls(r, segment);
  for (const flag of Object.values(flags)) sprinkleFlagNulls(r, flag);
  const contexts = Array.from({ length: size.contexts }, () => generateContext(r));
  const defaults = contexts.map(() => r.pick(DEFAULT_VALUES));
  return { seed, index, flags, segments, contexts, defaults, flagKeys };
}

/** Number of cases in a data set of the given size. */
export function casesPerDataSet(size: DataSetSize = DEFAULT_SIZE): number {
  return size.flags * size.contexts + Math.ceil(size.contexts / MISSING_FLAG_EVERY);
}

/** The missing flag is evaluated for contexts 0, 4, 8, … only: one error kind needs few cases. */
const MISSING_FLAG_EVERY = 4;

/**
 * The cases of a data set, in a fixed order (context-major), numbered from `firstCaseIndex`.
 */
export function casesOf(dataSet: DataSet, firstCaseIndex: number): Case[] {
  const cases: Case[] = [];
  dataSet.contexts.forEach(({ shape, context }, contextIndex) => {
    const keys = contextIndex % MISSING_FLAG_EVERY === 0 ? [...dataSet.flagKeys, MISSING_FLAG_KEY] : dataSet.flagKeys;
    for (const flagKey of keys) {
      cases.push({
        caseIndex: firstCaseIndex + cases.length,
        dataSet,
        flagKey,
        contextIndex,
        context,
        shape,
        defaultValue: dataSet.defaults[contextIndex],
      });
    }
  });
  return cases;
}

/**
 * The flags and segments a flag's evaluation can touch (itself, prerequisites and segments,
 * transitively), for a minimal reproduction.
 */
export function dependenciesOf(dataSet: DataSet, flagKey: string): { flags: Record<string, ItemJson>; segments: Record<string, ItemJson> } {
  const flags: Record<string, ItemJson> = {};
  const segments: Record<string, ItemJson> = {};
  const visitRules = (rules: unknown): void => {
    if (!Array.isArray(rules)) return;
    for (const rule of rules) {
      for (const clause of (rule as { clauses?: Array<{ op?: string; values?: unknown[] }> }).clauses ?? []) {
        if (clause.op !== 'segmentMatch') continue;
        for (const value of clause.values ?? []) {
          if (typeof value === 'string' && dataSet.segments[value] && !segments[value]) {
            segments[value] = dataSet.segments[value];
            visitRules(dataSet.segments[value].rules);
          }
        }
      }
    }
  };
  const visitFlag = (key: string): void => {
    const flag = dataSet.flags[key];
    if (!flag || flags[key]) return;
    flags[key] = flag;
    visitRules(flag.rules);
    for (const prereq of (flag.prerequisites as Array<{ key: string }> | undefined) ?? []) visitFlag(prereq.key);
  };
  visitFlag(flagKey);
  return { flags, segments };
}
