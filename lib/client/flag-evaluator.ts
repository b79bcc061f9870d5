import { type EvaluationContext, type InvalidContext, parseContext } from '../context/evaluation-context';
import type { EvaluationDetail, EvaluationReason } from '../evaluation/evaluation-reason';
import { evaluate } from '../evaluation/evaluator';
import type { EvaluationLookup, PrerequisiteListener } from '../evaluation/evaluation-lookup';
import type { PreparedFlag } from '../evaluation/prepared-flag';
import type { EventProcessor } from '../events/event-processor';
import type { Logger } from '../logging/logger';
import type { HookRunner } from './hook-runner';

/**
 * The result of an evaluation that failed before or instead of serving a variation: the default
 * value, reported as `null` when the caller gave none (LaunchDarkly's `EvalResult.forError`).
 */
function errorResult<T>(defaultValue: T, reason: EvaluationReason): EvaluationDetail<T> {
  return { value: defaultValue ?? (null as T), variationIndex: null, reason };
}

/** The JSON type a typed variation method expects; `any` for `variation`/`jsonVariation`. */
export type ExpectedType = 'boolean' | 'number' | 'string' | 'any';

const reason = (errorKind: 'CLIENT_NOT_READY' | 'USER_NOT_SPECIFIED' | 'FLAG_NOT_FOUND' | 'WRONG_TYPE' | 'EXCEPTION'): EvaluationReason =>
  Object.freeze({ kind: 'ERROR', errorKind });
const NOT_READY = reason('CLIENT_NOT_READY');
const NO_CONTEXT = reason('USER_NOT_SPECIFIED');
const NOT_FOUND = reason('FLAG_NOT_FOUND');
const WRONG_TYPE = reason('WRONG_TYPE');
const EXCEPTION = reason('EXCEPTION');

// Local copies of imported values used per evaluation: on this file's path they measurably pay
// (docs/evaluation.md, "Speed"); elsewhere imports are used as they are.
const parse = parseContext;
const evaluateFlag = evaluate;

type RecordEvaluation = NonNullable<EventProcessor['recordEvaluationArgs']>;

/**
 * The client's evaluation sequence, the only one: every variation method, `variation$`, the
 * conformance harness, the specs and the benchmarks run it. In the LaunchDarkly Node SDK's order
 * (`_variationInternal`; see docs/evaluation.md, "Reasons and errors"):
 * 1. not ready ⇒ `ERROR`/`CLIENT_NOT_READY`;
 * 2. the context is parsed (an already parsed context is used as is); invalid ⇒
 *    `ERROR`/`USER_NOT_SPECIFIED`;
 * 3. the flag is looked up; missing or deleted ⇒ `ERROR`/`FLAG_NOT_FOUND`;
 * 4. the flag is evaluated (`evaluate`); when no variation is served (`variationIndex` null) the
 *    default replaces the value, the reason is kept;
 * 5. a typed method (`expected` not `any`) whose served value (default included) is not of the
 *    expected JSON type ⇒ `ERROR`/`WRONG_TYPE` with the default.
 * In steps 1–3 and 5 a default of `undefined` is reported as `null`, as the Node SDK does.
 * Hooks run around it and analytics events record it. Never throws: any failure yields the
 * default value with an error reason.
 */
export class FlagEvaluator {
  /** The context of the evaluation in progress, for prerequisite events (evaluation is synchronous). */
  private current: EvaluationContext | undefined;
  private currentWithReason = false;
  private readonly onPrerequisite: PrerequisiteListener | undefined;
  /** Records one evaluation event, without building an event object when the processor allows it. */
  private readonly recordEvent: RecordEvaluation | undefined;
  private readonly warned = new Set<string>();

  /**
   * @param lookup the store (passed as is: the evaluator's hot call sites stay monomorphic)
   * @param ready false until the first full data set, and after close
   * @param offline offline mode: not being ready is expected, so it is not warned about
   */
  constructor(
    private readonly lookup: EvaluationLookup,
    private readonly ready: () => boolean,
    private readonly hooks: HookRunner,
    events: EventProcessor | undefined,
    private readonly logger: Logger,
    private readonly offline = false,
  ) {
    const record: RecordEvaluation | undefined = !events
      ? undefined
      : events.recordEvaluationArgs
        ? events.recordEvaluationArgs.bind(events)
        : (flagKey, flag, context, detail, defaultValue, withReason, prereqOf) =>
            events.recordEvaluation({ flagKey, flag, context, detail, defaultValue, withReason, prereqOf });
    this.recordEvent = record;
    this.onPrerequisite = record
      ? (prerequisite: PreparedFlag, detail: EvaluationDetail, prereqOf: PreparedFlag) => {
          if (this.current) record(prerequisite.flag.key, prerequisite.flag, this.current, detail, null, this.currentWithReason, prereqOf.flag.key);
        }
      : undefined;
  }

