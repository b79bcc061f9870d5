import { sendJson } from '../http/http-io';
import type { ServerRoute } from '../http/server-route';

/**
 * `GET /api/me` (any valid token): who the token is, so that a UI shows only what it may do:
 * `{ "name": "ci-bot", "role": "writer", "environments": ["staging"] | null }` (`null`: every
 * environment). The bootstrap admin token is `bootstrap`/`admin`; open dev mode is `dev`/`admin`.
 */
export function whoAmIRoute(): ServerRoute {
  return {
    method: 'GET',
    path: '/api/me',
    auth: 'admin',
    access: 'read',
    handle({ res, principal }) {
      sendJson(res, 200, {
        name: principal?.name ?? 'dev',
        role: principal?.role ?? 'admin',
        environments: principal?.environments ?? null,
      });
    },
  };
}
