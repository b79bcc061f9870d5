import { evaluateFlagKey } from '../lib/evaluation/evaluate-flag-key';
import { loadFlagstreamLookup } from '../spec/conformance/flagstream-evaluator';
import type { BenchEvaluatorFactory } from './evaluators';

/**
 * flagstream's evaluator without the client: the data decoded and loaded into a `FlagStore`
 * (flags prepared once), then `evaluateFlagKey(store, key, context, default).value` per call —
 * synchronous. Replace this factory with one calling `client.variation` once the client exists.
 */
export const flagstreamBenchEvaluator: BenchEvaluatorFactory = async (data) => {
  const lookup = loadFlagstreamLookup(data);
  return {
    name: 'flagstream',
    variation: (flagKey, context, defaultValue) => evaluateFlagKey(lookup, flagKey, context, defaultValue).value,
    close: () => undefined,
  };
};
