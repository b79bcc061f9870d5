import * as t from 'io-ts';
import { ServerRequestError } from '../../errors/server-request-error';
import { dependencyKeys } from '../../evaluation/item-dependencies';
import type { Flag } from '../../model/flag';
import { KEY_PATTERN } from '../data-file-schema';
import type { Environment, Item } from '../environment';
import { sendJson } from '../http/http-io';
import type { ServerRoute } from '../http/server-route';
import { generateSdkKey } from '../example-data';
import type { ItemEdit } from '../storage/plan-item-batch';
import type { SqlTransaction } from '../storage/sql-database';
import { sdkKeyDigest } from '../sdk-key-hash';
import type { Management } from './management';
import { checkEnvironmentAccess, commentOf, environmentOf, parseTime, principalOf, readBody } from './request-helpers';

const CreateEnvironment = t.intersection([t.type({ key: t.string }), t.partial({ name: t.string, comment: t.string })], 'CreateEnvironment');
const CopyRequest = t.intersection([t.type({ to: t.string }), t.partial({ flags: t.array(t.string), comment: t.string })], 'CopyRequest');

/**
 * An SDK key's public id: the first 8 hex digits of its SHA-256 (environment listings and log
 * lines show it as `key#<id>`; without the `#`, it fits in a URL path).
 */
export function sdkKeyId(sdkKey: string): string {
  return sdkKeyDigest(sdkKey).slice(0, 8);
}

/**
 * Environments and SDK keys, live (role `admin`), and copying flags (role `writer` in both). Each
 * change is stored with its audit entry in one transaction (neither without the other):
 * - `POST /api/environments` `{ key, name? }` → `201 { environment, sdkKey }` (its first SDK key, shown once);
 * - `PATCH /api/environments/:env` `{ name }` → renamed; `DELETE /api/environments/:env` → deleted with
 *   its flags and keys (its streams are closed);
 * - `GET /api/environments/:env/sdk-keys` → `{ items: [{ id, state, expiresAt? }] }`;
 * - `POST /api/environments/:env/sdk-keys` → `201 { id, sdkKey }` (shown once);
 * - `POST /api/environments/:env/sdk-keys/:id/rotate` `{ expiresAt? }` → `201 { id, sdkKey, replaces,
 *   expiresAt }`: a new key; the old one keeps working until `expiresAt` (default: at once), then is revoked;
 * - `DELETE /api/environments/:env/sdk-keys/:id` → revoked at once: its streams are closed (the SDK
 *   goes `OFF` with a 401 on reconnecting), its polls and events get `401`;
 * - `POST /api/environments/:env/copy` `{ to, flags? }` → copies the flags (all, or those listed)
 *   with the segments and prerequisite flags they need that `to` lacks, validated together and
 *   stored with their audited `copy` entry in one transaction (all or nothing).
 */
