import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Observable } from 'rxjs';
import { ServerRequestError } from '../../errors/server-request-error';
import type { DataChange } from '../data-change';
import type { ServerRoute } from '../http/server-route';
import { type ConsoleAsset, loadConsoleAssets } from './console-assets';
import { liveChangesRoute } from './live-changes-route';
import { whoAmIRoute } from './whoami-route';

/** What the console routes need from the server. */
export interface ConsoleRouteDeps {
  /** Every accepted change (the server's `changes$`). */
  readonly changes$: Observable<DataChange>;
  /** Directories to look for the built console in; default {@link defaultConsoleDirs}. */
  readonly dirs?: readonly string[];
  /** Interval of the keep-alive comment on the live stream, ms. Default 15,000. */
  readonly keepAliveMs?: number;
}

/**
 * Content-Security-Policy of the console page: everything from this origin only (no CDN, no
 * inline script or style element), no framing.
 */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The web console's routes (auth `none`: the page itself holds no data; every request it makes
 * carries the API token):
 * - `GET /` the console page, `GET /console/:file` its script, style sheet and images;
 * - `GET /api/environments/:env/live` (read access): server-sent events, one per accepted change
 *   of the environment (see {@link liveChangesRoute});
 * - `GET /api/me` (any valid token): the token's name, role and environments (see {@link whoAmIRoute}).
 *
 * The bundle is read once, at the first request. When it was not built, `/` answers `503` naming
 * the command that builds it.
 */
export function consoleRoutes(deps: ConsoleRouteDeps): ServerRoute[] {
  let assets: Map<string, ConsoleAsset> | undefined;
  const bundle = () => (assets ??= loadConsoleAssets(deps.dirs));
  const serve = (req: IncomingMessage, res: ServerResponse, name: string) => {
    const files = bundle();
    if (files === undefined) {
      throw new ServerRequestError(503, 'The web console is not built: run `npm run build` (or `node scripts/build-console.mjs`)');
    }
    const asset = files.get(name);
    if (asset === undefined) {
      throw new ServerRequestError(404, `No such console file: ${name}`);
    }
    sendAsset(req, res, asset);
  };
  return [
    { method: 'GET', path: '/', auth: 'none', handle: ({ req, res }) => serve(req, res, 'index.html') },
    { method: 'GET', path: '/console/:file', auth: 'none', handle: ({ req, res, params }) => serve(req, res, params.file) },
    liveChangesRoute(deps.changes$, deps.keepAliveMs ?? 15_000),
    whoAmIRoute(),
  ];
}

function sendAsset(req: IncomingMessage, res: ServerResponse, asset: ConsoleAsset): void {
  const headers: Record<string, string> = {
    'Content-Type': asset.type,
    ETag: asset.etag,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    Vary: 'Accept-Encoding',
  };
  if (asset.name === 'index.html') {
    headers['Content-Security-Policy'] = CONSOLE_CSP;
    headers['X-Frame-Options'] = 'DENY';
    headers['Referrer-Policy'] = 'no-referrer';
  }
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, headers).end();
    return;
  }
  const gzip = asset.gzipped !== undefined && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? asset.gzipped! : asset.body;
  if (gzip) headers['Content-Encoding'] = 'gzip';
  headers['Content-Length'] = String(body.length);
  res.writeHead(200, headers).end(body);
}
