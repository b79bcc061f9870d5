import { randomUUID } from 'node:crypto';
import * as t from 'io-ts';
import { interval, type SchedulerLike, type Subscription } from 'rxjs';
import { ServerRequestError } from '../../errors/server-request-error';
import type { Logger } from '../../logging/logger';
import type { DataKind } from '../../model/data-kind';
import type { Flag } from '../../model/flag';
import type { Segment } from '../../model/segment';
import type { Item } from '../environment';
import type { FlagRepository } from '../flag-repository';
import { sdkKeyDigest } from '../sdk-key-hash';
import { sendJson } from '../http/http-io';
import type { ServerRoute } from '../http/server-route';
import { applyFlagInstructions } from '../patch/flag-instructions';
import { applySegmentInstructions } from '../patch/segment-instructions';
import { StoreUnavailableError } from '../storage/store-errors';
import type { Management } from './management';
import type { ScheduledChange } from './management-store';
import { commentOf, environmentOf, parseTime, principalOf, readBody } from './request-helpers';

const ScheduleRequest = t.intersection(
  [t.type({ key: t.string, instructions: t.array(t.type({ kind: t.string })), at: t.union([t.string, t.number]) }), t.partial({ kind: t.string, comment: t.string })],
  'ScheduleRequest',
);

/** Applies a scheduled change's instructions to the item as it is at that time. */
function applyInstructions(kind: DataKind, current: Item, instructions: readonly unknown[]): Item {
  const body = { instructions };
  return kind === 'flags' ? applyFlagInstructions(current as Flag, body) : applySegmentInstructions(current as Segment, body);
}

/**
 * Scheduled changes (`reader` lists, `writer` schedules and cancels):
 * - `GET /api/environments/:env/scheduled-changes?state=pending` → `{ items }` by time;
 * - `POST /api/environments/:env/scheduled-changes` `{ kind?: "flags"|"segments", key, instructions, at, comment? }`
 *   → `201` the change (`state: "pending"`): `instructions` are checked against the item now
 *   (it must exist and the patch must apply), and applied to the item as it is at `at`;
 * - `DELETE /api/environments/:env/scheduled-changes/:id` → cancels a pending change (`409` once executed).
 */
export function scheduledChangeRoutes(management: () => Management, now: () => number): ServerRoute[] {
  const base = '/api/environments/:env/scheduled-changes';
  return [
    {
      method: 'GET',
      path: base,
      auth: 'admin',
      access: 'read',
      async handle(context) {
        environmentOf(context);
        const state = context.query.get('state') ?? undefined;
        if (state !== undefined && !['pending', 'done', 'failed', 'cancelled'].includes(state)) {
          throw new ServerRequestError(400, 'Invalid query', ['state: pending, done, failed or cancelled']);
        }
        const items = await management().store.listScheduledChanges(context.params.env, state as ScheduledChange['state'] | undefined);
        sendJson(context.res, 200, { items: items.map(view) });
      },
    },
    {
      method: 'POST',
      path: base,
      auth: 'admin',
      access: 'write',
      async handle(context) {
        const environment = environmentOf(context);
        const { body, value: request } = await readBody(context, ScheduleRequest, 'scheduled change');
        const { key, instructions } = request;
        const kind = request.kind ?? 'flags';
        if (kind !== 'flags' && kind !== 'segments') throw new ServerRequestError(400, 'Invalid scheduled change', ['kind: flags or segments']);
        const at = parseTime(request.at, 'at');
        const current = environment.get(kind, key);
        if (!current) throw new ServerRequestError(404, `No ${kind === 'flags' ? 'flag' : 'segment'} "${key}" in environment "${environment.key}"`);
        applyInstructions(kind, current, instructions); // refuses a patch that cannot apply now (400 naming the path)
        const principal = principalOf(context);
        const comment = commentOf(context, body);
        const change: ScheduledChange = {
          id: randomUUID(),
          environment: environment.key,
          kind,
          key,
          instructions,
          at,
          ...(comment ? { comment } : {}),
          createdBy: principal.name,
          createdAt: now(),
          state: 'pending',
        };
        await management().store.transaction(async (tx) => {
          await management().store.putScheduledChange(change, tx);
          await management().audit({ actor: principal.name, action: 'schedule', target: 'scheduledChanges', environment: environment.key, key, after: view(change), ...(comment ? { comment } : {}) }, tx);
        });
        sendJson(context.res, 201, view(change));
      },
    },
    {
      method: 'DELETE',
      path: `${base}/:id`,
      auth: 'admin',
      access: 'write',
      async handle(context) {
        environmentOf(context);
        const change = await management().store.getScheduledChange(context.params.id);
        if (!change || change.environment !== context.params.env) throw new ServerRequestError(404, `No scheduled change "${context.params.id}" in environment "${context.params.env}"`);
        if (change.state !== 'pending') throw new ServerRequestError(409, `The scheduled change is ${change.state}; only a pending one can be cancelled`);
        const cancelled: ScheduledChange = { ...change, state: 'cancelled' };
        const principal = principalOf(context);
        const comment = commentOf(context);
        // Conditional: a server may have run it since it was read (its write and `done` commit
        // together), and that outcome stands.
        const done = await management().store.transaction(async (tx) => {
          if (!(await management().store.cancelScheduledChange(change.id, tx))) return false;
          await management().audit({ actor: principal.name, action: 'cancel', target: 'scheduledChanges', environment: change.environment, key: change.key, before: view(change), after: view(cancelled), ...(comment ? { comment } : {}) }, tx);
          return true;
        });
        if (!done) {
          const now = await management().store.getScheduledChange(change.id);
          throw new ServerRequestError(409, `The scheduled change is ${now?.state ?? 'gone'}; only a pending one can be cancelled`);
        }
        sendJson(context.res, 200, view(cancelled));
      },
    },
  ];
}

