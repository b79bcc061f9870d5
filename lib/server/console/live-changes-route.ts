import type { Observable } from 'rxjs';
import { filter } from 'rxjs';
import { ServerRequestError } from '../../errors/server-request-error';
import type { DataChange } from '../data-change';
import type { ServerRoute } from '../http/server-route';

/** One `change` event of the live stream (the item itself is fetched by whoever needs it). */
export interface LiveChange {
  readonly kind: DataChange['kind'];
  readonly key: string;
  readonly version: number;
  readonly deleted: boolean;
}

/**
 * `GET /api/environments/:env/live` (read access; a token scoped to other environments gets 403): a `text/event-stream` that sends
 * `event: change` with `{kind, key, version, deleted}` for every accepted change of the
 * environment, from whichever source (the admin API, another console tab, a scheduled change,
 * another replica), and a comment line every `keepAliveMs` so proxies keep it open. It starts
 * with `event: ready`. It ends when the client goes away or the server closes.
 *
 * The console reads it with `fetch` (so that the token travels in `Authorization`, never in the
 * URL) and refetches what changed.
 */
export function liveChangesRoute(changes$: Observable<DataChange>, keepAliveMs: number): ServerRoute {
  return {
    method: 'GET',
    path: '/api/environments/:env/live',
    auth: 'admin',
    access: 'read',
    handle({ req, res, params, repository }) {
      const environment = repository.environment(params.env);
      if (!environment) throw new ServerRequestError(404, `Unknown environment "${params.env}"`);
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Accel-Buffering': 'no',
      });
      res.write('event: ready\ndata: {}\n\n');
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
      keepAlive.unref();
      const subscription = changes$.pipe(filter((change) => change.environment === environment.key)).subscribe({
        next(change) {
          const event: LiveChange = { kind: change.kind, key: change.key, version: change.version, deleted: change.item === undefined };
          res.write(`event: change\ndata: ${JSON.stringify(event)}\n\n`);
        },
        complete: () => res.end(),
      });
      const stop = () => {
        clearInterval(keepAlive);
        subscription.unsubscribe();
      };
      req.socket.once('close', stop);
      res.once('close', stop);
    },
  };
}
