import type { BenchEvaluator, BenchEvaluatorFactory } from './evaluators';
import type { ContextInput } from '../lib/context/context-input';
import type { FlagstreamModules } from './flagstream-modules';

/** Most milliseconds to wait for the client's first data set (it arrives synchronously). */
const INIT_TIMEOUT_MS = 5_000;

/**
 * flagstream as an application uses it: `createClient({ dataSource, sendEvents: false, logger:
 * silentLogger })` fed by a `TestData` holding the data set (`usePreconfiguredFlag`/`Segment`,
 * so every item goes through the same decoding as a streamed one; TestData emits one `put` then
 * `status VALID`), awaited with `waitForInitialization`, then `client.variation(key, context,
 * default)` per call — synchronous. No hooks, no analytics events.
 *
 * @param modules where flagstream is loaded from (`lib/` through tsx, or the build in `dist/`)
 */
export function flagstreamClientEvaluator(modules: FlagstreamModules): BenchEvaluatorFactory {
  return async (data): Promise<BenchEvaluator> => {
    const { createClient, TestData, silentLogger } = modules.api;
    const td = new TestData();
    for (const flag of Object.values(data.flags)) await td.usePreconfiguredFlag(flag);
    for (const segment of Object.values(data.segments)) await td.usePreconfiguredSegment(segment);
    const client = createClient({ dataSource: td, sendEvents: false, logger: silentLogger });
    await client.waitForInitialization({ timeout: INIT_TIMEOUT_MS });
    return {
      name: 'flagstream',
      variation: (flagKey, context, defaultValue) => client.variation(flagKey, context as ContextInput, defaultValue),
      close: () => void client.close(),
    };
  };
}

/**
 * flagstream's evaluation sequence without the client: the data decoded with the `FlagData` codec
 * and loaded into a `FlagStore` (flags prepared once), then the client's own `FlagEvaluator`
 * (the one path every variation method runs: context parsing, lookup, evaluation, default and
 * type handling) with no hooks and no event processor, `detail(key, context, default, 'any',
 * …).value` per call. Measured next to {@link flagstreamClientEvaluator} so the client's
 * overhead (the public method, hooks and events plumbing) shows.
 *
 * @param modules where flagstream is loaded from (`lib/` through tsx, or the build in `dist/`)
 */
export function flagstreamBareEvaluator(modules: FlagstreamModules): BenchEvaluatorFactory {
  return async (data): Promise<BenchEvaluator> => {
    const { FlagStore, FlagData, decodeOrThrow, prepareFlag, prepareSegment, FlagEvaluator, HookRunner } = modules;
    const { silentLogger } = modules.api;
    const decoded = decodeOrThrow(FlagData, structuredClone(data), 'benchmark data set');
    const store = new FlagStore({ prepareFlag, prepareSegment });
    store.init({ flags: decoded.flags ?? {}, segments: decoded.segments ?? {} });
    const evaluator = new FlagEvaluator(store, () => true, new HookRunner([], silentLogger), undefined, silentLogger);
    return {
      name: 'evaluator only',
      variation: (flagKey, context, defaultValue) => evaluator.detail(flagKey, context, defaultValue, 'any', 'variation', false).value,
      close: () => undefined,
    };
  };
}