export function environmentRoutes(management: () => Management, now: () => number): ServerRoute[] {
  /** The hook that writes `entry` in the change's transaction (the change and its entry commit together). */
  const audited =
    (entry: Parameters<Management['audit']>[0]) =>
    async (tx: SqlTransaction): Promise<void> => {
      await management().audit(entry, tx);
    };
  return [
    {
      method: 'POST',
      path: '/api/environments',
      auth: 'admin',
      access: 'manage',
      async handle(context) {
        const { body, value: request } = await readBody(context, CreateEnvironment, 'environment');
        const { key, name = key } = request;
        if (!KEY_PATTERN.test(key)) throw new ServerRequestError(400, 'Invalid environment', ["key: 1-256 letters, digits, '.', '_' or '-'"]);
        if (context.repository.environment(key)) throw new ServerRequestError(409, `Environment "${key}" exists`);
        const principal = principalOf(context);
        if (principal.environments !== undefined) throw new ServerRequestError(403, `Token "${principal.name}" is limited to some environments; it cannot create one`);
        const sdkKey = generateSdkKey();
        const comment = commentOf(context, body);
        const entry = { actor: principal.name, action: 'create', target: 'environments' as const, environment: key, key, after: { key, name, sdkKeys: [sdkKeyId(sdkKey)] }, ...(comment ? { comment } : {}) };
        await context.repository.putEnvironment(key, name, audited(entry), [sdkKey]);
        sendJson(context.res, 201, { environment: { key, name, sdkKeys: [sdkKeyId(sdkKey)] }, sdkKey });
      },
    },
    {
      method: 'PATCH',
      path: '/api/environments/:env',
      auth: 'admin',
      access: 'manage',
      async handle(context) {
        const environment = environmentOf(context);
        const body = await context.readJson();
        const name = (body as { name?: unknown })?.name;
        if (typeof name !== 'string' || name.trim() === '' || name.length > 200) throw new ServerRequestError(400, 'Invalid environment', ['name: 1-200 characters']);
        const before = { key: environment.key, name: environment.name };
        const comment = commentOf(context, body);
        const entry = { actor: principalOf(context).name, action: 'rename', target: 'environments' as const, environment: environment.key, key: environment.key, before, after: { key: environment.key, name }, ...(comment ? { comment } : {}) };
        await context.repository.putEnvironment(environment.key, name, audited(entry));
        sendJson(context.res, 200, { key: environment.key, name });
      },
    },
    {
      method: 'DELETE',
      path: '/api/environments/:env',
      auth: 'admin',
      access: 'manage',
      async handle(context) {
        const environment = environmentOf(context);
        const before = { key: environment.key, name: environment.name, flags: environment.count('flags'), segments: environment.count('segments') };
        const comment = commentOf(context);
        await context.repository.deleteEnvironment(
          environment.key,
          audited({ actor: principalOf(context).name, action: 'delete', target: 'environments', environment: environment.key, key: environment.key, before, ...(comment ? { comment } : {}) }),
        );
        sendJson(context.res, 200, { key: environment.key, deleted: true });
      },
    },
    {
      method: 'GET',
      path: '/api/environments/:env/sdk-keys',
      auth: 'admin',
      access: 'read',
      async handle(context) {
        const environment = environmentOf(context);
        const expiries = await management().store.listKeyExpiries(environment.key);
        const expiry = (key: string) => expiries.find((e) => e.digest === sdkKeyDigest(key));
        const items = [
          ...environment.sdkKeys.map((key) => ({ id: sdkKeyId(key), state: 'active', ...(expiry(key) ? { expiresAt: new Date(expiry(key)!.expiresAt).toISOString() } : {}) })),
          ...environment.disabledSdkKeys.map((key) => ({ id: sdkKeyId(key), state: 'disabled' })),
        ];
        sendJson(context.res, 200, { items });
      },
    },
    {
      method: 'POST',
      path: '/api/environments/:env/sdk-keys',
      auth: 'admin',
      access: 'manage',
      async handle(context) {
        const environment = environmentOf(context);
        const comment = commentOf(context);
        const actor = principalOf(context).name;
        const sdkKey = await context.repository.addSdkKey(environment.key, (tx, added) =>
          audited({ actor, action: 'create', target: 'sdkKeys', environment: environment.key, key: sdkKeyId(added), ...(comment ? { comment } : {}) })(tx),
        );
        sendJson(context.res, 201, { id: sdkKeyId(sdkKey), sdkKey });
      },
    },
    {
      method: 'POST',
      path: '/api/environments/:env/sdk-keys/:id/rotate',
      auth: 'admin',
      access: 'manage',
      async handle(context) {
        const environment = environmentOf(context);
        const old = findKey(environment, context.params.id);
        const body = await context.readJson().catch(() => ({}));
        const at = (body as { expiresAt?: unknown })?.expiresAt;
        const expiresAt = at === undefined || at === null ? now() : parseTime(at, 'expiresAt');
        const comment = commentOf(context, body);
        const actor = principalOf(context).name;
        // One transaction: the new key, the old key's expiry and the audit entry. An expiry due
        // now is carried out at once below; were the server to stop first, the scheduled-change
        // runner would revoke the old key on its next round.
        const sdkKey = await context.repository.addSdkKey(environment.key, async (tx, added) => {
          await management().store.putKeyExpiry(environment.key, sdkKeyDigest(old), expiresAt, tx);
          await audited({
            actor,
            action: 'rotate',
            target: 'sdkKeys',
            environment: environment.key,
            key: sdkKeyId(old),
            after: { id: sdkKeyId(added), replaces: sdkKeyId(old), expiresAt: new Date(expiresAt).toISOString() },
            ...(comment ? { comment } : {}),
          })(tx);
        });
        if (expiresAt <= now()) {
          await context.repository.removeSdkKey(environment.key, old, (tx) => management().store.removeKeyExpiry(environment.key, sdkKeyDigest(old), tx));
        }
        sendJson(context.res, 201, { id: sdkKeyId(sdkKey), sdkKey, replaces: sdkKeyId(old), expiresAt: new Date(expiresAt).toISOString() });
      },
    },
    {
      method: 'DELETE',
      path: '/api/environments/:env/sdk-keys/:id',
      auth: 'admin',
      access: 'manage',
      async handle(context) {
        const environment = environmentOf(context);
        const key = findKey(environment, context.params.id);
        const comment = commentOf(context);
        await context.repository.removeSdkKey(environment.key, key, async (tx) => {
          await management().store.removeKeyExpiry(environment.key, sdkKeyDigest(key), tx);
          await audited({ actor: principalOf(context).name, action: 'revoke', target: 'sdkKeys', environment: environment.key, key: sdkKeyId(key), ...(comment ? { comment } : {}) })(tx);
        });
        sendJson(context.res, 200, { id: sdkKeyId(key), revoked: true });
      },
    },
    {
      method: 'POST',
      path: '/api/environments/:env/copy',
      auth: 'admin',
      access: 'write',
      async handle(context) {
        const from = environmentOf(context);
        const { body, value: request } = await readBody(context, CopyRequest, 'copy');
        const principal = principalOf(context);
        checkEnvironmentAccess(principal, request.to);
        const to = environmentOf(context, request.to);
        const comment = commentOf(context, body);
        let copied: { flags: string[]; segments: string[] } = { flags: [], segments: [] };
        // Every copied item and the audit entry in one transaction: all of the copy or none of it.
        await context.repository.writeItems(
          to.key,
          (target) => {
            const source = environmentOf(context, from.key);
            const planned = copyEdits(source, target, request.flags);
            copied = planned.copied;
            return planned.edits;
          },
          { inTransaction: (tx) => audited({ actor: principal.name, action: 'copy', target: 'flags', environment: to.key, after: { from: from.key, ...copied }, ...(comment ? { comment } : {}) })(tx) },
        );
        sendJson(context.res, 200, { from: from.key, to: to.key, ...copied });
      },
    },
  ];
}