  /**
   * Evaluates `key` for `contextInput`, running hooks and recording events.
   *
   * @param method the public method's name, for hooks
   * @param withReason whether the caller asked for details (reasons go into feature events)
   */
  detail<T>(key: string, contextInput: unknown, defaultValue: T, expected: ExpectedType, method: string, withReason: boolean): EvaluationDetail<T> {
    if (this.hooks.empty) return this.evaluateAndRecord(key, contextInput, defaultValue, expected, withReason, true, method);
    return this.hooks.run({ flagKey: key, context: contextInput, defaultValue, method }, () =>
      this.evaluateAndRecord(key, contextInput, defaultValue, expected, withReason, true, method),
    );
  }

  /**
   * False when an evaluation has no observer (no hooks, no event processor): then {@link detail}
   * returns what {@link peek} returns, and a caller holding a peeked result need not evaluate again.
   */
  get observed(): boolean {
    return !this.hooks.empty || this.recordEvent !== undefined;
  }

  /** Evaluates without hooks or events (used to detect changes for `variation$`). */
  peek<T>(key: string, contextInput: unknown, defaultValue: T, expected: ExpectedType): EvaluationDetail<T> {
    return this.evaluateAndRecord(key, contextInput, defaultValue, expected, false, false, 'peek');
  }

  private evaluateAndRecord<T>(
    key: string,
    input: unknown,
    defaultValue: T,
    expected: ExpectedType,
    withReason: boolean,
    record: boolean,
    method: string,
  ): EvaluationDetail<T> {
    // Same order as LaunchDarkly's Node SDK: readiness, then the context, then the flag.
    if (!this.ready()) {
      // A live subscription (`variation$`) made before initialization is normal: it updates itself.
      if (record && !this.offline && !method.endsWith('$')) this.warnOnce('not-ready', () => `variation for flag '${key}' called before the client was initialized; returning the default value`);
      return errorResult(defaultValue, NOT_READY);
    }
    const context = parse(input);
    if (!context.valid) {
      if (record) this.warnOnce(`invalid-context:${key}`, () => `variation for flag '${key}': ${(context as InvalidContext).message}; returning the default value`);
      return errorResult(defaultValue, NO_CONTEXT);
    }
    const flag = this.lookup.getFlag(key);
    if (flag === undefined || flag.flag.deleted === true) {
      if (record) {
        this.warnOnce(`unknown:${key}`, () => `unknown flag '${key}'; returning the default value`);
        this.recordEvent?.(key, undefined, context, errorResult(defaultValue, NOT_FOUND), defaultValue, withReason);
      }
      return errorResult(defaultValue, NOT_FOUND);
    }
    let detail: EvaluationDetail;
    try {
      this.current = context;
      this.currentWithReason = withReason;
      detail = evaluateFlag(flag, context, this.lookup, record ? this.onPrerequisite : undefined);
    } catch (error) {
      this.logger.error(`evaluating flag '${key}' failed: ${String(error)}`);
      detail = errorResult(defaultValue, EXCEPTION);
    } finally {
      this.current = undefined;
    }
    // As in the Node SDK: the default replaces a missing variation, then the typed methods check
    // the type of whatever is served (so a default of the wrong type is WRONG_TYPE too).
    let result: EvaluationDetail<T> =
      detail.variationIndex === null ? { value: defaultValue, variationIndex: null, reason: detail.reason } : (detail as EvaluationDetail<T>);
    if (expected !== 'any' && typeof result.value !== expected) result = errorResult(defaultValue, WRONG_TYPE);
    if (record && this.recordEvent) this.recordEvent(key, flag.flag, context, result, defaultValue, withReason);
    return result;
  }

  /** Logs a per-call problem once per distinct cause, so a hot loop cannot flood the log. */
  private warnOnce(cause: string, message: () => string): void {
    if (this.warned.has(cause)) return;
    if (this.warned.size < 1000) this.warned.add(cause);
    this.logger.warn(message());
  }
}
