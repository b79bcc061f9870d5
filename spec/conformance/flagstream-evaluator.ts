import { of } from 'rxjs';
import { createClient } from '../../lib/client/create-client';
import type { ContextInput } from '../../lib/context/context-input';
import type { DataSource } from '../../lib/data-sources/data-source';
import { silentLogger } from '../../lib/logging/logger';
import { decodeOrThrow } from '../../lib/model/decode';
import { FlagData } from '../../lib/model/flag-data';
import type { EvaluatorFactory } from './harness';
import type { RawFlagData } from './launchdarkly-runner';

/**
 * A data source that delivers `data` the way the SDK receives it: decoded with the `FlagData`
 * codec (throws a `PayloadDecodeError` if it does not decode), as one `put` then `VALID`.
 *
 * @param data flags and segments (deep-copied first: the store freezes what it holds)
 */
export function conformanceDataSource(data: RawFlagData): DataSource {
  const decoded = decodeOrThrow(FlagData, structuredClone(data), 'conformance data set');
  const put = { type: 'put', data: { flags: decoded.flags ?? {}, segments: decoded.segments ?? {} } } as const;
  return { connect: () => of(put, { type: 'status', state: 'VALID' } as const) };
}

/**
 * The flagstream side of the conformance harness: the public client, exactly as an application
 * calls it (`client.variationDetail(key, context, default)`, events off), over
 * {@link conformanceDataSource}. So the whole client path is checked against LaunchDarkly:
 * readiness, context validation, flag lookup, the evaluator and default substitution.
 */
export const flagstreamEvaluator: EvaluatorFactory = (data) => {
  const client = createClient({ dataSource: conformanceDataSource(data), sendEvents: false, logger: silentLogger });
  if (!client.initialized) throw new Error('the conformance data set did not initialize the client');
  return {
    evaluate: (flagKey, context, defaultValue) => client.variationDetail(flagKey, context as ContextInput, defaultValue),
    close: () => void client.close(),
  };
};
