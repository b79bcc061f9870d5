import * as E from 'fp-ts/Either';
import { ServerRequestError } from '../../errors/server-request-error';
import { decode } from '../../model/decode';
import type { Flag } from '../../model/flag';
import { FlagFile } from '../../model/flag-file';
import type { Segment } from '../../model/segment';
import { KEY_PATTERN } from '../data-file-schema';
import type { Item } from '../environment';
import { sendJson } from '../http/http-io';
import type { ServerRoute } from '../http/server-route';
import type { ItemLookup } from '../validation/item-lookup';
import { cycleProblems } from '../validation/cycle-problems';
import { validateFlag } from '../validation/validate-flag';
import { validateSegment } from '../validation/validate-segment';
import type { Management } from './management';
import { commentOf, environmentOf, principalOf } from './request-helpers';

/** A decoded import: the items to store and what looked wrong without being fatal. */
export interface ImportPlan {
  readonly flags: Flag[];
  readonly segments: Segment[];
  /** `flags/x: prerequisites[0].key: flag "y" does not exist`… (LaunchDarkly's SDK evaluates such items too). */
  readonly warnings: string[];
}

/**
 * Reads an import payload: LaunchDarkly's SDK payload (`/sdk/latest-all`: `{ flags, segments }`,
 * which is also what `GET …/data` exports) or LaunchDarkly's flag file format (`flags`,
 * `flagValues`, `segments`). Items may come in any order: references are resolved inside the
 * payload. What does not decode (a wrong type, a bad key) is fatal and listed with its path;
 * what LaunchDarkly's SDK loads and evaluates anyway (a prerequisite on a flag that is not there,
 * a `contextTargets` entry without `values`, a variation out of range…) becomes a warning.
 *
 * @throws ServerRequestError 400 with every fatal problem
 */
export function planImport(body: unknown): ImportPlan {
  const decoded = decode(FlagFile, body, 'import');
  if (E.isLeft(decoded)) throw new ServerRequestError(400, 'Invalid import', decoded.left.issues);
  const issues: string[] = [];
  const identity = <T extends { key?: string | null; version?: number | null }>(section: string, mapKey: string, item: T) => {
    if (!KEY_PATTERN.test(mapKey)) issues.push(`${section}.${mapKey}: key must be 1-256 letters, digits, '.', '_' or '-'`);
    if (item.key !== undefined && item.key !== null && item.key !== mapKey) issues.push(`${section}.${mapKey}.key: ${JSON.stringify(item.key)} differs from its map key`);
    return { ...item, key: mapKey, version: item.version ?? 1 };
  };
  const flags = new Map<string, Flag>();
  for (const [key, flag] of Object.entries(decoded.right.flags ?? {})) flags.set(key, identity('flags', key, flag) as Flag);
  for (const [key, value] of Object.entries(decoded.right.flagValues ?? {})) {
    if (flags.has(key)) issues.push(`flagValues.${key}: also defined in flags`);
    flags.set(key, identity('flagValues', key, { key, version: 1, on: true, fallthrough: { variation: 0 }, variations: [value] }) as Flag);
  }
  const segments = new Map<string, Segment>();
  for (const [key, segment] of Object.entries(decoded.right.segments ?? {})) segments.set(key, identity('segments', key, segment) as Segment);
  if (issues.length > 0) throw new ServerRequestError(400, 'Invalid import', issues);
  const live = <T extends { deleted?: boolean | null }>(items: Iterable<T>) => [...items].filter((item) => !item.deleted);
  const lookup: ItemLookup = {
    flag: (key) => (flags.get(key)?.deleted ? undefined : flags.get(key)),
    segment: (key) => (segments.get(key)?.deleted ? undefined : segments.get(key)),
    flags: () => live(flags.values()),
    segments: () => live(segments.values()),
  };
  const warnings: string[] = [];
  // Cycles are looked for once over all the items (per item, a chain of n prerequisites costs n²).
  for (const flag of live(flags.values())) for (const problem of validateFlag(flag, lookup, { cycles: false })) warnings.push(`flags/${flag.key}: ${problem}`);
  for (const segment of live(segments.values())) for (const problem of validateSegment(segment, lookup, { cycles: false })) warnings.push(`segments/${segment.key}: ${problem}`);
  for (const kind of ['flags', 'segments'] as const) for (const [key, problem] of cycleProblems(lookup, kind)) warnings.push(`${kind}/${key}: ${problem}`);
  for (const flag of live(flags.values())) {
    (flag.contextTargets ?? []).forEach((target, i) => {
      if (target.values !== undefined && target.values !== null) return;
      warnings.push(
        (target.contextKind ?? 'user') === 'user'
          ? `flags/${flag.key}: contextTargets[${i}].values: missing (LaunchDarkly's convention: the user keys are those of the targets entry with variation ${target.variation})`
          : `flags/${flag.key}: contextTargets[${i}].values: missing; the entry targets no ${target.contextKind} (LaunchDarkly's SDK fails on it)`,
      );
    });
  }
  return { flags: live(flags.values()), segments: live(segments.values()), warnings };
}

/**
 * Import and export of an environment's flags and segments:
 * - `GET /api/environments/:env/data` (role `reader`) → `{ flags: {key: flag}, segments: {key: segment} }`,
 *   the SDK payload (the same as `/sdk/latest-all`), which `PUT` takes back;
 * - `PUT /api/environments/:env/data` (role `writer`) → replaces every flag and segment of the
 *   environment at once, all or nothing (see {@link planImport}): every item, tombstone and the
 *   audit entry in one store transaction (`FlagRepository.replaceItems`), so a store failure or
 *   another writer's change to any of the items (`409`) leaves the environment as it was; SDKs
 *   get the whole change in one burst after it committed. Answers
 *   `{ flags, segments, deleted, warnings }` (counts, and the tolerated problems). Items not in
 *   the payload are deleted. Audited as one `import` entry (with the counts, not every item).
 */
export function dataRoutes(management: () => Management): ServerRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/environments/:env/data',
      auth: 'admin',
      access: 'read',
      handle(context) {
        const environment = environmentOf(context);
        sendJson(context.res, 200, environment.snapshot().json, {
          'Content-Disposition': `attachment; filename="${environment.key}-flags.json"`,
        });
      },
    },
    {
      method: 'PUT',
      path: '/api/environments/:env/data',
      auth: 'admin',
      access: 'write',
      async handle(context) {
        const environment = environmentOf(context);
        const body = await context.readJson();
        const plan = planImport(body);
        const before = { flags: environment.count('flags'), segments: environment.count('segments') };
        const comment = commentOf(context);
        const actor = principalOf(context).name;
        let summary: { flags: number; segments: number; deleted: number; warnings: string[] } | undefined;
        await context.repository.replaceItems(
          environment.key,
          { flags: plan.flags as Omit<Item, 'version'>[], segments: plan.segments as Omit<Item, 'version'>[] },
          {
            // The entry commits with the items, or neither does.
            inTransaction: async (tx, changes) => {
              const deleted = changes.filter((change) => change.item === undefined).length;
              summary = { flags: plan.flags.length, segments: plan.segments.length, deleted, warnings: plan.warnings };
              await management().audit({ actor, action: 'import', target: 'data', environment: environment.key, before, after: summary, ...(comment ? { comment } : {}) }, tx);
            },
          },
        );
        sendJson(context.res, 200, summary);
      },
    },
  ];
}
