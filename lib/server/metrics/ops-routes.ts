import { ServerRequestError } from '../../errors/server-request-error';
import { sendJson } from '../http/http-io';
import type { ServerRoute } from '../http/server-route';
import type { ServerMetrics } from './server-metrics';

/** What the operational routes need. */
export interface OpsRouteDeps {
  readonly metrics: ServerMetrics;
  /**
   * Why the server is not ready (e.g. `the store is unreachable: …`, `shutting down`), or
   * `undefined` when it is: the store answered, the data is loaded and other replicas' changes
   * are heard.
   */
  readonly notReady: () => Promise<string | undefined>;
}

/**
 * Routes for orchestrators and monitoring:
 * - `GET /ready` (no auth): `200 {"status":"ready"}` once the store is reachable and the data is
 *   loaded, `503 {"status":"not ready","error":…}` otherwise (before start, while the store is
 *   unreachable or its notification connection is lost, while shutting down). `GET /health`
 *   (liveness) is built into the server.
 * - `GET /metrics`: Prometheus text format. Protected like the admin API: any token whose role
 *   is at least `reader` and that is not limited to some environments (the metrics name every
 *   environment). Prometheus sends it with `authorization: { credentials_file: … }`.
 */
export function opsRoutes(deps: OpsRouteDeps): ServerRoute[] {
  return [
    {
      method: 'GET',
      path: '/ready',
      auth: 'none',
      async handle({ res }) {
        const reason = await deps.notReady();
        if (reason === undefined) sendJson(res, 200, { status: 'ready' });
        else sendJson(res, 503, { status: 'not ready', error: reason });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      auth: 'admin',
      access: 'read',
      async handle({ res, principal }) {
        if (principal?.environments !== undefined) {
          throw new ServerRequestError(403, `Token "${principal.name}" is limited to some environments; /metrics needs a token for all of them`);
        }
        const text = await deps.metrics.text();
        res.writeHead(200, { 'Content-Type': deps.metrics.contentType, 'Cache-Control': 'no-store' }).end(text);
      },
    },
  ];
}