function findKey(environment: Environment, id: string): string {
  const wanted = id.startsWith('key#') ? id.slice(4) : id;
  const key = [...environment.sdkKeys, ...environment.disabledSdkKeys].find((k) => sdkKeyId(k) === wanted);
  if (key === undefined) throw new ServerRequestError(404, `No SDK key key#${wanted} in environment "${environment.key}"`);
  return key;
}

/**
 * The edits that copy flags (all of `from`'s, or `keys`) to `to`, with the segments and
 * prerequisite flags they need that `to` lacks, dependencies first; `copied` names them.
 *
 * @throws ServerRequestError 404 when a listed flag is not in `from`
 */
function copyEdits(from: Environment, to: Environment, keys: readonly string[] | undefined): { edits: ItemEdit[]; copied: { flags: string[]; segments: string[] } } {
  const wanted = keys ?? from.list('flags').map((flag) => flag.key);
  const wantedSet = new Set(wanted);
  const flags: string[] = [];
  const segments: string[] = [];
  const added = new Set<string>();
  const addedSegments = new Set<string>();
  const visiting = new Set<string>();
  // Depth first with its own stack (a long prerequisite chain must not overflow the call stack);
  // a flag is added after the prerequisites it needs, its segments just before it.
  const addFlag = (root: string, required: boolean) => {
    if (added.has(root) || visiting.has(root)) return;
    if (!from.flag(root)) {
      if (required) throw new ServerRequestError(404, `No flag "${root}" in environment "${from.key}"`);
      return;
    }
    visiting.add(root);
    const stack: { readonly key: string; readonly prerequisites: readonly string[]; next: number }[] = [];
    const enter = (key: string) => {
      const prerequisites = dependencyKeys('flags', from.flag(key)!, 'flags').filter((prerequisite) => !to.flag(prerequisite) || wantedSet.has(prerequisite));
      stack.push({ key, prerequisites, next: 0 });
    };
    enter(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.prerequisites.length) {
        const prerequisite = top.prerequisites[top.next++];
        if (added.has(prerequisite) || visiting.has(prerequisite) || !from.flag(prerequisite)) continue;
        visiting.add(prerequisite);
        enter(prerequisite);
        continue;
      }
      stack.pop();
      for (const segment of dependencyKeys('flags', from.flag(top.key)!, 'segments')) {
        if (!to.segment(segment) && from.segment(segment) && !addedSegments.has(segment)) {
          addedSegments.add(segment);
          segments.push(segment);
        }
      }
      flags.push(top.key);
      added.add(top.key);
    }
  };
  for (const key of wanted) addFlag(key, true);
  const content = (item: Item): Omit<Item, 'version'> => {
    const { version: _v, ...rest } = item;
    return rest;
  };
  const edits: ItemEdit[] = [
    ...segments.map((key) => ({ kind: 'segments' as const, key, content: content(from.segment(key)!) })),
    ...flags.map((key) => ({ kind: 'flags' as const, key, content: content(from.flag(key)! as Flag) })),
  ];
  return { edits, copied: { flags, segments } };
}
