/**
 * Comparison of two evaluation results, field by field (`value`, `variationIndex`, `reason`),
 * and the text printed for a disagreement.
 */

/** An evaluation result as either SDK returns it, or the error an SDK threw instead. */
export type Outcome =
  | { readonly value: unknown; readonly variationIndex?: number | null; readonly reason: unknown }
  | { readonly threw: string };

/** Which fields of two outcomes differ (empty when they agree). */
export type DifferingField = 'value' | 'variationIndex' | 'reason' | 'threw';

/**
 * Canonical JSON: object keys sorted, `undefined` properties dropped (as `JSON.stringify` does),
 * so `{ruleId: undefined, kind}` equals `{kind}` and key order never matters.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(sortKeys(value)) ?? 'undefined';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * The fields on which `actual` differs from `expected`. `variationIndex` absent counts as null
 * (LaunchDarkly's JSON form of "no variation").
 */
export function differingFields(expected: Outcome, actual: Outcome): DifferingField[] {
  if ('threw' in expected || 'threw' in actual) {
    return 'threw' in expected && 'threw' in actual ? [] : ['threw'];
  }
  const fields: DifferingField[] = [];
  if (canonicalJson(expected.value) !== canonicalJson(actual.value)) fields.push('value');
  if ((expected.variationIndex ?? null) !== (actual.variationIndex ?? null)) fields.push('variationIndex');
  if (canonicalJson(expected.reason) !== canonicalJson(actual.reason)) fields.push('reason');
  return fields;
}

/** One line per outcome: `{"reason":…,"value":…,"variationIndex":…}` or `threw: message`. */
export function describeOutcome(outcome: Outcome): string {
  if ('threw' in outcome) return `threw: ${outcome.threw}`;
  return canonicalJson({ value: outcome.value, variationIndex: outcome.variationIndex ?? null, reason: outcome.reason });
}

/** A context as text: JSON, except for values JSON cannot show (`undefined`). */
export function describeContext(context: unknown): string {
  return context === undefined ? 'undefined' : canonicalJson(context);
}

/** Turns a thrown value into an {@link Outcome}. */
export function threwOutcome(err: unknown): Outcome {
  return { threw: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}
