import { parseContext } from '../context/evaluation-context';
import { evaluate } from '../evaluation/evaluator';
import type { EvaluationLookup } from '../evaluation/evaluation-lookup';
import type { PreparedFlag } from '../evaluation/prepared-flag';
import { isExperiment } from '../events/is-experiment';
import type { Flag } from '../model/flag';
import { type FlagMetadata, FlagsState, type FlagsStateOptions } from './flags-state';

const INVALID = new FlagsState(false, Object.freeze({}), Object.freeze({}));

/**
 * Evaluates every flag for one context, as LaunchDarkly's `allFlagsState` (docs/evaluation.md, "allFlagsState"):
 * no analytics events; an invalid context gives an empty, invalid state.
 */
export function buildFlagsState(
  flags: readonly Flag[],
  lookup: EvaluationLookup,
  contextInput: unknown,
  options: FlagsStateOptions,
): FlagsState {
  const context = parseContext(contextInput);
  if (!context.valid) return INVALID;
  const values: Record<string, unknown> = {};
  const metadata: Record<string, FlagMetadata> = {};
  for (const model of flags) {
    if (options.clientSideOnly && !model.clientSideAvailability?.usingEnvironmentId) continue;
    const flag = lookup.getFlag(model.key);
    if (!flag) continue;
    const prerequisites: string[] = [];
    const onPrerequisite = (prerequisite: PreparedFlag, _detail: unknown, prereqOf: PreparedFlag) => {
      if (prereqOf === flag) prerequisites.push(prerequisite.flag.key);
    };
    const detail = evaluate(flag, context, lookup, onPrerequisite);
    const trackReason = isExperiment(model, detail.reason);
    const trackEvents = model.trackEvents === true || trackReason;
    const debugUntil = model.debugEventsUntilDate ?? undefined;
    const omitDetails = options.detailsOnlyForTrackedFlags === true && !trackEvents && !trackReason && debugUntil === undefined;
    const meta: FlagMetadata = {};
    if (detail.variationIndex !== null) meta.variation = detail.variationIndex;
    if (!omitDetails) meta.version = model.version;
    if (trackReason || (options.withReasons && !omitDetails)) meta.reason = detail.reason;
    if (trackEvents) meta.trackEvents = true;
    if (trackReason) meta.trackReason = true;
    if (debugUntil !== undefined) meta.debugEventsUntilDate = debugUntil;
    if (prerequisites.length > 0) meta.prerequisites = prerequisites;
    values[model.key] = detail.value;
    metadata[model.key] = meta;
  }
  return new FlagsState(true, values, metadata);
}

/** The state returned when the client cannot evaluate (not ready, offline, closed). */
export function invalidFlagsState(): FlagsState {
  return INVALID;
}
