import * as t from 'io-ts';
import { ServerRequestError } from '../../errors/server-request-error';
import { sendJson } from '../http/http-io';
import type { ServerRoute } from '../http/server-route';
import type { Management } from './management';
import { commentOf, principalOf, readBody } from './request-helpers';

const CreateToken = t.intersection(
  [t.type({ name: t.string, role: t.string }), t.partial({ environments: t.array(t.string), comment: t.string })],
  'CreateToken',
);

/**
 * Named API tokens (role `admin`):
 * - `GET /api/tokens` → `{ items: [TokenView] }` (never secrets);
 * - `POST /api/tokens` `{ name, role, environments?, comment? }` → `201 { token, secret }`: the
 *   secret is shown this once;
 * - `DELETE /api/tokens/:id` (id or name) → `200 { token }` with `revokedAt`: refused at once.

 * - `GET /api/me` (any role): the calling token: `{ name, role, environments }` (`environments:
 *   null` for every environment), so a UI shows only what the token may do.
 */
export function tokenRoutes(management: () => Management): ServerRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/me',
      auth: 'admin',
      access: 'read',
      handle: (context) => {
        const { name, role, environments } = principalOf(context);
        sendJson(context.res, 200, { name, role, environments: environments ?? null });
      },
    },
    {
      method: 'GET',
      path: '/api/tokens',
      auth: 'admin',
      access: 'manage',
      handle: async (context) => sendJson(context.res, 200, { items: await management().listTokens() }),
    },
    {
      method: 'POST',
      path: '/api/tokens',
      auth: 'admin',
      access: 'manage',
      async handle(context) {
        const { body, value: request } = await readBody(context, CreateToken, 'token');
        for (const environment of request.environments ?? []) {
          if (!context.repository.environment(environment)) throw new ServerRequestError(400, 'Invalid token', [`environments: unknown environment "${environment}"`]);
        }
        const created = await management().createToken(request, principalOf(context), commentOf(context, body));
        sendJson(context.res, 201, created);
      },
    },
    {
      method: 'DELETE',
      path: '/api/tokens/:id',
      auth: 'admin',
      access: 'manage',
      async handle(context) {
        const token = await management().revokeToken(context.params.id, principalOf(context), commentOf(context));
        sendJson(context.res, 200, { token });
      },
    },
  ];
}
