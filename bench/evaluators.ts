import { LaunchDarklyRunner, type RawFlagData } from '../spec/conformance/launchdarkly-runner';

/**
 * An SDK as the evaluation benchmark sees it: one data set loaded, then `variation` called many
 * times. A synchronous SDK returns the value; an asynchronous one returns a promise of it (the
 * benchmark awaits it inside the timed loop, as an application would).
 */
export interface BenchEvaluator {
  /** Column heading, e.g. `flagstream` or `LaunchDarkly`. */
  readonly name: string;
  /** `variation(flagKey, context, defaultValue)`: the served value. */
  variation(flagKey: string, context: unknown, defaultValue: unknown): unknown;
  /** Releases whatever the SDK holds (clients, timers). */
  close(): void;
}

/** Loads a data set (LaunchDarkly JSON) into a {@link BenchEvaluator}. */
export type BenchEvaluatorFactory = (data: RawFlagData) => Promise<BenchEvaluator>;

/**
 * `@launchdarkly/node-server-sdk` 9.x, loaded offline from the same JSON (TestData as update
 * processor, `sendEvents: false`): each call is `await client.variation(key, context, default)`.
 */
export const launchDarklyBenchEvaluator: BenchEvaluatorFactory = async (data) => {
  const runner = await LaunchDarklyRunner.open(data);
  return {
    name: 'LaunchDarkly',
    variation: (flagKey, context, defaultValue) => runner.variation(flagKey, context, defaultValue),
    close: () => runner.close(),
  };
};
