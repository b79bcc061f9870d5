import * as E from 'fp-ts/Either';
import type { DataKind } from '../model/data-kind';
import { ServerRequestError } from '../errors/server-request-error';
import { decode } from '../model/decode';
import type { Flag } from '../model/flag';
import { FileFlag, FileSegment } from '../model/flag-file';
import type { Segment } from '../model/segment';
import type { DataChange } from './data-change';
import type { Environment, Item } from './environment';
import type { ChangeBuilder } from './flag-repository';
import { sendJson } from './http/http-io';
import type { RouteContext, ServerRoute } from './http/server-route';
import { applyFlagInstructions } from './patch/flag-instructions';
import { applyMergePatch } from './patch/merge-patch';
import { evaluateRoute } from './management/evaluate-route';
import { applySegmentInstructions } from './patch/segment-instructions';
import { shortKeyHash } from './sdk-key-hash';
import type { SqlTransaction } from './storage/sql-database';

/** What the environment listing needs besides the repository. */
export interface AdminRouteDeps {
  /** Open stream connections of an environment. */
  readonly connectionCount: (environment: string) => number;
  /**
   * Records an accepted flag or segment change in the audit log, inside the change's transaction
   * `tx` (when it throws, the change is rolled back: nothing stored, nothing pushed); default: not
   * recorded.
   */
  readonly recordChange?: (context: RouteContext, change: ItemChangeRecord, tx: SqlTransaction) => Promise<void>;
}

/** One accepted item change, for the audit log. */
export interface ItemChangeRecord {
  readonly kind: DataKind;
  readonly key: string;
  readonly action: 'create' | 'update' | 'delete';
  readonly version: number;
  readonly before: Item | undefined;
  readonly after: Item | undefined;
  /** The `comment` of a semantic patch body (the header is read by the recorder). */
  readonly comment?: string;
}

const SINGULAR: Record<DataKind, string> = { flags: 'flag', segments: 'segment' };

/**
 * The admin API (auth `admin`), for people and CI:
 * - `GET /api/environments`, `GET /api/environments/:env`: environments with item counts,
 *   stream connection counts and SDK key hashes (never the keys);
 * - for `flags` and `segments`: `GET …/:kind` (list), `POST …/:kind` (create; `409` if it
 *   exists), `GET|PUT|PATCH|DELETE …/:kind/:key`.
 *
 * Writes go through the repository: validated, versioned, persisted with their audit entry in one
 * transaction, pushed. Item responses
 * carry `ETag: "<version>"`; a write with `If-Match` that does not name the current version gets
 * `412`. `PATCH` takes `{"instructions":[…]}` (semantic patch) or, with
 * `Content-Type: application/merge-patch+json`, a JSON merge patch.
 */
export function adminRoutes(deps: AdminRouteDeps): ServerRoute[] {
  const describe = (environment: Environment) => ({
    key: environment.key,
    name: environment.name,
    flags: environment.count('flags'),
    segments: environment.count('segments'),
    streamConnections: deps.connectionCount(environment.key),
    sdkKeys: environment.sdkKeys.map(shortKeyHash),
  });
  const routes: ServerRoute[] = [
    {
      method: 'GET',
      path: '/api/environments',
      auth: 'admin',
      handle: ({ res, repository }) => sendJson(res, 200, { items: repository.environments().map(describe) }),
    },
    {
      method: 'GET',
      path: '/api/environments/:env',
      auth: 'admin',
      handle: (context) => sendJson(context.res, 200, describe(environmentOf(context))),
    },
  ];
  const record = deps.recordChange ?? (async () => undefined);
  for (const kind of ['flags', 'segments'] as const) routes.push(...itemRoutes(kind, record));
  routes.push(evaluateRoute());
  return routes;
}

type Recorder = NonNullable<AdminRouteDeps['recordChange']>;

