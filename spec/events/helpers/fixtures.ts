import assert from 'node:assert/strict';
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { type EvaluationContext, parseContext } from '../../../lib/context/evaluation-context';
import type { EvaluationDetail, EvaluationReason } from '../../../lib/evaluation/evaluation-reason';
import type { EventProcessor } from '../../../lib/events/event-processor';
import type { Flag } from '../../../lib/model/flag';

/** Parses a context, failing the test when it is invalid. */
export function ctx(input: unknown): EvaluationContext {
  const parsed = parseContext(input);
  if (!parsed.valid) assert.fail(parsed.message);
  return parsed;
}

/** Real timers (asyncScheduler) with a clock the test sets. */
export class ManualClock {
  time = 1_700_000_000_000;
  readonly scheduler: SchedulerLike = {
    now: () => this.time,
    schedule: ((work: never, delay?: number, state?: never) => asyncScheduler.schedule(work, delay, state)) as SchedulerLike['schedule'],
  };
}

/** What {@link evaluation} needs besides the flag and context. */
export interface EvaluationOptions {
  readonly variation?: number | null;
  readonly value?: unknown;
  readonly defaultValue?: unknown;
  readonly reason?: EvaluationReason;
  readonly withReason?: boolean;
  readonly prereqOf?: string;
}

/** Records one evaluation of `flag` (undefined: unknown flag `key`) as the client would. */
export function evaluation(events: EventProcessor, key: string, flag: Flag | undefined, context: EvaluationContext, options: EvaluationOptions = {}): void {
  const variation = options.variation === undefined ? (flag ? 0 : null) : options.variation;
  const value = 'value' in options ? options.value : variation === null ? options.defaultValue : flag?.variations?.[variation];
  const reason: EvaluationReason = options.reason ?? (flag ? { kind: 'FALLTHROUGH' } : { kind: 'ERROR', errorKind: 'FLAG_NOT_FOUND' });
  const detail: EvaluationDetail = { value, variationIndex: variation, reason };
  events.recordEvaluation({
    flagKey: key,
    flag,
    context,
    detail,
    defaultValue: options.defaultValue,
    withReason: options.withReason ?? false,
    ...(options.prereqOf !== undefined ? { prereqOf: options.prereqOf } : {}),
  });
}
