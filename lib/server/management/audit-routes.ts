import { ServerRequestError } from '../../errors/server-request-error';
import type { DataKind } from '../../model/data-kind';
import type { Item } from '../environment';
import { canSee } from '../http/admin-auth';
import { sendJson } from '../http/http-io';
import type { RouteContext, ServerRoute } from '../http/server-route';
import type { Management } from './management';
import type { AuditEntry, AuditQuery, AuditTarget } from './management-store';
import { commentOf, environmentOf, parseTime, principalOf } from './request-helpers';

const TARGETS: readonly AuditTarget[] = ['flags', 'segments', 'environments', 'sdkKeys', 'tokens', 'scheduledChanges', 'data'];

/**
 * The audit log (role `reader`):
 * - `GET /api/audit?env=&actor=&target=&key=&since=&until=&limit=&cursor=` → `{ items, nextCursor? }`,
 *   newest first; `since`/`until` are ISO times or ms; a token limited to some environments sees
 *   only their entries;
 * - `GET /api/environments/:env/flags/:key/history` (and `segments`) → the item's entries, newest
 *   first, each with `before` and `after`;
 * - `POST /api/environments/:env/flags/:key/restore` (and `segments`; role `writer`)
 *   `{ "version": n, "comment"? }` → stores the content the item had at version `n` as a new
 *   version (audited as `restore`).
 */
export function auditRoutes(management: () => Management): ServerRoute[] {
  const routes: ServerRoute[] = [
    {
      method: 'GET',
      path: '/api/audit',
      auth: 'admin',
      access: 'read',
      async handle(context) {
        const principal = principalOf(context);
        const environment = context.query.get('env') ?? undefined;
        if (environment !== undefined && !canSee(principal, environment)) {
          throw new ServerRequestError(403, `Token "${principal.name}" is not allowed in environment "${environment}"`);
        }
        const target = context.query.get('target') ?? undefined;
        if (target !== undefined && !TARGETS.includes(target as AuditTarget)) {
          throw new ServerRequestError(400, 'Invalid audit query', [`target: expected one of ${TARGETS.join(', ')}`]);
        }
        const query: AuditQuery = {
          ...paging(context),
          ...(environment !== undefined ? { environment } : {}),
          ...(principal.environments !== undefined ? { environments: principal.environments } : {}),
          ...optional('actor', context.query.get('actor')),
          ...optional('key', context.query.get('key')),
          ...(target !== undefined ? { target: target as AuditTarget } : {}),
          ...timeParam(context, 'since'),
          ...timeParam(context, 'until'),
        };
        sendJson(context.res, 200, page(await management().store.queryAudit(query)));
      },
    },
  ];
  for (const kind of ['flags', 'segments'] as const) {
    routes.push(
      {
        method: 'GET',
        path: `/api/environments/:env/${kind}/:key/history`,
        auth: 'admin',
        access: 'read',
        async handle(context) {
          environmentOf(context);
          const query: AuditQuery = { ...paging(context), environment: context.params.env, target: kind, key: context.params.key };
          sendJson(context.res, 200, page(await management().store.queryAudit(query)));
        },
      },
      {
        method: 'POST',
        path: `/api/environments/:env/${kind}/:key/restore`,
        auth: 'admin',
        access: 'write',
        handle: (context) => restore(context, kind, management()),
      },
    );
  }
  return routes;
}

async function restore(context: RouteContext, kind: DataKind, management: Management): Promise<void> {
  environmentOf(context);
  const { env, key } = context.params;
  const body = await context.readJson();
  const version = (body as { version?: unknown } | null)?.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ServerRequestError(400, 'Invalid restore request', ['version: the version to restore, a whole number ≥ 1']);
  }
  const past = await findVersion(management, env, kind, key, version);
  if (past === undefined) throw new ServerRequestError(404, `No recorded version ${version} of ${kind}/${key} in environment "${env}"`);
  const comment = commentOf(context, body);
  const principal = principalOf(context);
  let before: Item | undefined;
  const change = await context.repository.update(
    env,
    kind,
    key,
    (current) => {
      before = current;
      const { version: _v, ...content } = past as Item;
      return { ...content, key } as Item;
    },
    {
      // The entry commits with the restored version, or neither does.
      inTransaction: (tx, change) =>
        management
          .audit(
            {
              actor: principal.name,
              action: 'restore',
              target: kind,
              environment: env,
              key,
              version: change.version,
              ...(before ? { before } : {}),
              after: change.item,
              comment: comment ?? `restored version ${version}`,
            },
            tx,
          )
          .then(() => undefined),
    },
  );
  sendJson(context.res, 200, change.item, { ETag: `"${change.version}"` });
}

/** The item's content at `version`, from the audit log. */
async function findVersion(management: Management, environment: string, kind: DataKind, key: string, version: number): Promise<unknown> {
  let cursor: string | undefined;
  for (;;) {
    const result = await management.store.queryAudit({ environment, target: kind, key, limit: 500, ...(cursor ? { cursor } : {}) });
    for (const entry of result.items) {
      const after = entry.after as { version?: number } | undefined;
      if (after?.version === version) return after;
      const before = entry.before as { version?: number } | undefined;
      if (before?.version === version) return before;
    }
    if (result.nextCursor === undefined) return undefined;
    cursor = result.nextCursor;
  }
}

function paging(context: RouteContext): { limit?: number; cursor?: string } {
  const limitText = context.query.get('limit');
  const limit = limitText === null ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 500)) {
    throw new ServerRequestError(400, 'Invalid query', ['limit: a whole number from 1 to 500']);
  }
  return { ...(limit !== undefined ? { limit } : {}), ...optional('cursor', context.query.get('cursor')) };
}

function timeParam(context: RouteContext, name: 'since' | 'until'): { since?: number; until?: number } {
  const value = context.query.get(name);
  return value === null ? {} : { [name]: parseTime(value, name) };
}

function optional<K extends string>(name: K, value: string | null): { [P in K]?: string } {
  return (value === null || value === '' ? {} : { [name]: value }) as { [P in K]?: string };
}

function page(result: { items: readonly AuditEntry[]; nextCursor?: string }) {
  return {
    items: result.items.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })),
    ...(result.nextCursor !== undefined ? { nextCursor: result.nextCursor } : {}),
  };
}