function itemRoutes(kind: DataKind, record: Recorder): ServerRoute[] {
  const base = `/api/environments/:env/${kind}`;
  return [
    {
      method: 'GET',
      path: base,
      auth: 'admin',
      handle: (context) => sendJson(context.res, 200, { items: environmentOf(context).list(kind) }),
    },
    {
      method: 'POST',
      path: base,
      auth: 'admin',
      async handle(context) {
        environmentOf(context);
        const body = decodeItem(kind, await context.readJson());
        if (typeof body.key !== 'string') throw new ServerRequestError(400, `Invalid ${SINGULAR[kind]}`, ['key: required']);
        const key = body.key;
        const { change } = await auditedUpdate(context, kind, key, record, () => 'create', (current) => {
          if (current) throw new ServerRequestError(409, `${SINGULAR[kind]} "${key}" already exists; use PUT or PATCH`);
          return body as Item;
        });
        sendItem(context, 201, change.item!);
      },
    },
    {
      method: 'GET',
      path: `${base}/:key`,
      auth: 'admin',
      handle(context) {
        const item = environmentOf(context).get(kind, context.params.key);
        if (!item) throw notFound(kind, context);
        sendItem(context, 200, item);
      },
    },
    {
      method: 'PUT',
      path: `${base}/:key`,
      auth: 'admin',
      async handle(context) {
        environmentOf(context);
        const { key } = context.params;
        const body = decodeItem(kind, await context.readJson());
        if (body.key !== undefined && body.key !== null && body.key !== key) {
          throw new ServerRequestError(400, `Invalid ${SINGULAR[kind]}`, [`key: "${body.key}" does not match the URL key "${key}"`]);
        }
        const { change, before } = await auditedUpdate(context, kind, key, record, (current) => (current ? 'update' : 'create'), (current) => {
          checkIfMatch(context, current);
          return { ...body, key } as Item;
        });
        sendItem(context, before ? 200 : 201, change.item!);
      },
    },
    {
      method: 'PATCH',
      path: `${base}/:key`,
      auth: 'admin',
      async handle(context) {
        environmentOf(context);
        const { key } = context.params;
        const body = await context.readJson();
        const merge = /^application\/merge-patch\+json\b/i.test(context.req.headers['content-type'] ?? '');
        const comment = !merge && typeof (body as { comment?: unknown })?.comment === 'string' ? (body as { comment: string }).comment : undefined;
        const { change } = await auditedUpdate(
          context,
          kind,
          key,
          record,
          () => 'update',
          (current) => {
            if (!current) throw notFound(kind, context);
            checkIfMatch(context, current);
            if (merge) return mergeItem(kind, current, body);
            return kind === 'flags' ? applyFlagInstructions(current as Flag, body) : applySegmentInstructions(current as Segment, body);
          },
          comment,
        );
        sendItem(context, 200, change.item!);
      },
    },
    {
      method: 'DELETE',
      path: `${base}/:key`,
      auth: 'admin',
      async handle(context) {
        environmentOf(context);
        const { change } = await auditedUpdate(context, kind, context.params.key, record, () => 'delete', (current) => {
          if (!current) throw notFound(kind, context);
          checkIfMatch(context, current);
          return 'delete';
        });
        sendJson(context.res, 200, { key: change.key, version: change.version, deleted: true }, { ETag: `"${change.version}"` });
      },
    },
  ];
}

/**
 * Applies a change through the repository with its audit entry written in the change's
 * transaction (so neither is stored without the other).
 *
 * @param action names the change, given the item as it was (`undefined`: absent)
 * @returns the accepted change and the item as it was
 */
async function auditedUpdate(
  context: RouteContext,
  kind: DataKind,
  key: string,
  record: Recorder,
  action: (before: Item | undefined) => ItemChangeRecord['action'],
  build: ChangeBuilder,
  comment?: string,
): Promise<{ change: DataChange; before: Item | undefined }> {
  let before: Item | undefined;
  const change = await context.repository.update(
    context.params.env,
    kind,
    key,
    (current, environment) => {
      const wanted = build(current, environment);
      before = current;
      return wanted;
    },
    { inTransaction: (tx, change) => record(context, { kind, key, action: action(before), version: change.version, before, after: change.item, ...(comment ? { comment } : {}) }, tx) },
  );
  return { change, before };
}

function environmentOf(context: RouteContext): Environment {
  const environment = context.repository.environment(context.params.env);
  if (!environment) throw new ServerRequestError(404, `Unknown environment "${context.params.env}"`);
  return environment;
}

function notFound(kind: DataKind, context: RouteContext): ServerRequestError {
  return new ServerRequestError(404, `No ${SINGULAR[kind]} "${context.params.key}" in environment "${context.params.env}"`);
}

/** Decodes a flag or segment body (key and version optional) or throws 400 with every bad path. */
function decodeItem(kind: DataKind, body: unknown): Omit<Item, 'key' | 'version'> & { key?: string | null } {
  const decoded = kind === 'flags' ? decode(FileFlag, body, SINGULAR[kind]) : decode(FileSegment, body, SINGULAR[kind]);
  if (E.isLeft(decoded)) throw new ServerRequestError(400, `Invalid ${SINGULAR[kind]}`, decoded.left.issues);
  if (decoded.right.deleted) throw new ServerRequestError(400, `Invalid ${SINGULAR[kind]}`, ['deleted: use DELETE to delete']);
  return decoded.right;
}

function mergeItem(kind: DataKind, current: Item, patch: unknown): Item {
  const patched = decodeItem(kind, applyMergePatch(current, patch));
  if (patched.key !== current.key) {
    throw new ServerRequestError(400, `Invalid ${SINGULAR[kind]} patch`, [`key: a ${SINGULAR[kind]}'s key cannot be changed`]);
  }
  return patched as Item;
}

function checkIfMatch(context: RouteContext, current: Item | undefined): void {
  const header = context.req.headers['if-match'];
  if (header === undefined) return;
  const tags = header.split(',').map((tag) => tag.trim());
  const ok = current !== undefined && (tags.includes('*') || tags.includes(`"${current.version}"`));
  if (!ok) {
    throw new ServerRequestError(412, `If-Match ${header} does not match the current version (${current ? `"${current.version}"` : 'none'})`);
  }
}

function sendItem(context: RouteContext, status: number, item: Item): void {
  sendJson(context.res, status, item, { ETag: `"${item.version}"` });
}