/** A scheduled change as the API shows it (times as ISO strings). */
function view(change: ScheduledChange) {
  return {
    ...change,
    at: new Date(change.at).toISOString(),
    createdAt: new Date(change.createdAt).toISOString(),
    ...(change.executedAt !== undefined ? { executedAt: new Date(change.executedAt).toISOString() } : {}),
  };
}

/**
 * Runs due scheduled changes: every `pollMs`, takes the pending changes whose time has come
 * (see `ManagementStore.claimDue`) and applies each through the repository (validated,
 * versioned, pushed), recording it `done` and auditing it under the actor who scheduled it in the
 * write's own transaction (or `failed` with the reason, audited too). Changes that came due while
 * the server was down run on start. A version conflict (another replica wrote the item meanwhile)
 * is retried on the new version; an unreachable database leaves the change claimed (given back
 * when the claim expires); a change cancelled or taken over meanwhile is left to the outcome
 * recorded by the other party.
 */
export class ScheduledChangeRunner {
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly management: Management,
    private readonly repository: FlagRepository,
    private readonly options: { readonly pollMs: number; readonly now: () => number; readonly scheduler: SchedulerLike; readonly logger: Logger },
  ) {}

  /** Runs what is due now, then keeps polling. */
  start(): void {
    void this.tick();
    this.subscription = interval(this.options.pollMs, this.options.scheduler).subscribe(() => void this.tick());
  }

  /** Stops polling and waits for a run in progress. Idempotent. */
  async close(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.running;
  }

  /** Runs every due change once (a tick while one is running is skipped). */
  tick(): Promise<void> {
    this.running ??= this.runDue().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runDue(): Promise<void> {
    let due: ScheduledChange[];
    try {
      due = await this.management.store.claimDue(this.options.now());
    } catch (error) {
      this.options.logger.error(`Scheduled changes: cannot read the due ones: ${(error as Error).message}`);
      return;
    }
    for (const change of due) await this.execute(change);
    await this.expireKeys();
  }

  /** Revokes the old SDK keys of rotations whose expiry has come. */
  private async expireKeys(): Promise<void> {
    try {
      const now = this.options.now();
      for (const expiry of await this.management.store.listKeyExpiries(undefined)) {
        if (expiry.expiresAt > now) break;
        const environment = this.repository.environment(expiry.environment);
        const key = environment && [...environment.sdkKeys, ...environment.disabledSdkKeys].find((k) => sdkKeyDigest(k) === expiry.digest);
        if (key !== undefined) {
          // The key, its expiry and the audit entry go in one transaction.
          await this.repository.removeSdkKey(expiry.environment, key, async (tx) => {
            await this.management.store.removeKeyExpiry(expiry.environment, expiry.digest, tx);
            await this.management.audit({ actor: 'expiry', action: 'revoke', target: 'sdkKeys', environment: expiry.environment, key: expiry.digest.slice(0, 8), comment: 'the rotated key expired' }, tx);
          });
          this.options.logger.info(`SDK key key#${expiry.digest.slice(0, 8)} of ${expiry.environment} expired after its rotation; revoked`);
        } else {
          await this.management.store.removeKeyExpiry(expiry.environment, expiry.digest);
        }
      }
    } catch (error) {
      this.options.logger.error(`SDK key expiry: ${(error as Error).message}`);
    }
  }

  /**
   * Applies one claimed change. On success its `done` mark and its `execute` audit entry are
   * written in the flag write's transaction; on failure the `failed` mark and the entry are
   * written together in one transaction of their own.
   */
  private async execute(change: ScheduledChange): Promise<void> {
    const entry = (result: ScheduledChange, before: Item | undefined, after: Item | undefined) => ({
      actor: change.createdBy,
      action: 'execute',
      target: change.kind,
      environment: change.environment,
      key: change.key,
      ...(result.version !== undefined ? { version: result.version } : {}),
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
      comment: [`scheduled change ${change.id}`, change.comment, result.error && `failed: ${result.error}`].filter(Boolean).join(': '),
    });
    const store = this.management.store;
    let before: Item | undefined;
    let claimLost = false;
    try {
      const complete = store.completionHook?.(change);
      await retryConflicts(() => this.repository.update(
        change.environment,
        change.kind,
        change.key,
        (current) => {
          if (!current) throw new ServerRequestError(404, `${change.kind}/${change.key} no longer exists`);
          before = current;
          return applyInstructions(change.kind, current, change.instructions);
        },
        {
          inTransaction: async (tx, dataChange) => {
            const done: ScheduledChange = { ...change, state: 'done', executedAt: this.options.now(), version: dataChange.version };
            if (complete) {
              await complete(tx, dataChange.version).catch((error: unknown) => {
                if (!(error instanceof StoreUnavailableError)) claimLost = true;
                throw error;
              });
            } else await store.putScheduledChange(done, tx);
            await this.management.audit(entry(done, before, dataChange.item), tx);
          },
        },
      ));
    } catch (error) {
      if (claimLost) {
        // Cancelled, or taken over by another server (its claim had expired): that outcome stands.
        this.options.logger.warn(`Scheduled change ${change.id} was cancelled or taken over by another server; not applied here`);
        return;
      }
      if (error instanceof ServerRequestError && error.status === 503) {
        // The database is unreachable: not a verdict on the change. It stays claimed and is given
        // back when the claim expires (only if its write did not commit), then runs on any replica.
        this.options.logger.warn(`Scheduled change ${change.id} (${change.environment}/${change.kind}/${change.key}) postponed: ${error.message}`);
        return;
      }
      const failed: ScheduledChange = { ...change, state: 'failed', executedAt: this.options.now(), error: (error as Error).message };
      this.options.logger.warn(`Scheduled change ${change.id} (${change.environment}/${change.kind}/${change.key}) failed: ${(error as Error).message}`);
      try {
        await store.transaction(async (tx) => {
          await store.putScheduledChange(failed, tx);
          await this.management.audit(entry(failed, before, undefined), tx);
        });
      } catch (recording) {
        // Left claimed: given back and tried again once the claim times out.
        this.options.logger.error(`Scheduled change ${change.id}: could not record its failure: ${(recording as Error).message}`);
      }
    }
  }
}

/** Attempts of a scheduled change whose item other writers keep changing at the same time. */
const CONFLICT_ATTEMPTS = 30;

/**
 * Runs `write` again when another replica changed the item meanwhile (409): the repository has
 * re-read the item, so the next attempt applies the instructions to the version now stored. Each
 * retry waits a random 0-`5 × attempt` ms, so replicas racing for one item spread out (at most
 * about 2 s in all).
 */
async function retryConflicts<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof ServerRequestError && error.status === 409) || attempt >= CONFLICT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}
