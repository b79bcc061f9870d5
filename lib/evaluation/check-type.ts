import type { EvaluationDetail } from './evaluation-reason';
import { errorDetail } from './evaluation-results';

/** The value types of LaunchDarkly's typed variation methods. */
export type ExpectedType = 'boolean' | 'number' | 'string' | 'json';

const WRONG_TYPE = errorDetail('WRONG_TYPE').reason;

/**
 * Applies a typed variation's check (`boolVariation`, `numberVariation`, `stringVariation`; `json`
 * accepts anything), as the Node SDK does after `evaluateFlagKey`: when the served value (after
 * default substitution) is not of the expected JSON type, the result becomes `ERROR`/`WRONG_TYPE`
 * with the default value (`null` for an `undefined` default). Results of an invalid context, an
 * unknown flag or an unready client are returned unchanged (the Node SDK checks types only after
 * an evaluation). Arrays are never booleans, numbers or strings.
 *
 * @example
 * checkType({ value: 'yes', variationIndex: 1, reason: { kind: 'FALLTHROUGH' } }, false, 'boolean');
 * // { value: false, variationIndex: null, reason: { kind: 'ERROR', errorKind: 'WRONG_TYPE' } }
 *
 * @param detail the result of `evaluateFlagKey`
 * @param defaultValue the caller's default
 * @param expected the expected type
 */
export function checkType<T>(detail: EvaluationDetail<unknown>, defaultValue: T, expected: ExpectedType): EvaluationDetail<T> {
  if (expected === 'json' || typeof detail.value === expected) return detail as EvaluationDetail<T>;
  const reason = detail.reason;
  if (reason.kind === 'ERROR') {
    const kind = reason.errorKind;
    if (kind === 'USER_NOT_SPECIFIED' || kind === 'FLAG_NOT_FOUND' || kind === 'CLIENT_NOT_READY') return detail as EvaluationDetail<T>;
  }
  return { value: defaultValue ?? (null as T), variationIndex: null, reason: WRONG_TYPE };
}
