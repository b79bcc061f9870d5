import * as E from 'fp-ts/Either';
import { ServerRequestError } from '../../errors/server-request-error';
import { decode } from '../../model/decode';
import type { ReceivedEvent } from '../event-batch';
import type { FlagServerPlugin } from '../flag-server-plugin';
import { sendJson } from '../http/http-io';
import { type AnalyticsEvent, EventBatchBody } from './event-batch-codec';
import { EnvironmentInsights } from './environment-insights';
import { buildInsightsReport } from './insights-report';
import { type InsightsOptions, resolveInsightsOptions } from './insights-options';
import { parseInsightsQuery } from './insights-query';
import { InsightsStore } from './insights-store';
import type { Logger } from '../../logging/logger';

/**
 * The insights module of the flag server (registered by `createFlagServer` unless
 * `insights: false`): it checks every `POST /bulk` batch against the event schema, counts
 * accepted batches per environment, and serves the counts to admins.
 *
 * - `checkEvents`: decodes the batch (see `event-batch-codec.ts`); a bad batch is refused with
 *   `400` and the path of every problem, and nothing of it is counted. Unknown event kinds are
 *   accepted and not counted. (The server ignores a retried batch, same payload id, before any
 *   plugin sees it.)
 * - `onEvents`: counts the batch in its environment's time buckets (see `EnvironmentInsights`).
 * - `GET /api/environments/:env/insights?flag=&from=&to=` (admin auth): the report (see
 *   `InsightsReport`); `404` for an unknown environment, `400` for a bad query.
 *
 * @example
 * ```ts
 * createFlagServer({ adminToken, insights: { tiers: [{ bucketMs: 10_000, keepMs: 3_600_000 }] } });
 * // GET /api/environments/production/insights?flag=new-checkout&from=2024-05-01
 * // → { "flag": { "evaluations": 2000, "variations": [{ "variation": 0, "count": 603, "percent": 30.15 }, …] }, … }
 * ```
 * @throws ServerConfigError when an option is invalid
 */
export function createInsightsPlugin(options: InsightsOptions = {}): FlagServerPlugin {
  const resolved = resolveInsightsOptions(options);
  const retentionMs = resolved.tiers[resolved.tiers.length - 1].keepMs;
  const environments = new Map<string, EnvironmentInsights>();
  /** Batches decoded by `checkEvents`, until `onEvents` counts them. */
  const decoded = new WeakMap<readonly ReceivedEvent[], readonly AnalyticsEvent[]>();

  /** The database side, once the server's store is open (`start`). */
  let persisted: InsightsStore | undefined;
  let storeLogger: Logger | undefined;

  const decodeBatch = (events: readonly ReceivedEvent[]) => decode(EventBatchBody, events, 'event batch');
  const environmentInsights = (key: string) => {
    let insights = environments.get(key);
    if (insights === undefined) {
      insights = new EnvironmentInsights(resolved);
      environments.set(key, insights);
    }
    return insights;
  };

  return {
    name: 'insights',
    checkEvents(events) {
      const result = decodeBatch(events);
      if (E.isLeft(result)) return result.left.issues;
      decoded.set(events, result.right);
      return undefined;
    },
    onEvents(batch) {
      let events = decoded.get(batch.events);
      if (events === undefined) {
        const result = decodeBatch(batch.events);
        if (E.isLeft(result)) return;
        events = result.right;
      }
      decoded.delete(batch.events);
      environmentInsights(batch.environment).record(events, batch.receivedAt);
      persisted?.add(batch.environment, { receivedAt: batch.receivedAt, events });
    },
    start({ store, logger }) {
      persisted = new InsightsStore(store.database, retentionMs, resolved.now, logger);
      storeLogger = logger;
    },
    routes: [
      {
        method: 'GET',
        path: '/api/environments/:env/insights',
        auth: 'admin',
        async handle({ res, params, query, repository }) {
          const environment = repository.environment(params.env);
          if (!environment) throw new ServerRequestError(404, `Unknown environment "${params.env}"`);
          const now = resolved.now();
          const parsed = parseInsightsQuery(query, now, retentionMs);
          let source = environments.get(environment.key);
          if (persisted) {
            try {
              // Every replica's batches of the retention window, counted as this process would.
              const stored = await persisted.read(environment.key, now - retentionMs, now + 1);
              source = new EnvironmentInsights(resolved);
              for (const batch of stored) source.record(batch.events, batch.receivedAt);
            } catch (error) {
              storeLogger?.warn(`Insights: the database could not be read (${(error as Error).message}); answering with this process's counts only`);
            }
          }
          const buckets = source?.select(parsed.from, parsed.to, now) ?? [];
          const defined = new Set(environment.list('flags').map((flag) => flag.key));
          sendJson(res, 200, buildInsightsReport(environment.key, defined, buckets, parsed));
        },
      },
    ],
    async close() {
      await persisted?.close();
      environments.clear();
    },
  };
}
