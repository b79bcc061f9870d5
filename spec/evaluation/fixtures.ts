import assert from 'node:assert/strict';
import { EvaluationContext, parseContext } from '../../lib/context/evaluation-context';
import type { EvaluationLookup, PrerequisiteListener } from '../../lib/evaluation/evaluation-lookup';
import type { EvaluationDetail } from '../../lib/evaluation/evaluation-reason';
import { evaluate } from '../../lib/evaluation/evaluator';
import { PreparedFlag, prepareFlag } from '../../lib/evaluation/prepared-flag';
import { PreparedSegment, prepareSegment } from '../../lib/evaluation/prepared-segment';
import type { Flag } from '../../lib/model/flag';
import type { Segment } from '../../lib/model/segment';

/** A flag with two variations (`false`, `true`), on, falling through to `false` unless overridden. */
export function flag(fields: Partial<Flag> & { key?: string } = {}): Flag {
  return { key: 'f', version: 1, on: true, salt: 'salt', variations: [false, true], offVariation: 0, fallthrough: { variation: 0 }, ...fields };
}

/** A segment with the given fields. */
export function segment(fields: Partial<Segment> & { key: string }): Segment {
  return { version: 1, salt: 'salty', ...fields };
}

/** A lookup over prepared copies of `flags` and `segments`. */
export function lookupOf(flags: readonly Flag[] = [], segments: readonly Segment[] = []): EvaluationLookup & {
  flags: Map<string, PreparedFlag>;
  segments: Map<string, PreparedSegment>;
} {
  const preparedFlags = new Map(flags.map((f) => [f.key, prepareFlag(f)]));
  const preparedSegments = new Map(segments.map((s) => [s.key, prepareSegment(s)]));
  return {
    flags: preparedFlags,
    segments: preparedSegments,
    getFlag: (key) => preparedFlags.get(key),
    getSegment: (key) => preparedSegments.get(key),
  };
}

/** Parses a context that must be valid. */
export function ctx(input: unknown): EvaluationContext {
  const context = parseContext(input);
  if (!context.valid) assert.fail(`invalid test context: ${context.message}`);
  return context;
}

/** A user context with key `key` and extra attributes. */
export function user(key: string, attributes: Record<string, unknown> = {}): EvaluationContext {
  return ctx({ kind: 'user', key, ...attributes });
}

/** Evaluates `subject` (prepared alone, with `others` as the lookup's data) for `context`. */
export function evaluateFlag(
  subject: Flag,
  context: EvaluationContext | Record<string, unknown>,
  others: { flags?: readonly Flag[]; segments?: readonly Segment[]; onPrerequisite?: PrerequisiteListener } = {},
): EvaluationDetail {
  const lookup = lookupOf([subject, ...(others.flags ?? [])], others.segments ?? []);
  const parsed = 'valid' in context ? (context as EvaluationContext) : ctx(context);
  return evaluate(lookup.getFlag(subject.key)!, parsed, lookup, others.onPrerequisite);
}

/** `{ value, variationIndex, reason }` as a plain object (the evaluator's results are frozen). */
export function plain(detail: EvaluationDetail): unknown {
  return { value: detail.value, variationIndex: detail.variationIndex, reason: { ...detail.reason } };
}

export const MALFORMED = { kind: 'ERROR', errorKind: 'MALFORMED_FLAG' } as const;
