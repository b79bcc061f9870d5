import * as evaluationContext from '../context/evaluation-context';
import type { EvaluationLookup, PrerequisiteListener } from './evaluation-lookup';
import type { EvaluationDetail } from './evaluation-reason';
import { errorDetail } from './evaluation-results';
import * as evaluator from './evaluator';

// Local copies of imported values used per evaluation: under a CommonJS transpiler (tsx/esbuild)
// every read of an imported binding goes through getters, which is measurable on the hot path.
const { parseContext } = evaluationContext;
const { evaluate } = evaluator;

const USER_NOT_SPECIFIED = errorDetail('USER_NOT_SPECIFIED').reason;
const FLAG_NOT_FOUND = errorDetail('FLAG_NOT_FOUND').reason;

/**
 * The whole client-level evaluation of one flag, in the LaunchDarkly Node SDK's order
 * (`LDClientImpl._variationInternal`):
 * 1. the context is parsed (an already parsed context is used as is); invalid ⇒
 *    `ERROR`/`USER_NOT_SPECIFIED` with the default value;
 * 2. the flag is looked up; missing or deleted ⇒ `ERROR`/`FLAG_NOT_FOUND` with the default value;
 * 3. the flag is evaluated (see `evaluate`);
 * 4. when no variation was served (`variationIndex` null: an error, or off without
 *    `offVariation`), the default value replaces the value; the reason is kept.
 * In steps 1–2 a default of `undefined` is reported as `null`, as the Node SDK does. Never throws
 * (unless the lookup or the listener does).
 *
 * @example
 * evaluateFlagKey(lookup, 'new-checkout', { kind: 'user', key: 'u1' }, false);
 * // { value: true, variationIndex: 0, reason: { kind: 'FALLTHROUGH' } }
 *
 * @param lookup the flags and segments
 * @param key the flag key
 * @param contextInput the context as the application gave it (or a parsed context)
 * @param defaultValue served when no variation is
 * @param onPrerequisite called for each prerequisite flag evaluated (see `evaluate`)
 */
export function evaluateFlagKey<T>(
  lookup: EvaluationLookup,
  key: string,
  contextInput: unknown,
  defaultValue: T,
  onPrerequisite?: PrerequisiteListener,
): EvaluationDetail<T> {
  const context = parseContext(contextInput);
  if (!context.valid) return { value: defaultValue ?? (null as T), variationIndex: null, reason: USER_NOT_SPECIFIED };
  const flag = lookup.getFlag(key);
  if (flag === undefined || flag.flag.deleted) return { value: defaultValue ?? (null as T), variationIndex: null, reason: FLAG_NOT_FOUND };
  const detail = evaluate(flag, context, lookup, onPrerequisite);
  if (detail.variationIndex === null) return { value: defaultValue, variationIndex: null, reason: detail.reason };
  return detail as EvaluationDetail<T>;
}
