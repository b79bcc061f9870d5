import { prepareFlag } from '../../lib/evaluation/prepared-flag';
import { prepareSegment } from '../../lib/evaluation/prepared-segment';
import { evaluateFlagKey } from '../../lib/evaluation/evaluate-flag-key';
import type { EvaluationLookup } from '../../lib/evaluation/evaluation-lookup';
import { decodeOrThrow } from '../../lib/model/decode';
import { FlagData } from '../../lib/model/flag-data';
import { FlagStore } from '../../lib/store/flag-store';
import type { EvaluatorFactory } from './harness';
import type { RawFlagData } from './launchdarkly-runner';

/**
 * Loads raw LaunchDarkly JSON the way the SDK does: decode with the `FlagData` codec, then
 * `FlagStore.init` (deleted items become tombstones, every item is prepared once). The store is
 * the {@link EvaluationLookup}. Throws a `PayloadDecodeError` if the JSON does not decode.
 *
 * @param data flags and segments (deep-copied first: the store freezes what it holds)
 */
export function loadFlagstreamLookup(data: RawFlagData): EvaluationLookup {
  const decoded = decodeOrThrow(FlagData, structuredClone(data), 'conformance data set');
  const store = new FlagStore({ prepareFlag, prepareSegment });
  store.init({ flags: decoded.flags ?? {}, segments: decoded.segments ?? {} });
  return store;
}

/**
 * The flagstream side of the conformance harness: `evaluateFlagKey(lookup, key, context,
 * default)`, synchronous, over {@link loadFlagstreamLookup}.
 */
export const flagstreamEvaluator: EvaluatorFactory = (data) => {
  const lookup = loadFlagstreamLookup(data);
  return {
    evaluate: (flagKey, context, defaultValue) => evaluateFlagKey(lookup, flagKey, context, defaultValue),
    close: () => undefined,
  };
};
