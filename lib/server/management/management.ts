import { randomBytes, randomUUID } from 'node:crypto';
import { ServerRequestError } from '../../errors/server-request-error';
import type { Logger } from '../../logging/logger';
import { type Principal, type Role, ROLES, tokenDigest } from '../http/admin-auth';
import type { SqlTransaction } from '../storage/sql-database';
import type { AuditEntry, ManagementStore, TokenRecord } from './management-store';

/** A token as the API shows it (never the secret or its digest). */
export interface TokenView {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly environments?: readonly string[];
  readonly hint: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt?: string;
}

/** Token names: what the audit log shows as the actor. */
const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}$/;

/** How long a digest the store had no valid token for is answered from memory, ms. */
const MISS_TTL_MS = 30_000;
/** Most such digests remembered (the oldest are forgotten first). */
const MAX_MISSES = 1_000;
/** Reads of one digest before giving up when token changes keep arriving during them. */
const MAX_LOOKUP_READS = 3;

/**
 * The management module's state: named API tokens (cached in memory for authentication, so a
 * request costs one digest and one Map lookup) and the audit log, over a {@link ManagementStore}.
 * A token is stored with its audit entry in one transaction (neither without the other).
 *
 * A token created on another replica works here at once: a digest not in the cache is read from
 * the store (see {@link resolveToken}) before it is refused, without waiting for that replica's
 * notification.
 */
export class Management {
  private byDigest = new Map<string, TokenRecord>();
  /** Digests the store had no valid token for, until when (ms since epoch); oldest first. */
  private readonly misses = new Map<string, number>();
  /** Store reads of a digest in progress (one per digest, shared by concurrent requests). */
  private readonly lookups = new Map<string, Promise<Principal | undefined>>();
  /** Counts the token changes this server has heard of (reloads asked for, its own changes). */
  private changesHeard = 0;
  /** Token reloads asked for, and the last one whose read has been applied (see {@link reloadTokens}). */
  private reloadsWanted = 0;
  private reloadsDone = 0;
  private reloading: Promise<void> | undefined;

  private constructor(
    readonly store: ManagementStore,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /** Opens the module over `store`, loading the tokens. */
  static async open(store: ManagementStore, now: () => number, logger: Logger): Promise<Management> {
    const management = new Management(store, now, logger);
    await management.reloadTokens();
    return management;
  }

  /**
   * Reloads the token cache from the store (after another replica changed tokens). Reloads run
   * one at a time, and a call made while one runs reads again after it: the cache always ends
   * with a read that began after the latest call (two reads finishing out of order could
   * otherwise bring back a revoked token). Resolves once such a read is applied.
   */
  reloadTokens(): Promise<void> {
    this.changesHeard++;
    this.reloadsWanted++;
    this.reloading ??= this.runReloads();
    return this.reloading;
  }

  private async runReloads(): Promise<void> {
    try {
      while (this.reloadsDone < this.reloadsWanted) {
        const wanted = this.reloadsWanted;
        const tokens = await this.store.listTokens();
        this.byDigest = new Map(tokens.filter((t) => t.revokedAt === undefined).map((t) => [t.digest, t]));
        this.reloadsDone = wanted;
      }
    } finally {
      // In the same step as the last check: a call from now on starts a new run.
      this.reloading = undefined;
    }
  }

  /**
   * The principal of the valid named token whose secret has this SHA-256 digest (hex), for
   * `AdminAuth`. From memory when the token is cached; otherwise, with `readStore`, a promise of
   * one read of the store (concurrent calls for one digest share it), whose answer is cached:
   * a token found valid, or for 30 s the absence of one (up to 1,000 such digests), so a
   * repeated wrong or revoked token is not read again. Without `readStore` (the caller's
   * address is out of attempts) a cache miss is `undefined` at once.
   *
   * A revocation is never undone by a read: the row's own state decides, and a read during
   * which a token change was heard (another replica's notification or this server's own
   * change) is neither trusted nor cached but done again (at most 3 reads, then `undefined`).
   *
   * @throws (the promise) the store's error when it cannot be read
   */
  resolveToken(digest: string): Principal | undefined;
  resolveToken(digest: string, readStore: boolean): Principal | undefined | Promise<Principal | undefined>;
  resolveToken(digest: string, readStore = false): Principal | undefined | Promise<Principal | undefined> {
    const token = this.byDigest.get(digest);
    if (token !== undefined) return principalOf(token);
    if (!readStore) return undefined;
    const missUntil = this.misses.get(digest);
    if (missUntil !== undefined) {
      if (missUntil > this.now()) return undefined;
      this.misses.delete(digest);
    }
    let lookup = this.lookups.get(digest);
    if (lookup === undefined) {
      lookup = this.readToken(digest).finally(() => this.lookups.delete(digest));
      this.lookups.set(digest, lookup);
    }
    return lookup;
  }

  private async readToken(digest: string): Promise<Principal | undefined> {
    for (let read = 0; read < MAX_LOOKUP_READS; read++) {
      const heard = this.changesHeard;
      const stored = await this.store.findToken(digest);
      if (this.changesHeard !== heard) continue;
      const cached = this.byDigest.get(digest);
      if (cached !== undefined) return principalOf(cached);
      if (stored === undefined || stored.revokedAt !== undefined) {
        this.rememberMiss(digest);
        return undefined;
      }
      this.byDigest.set(digest, stored);
      return principalOf(stored);
    }
    return undefined;
  }

  private rememberMiss(digest: string): void {
    this.misses.delete(digest);
    if (this.misses.size >= MAX_MISSES) this.misses.delete(this.misses.keys().next().value!);
    this.misses.set(digest, this.now() + MISS_TTL_MS);
  }

  /**
   * Creates a named token; the secret is returned once and never stored.
   *
   * @throws ServerRequestError 400 (bad name, role or environments), 409 (name taken)
   */
  async createToken(input: { name: string; role: string; environments?: readonly string[] }, actor: Principal, comment?: string): Promise<{ token: TokenView; secret: string }> {
    const issues: string[] = [];
    if (!TOKEN_NAME.test(input.name)) issues.push('name: 1-100 letters, digits, spaces, ".", "_", "@" or "-", starting with a letter or digit');
    if (!ROLES.includes(input.role as Role)) issues.push(`role: expected reader, writer or admin, got ${JSON.stringify(input.role)}`);
    if (input.environments !== undefined && input.environments.length === 0) issues.push('environments: give at least one, or leave it out for all');
    if (actor.environments !== undefined && (input.environments === undefined || input.environments.some((e) => !actor.environments!.includes(e)))) {
      issues.push('environments: a token cannot grant environments its creator cannot see');
    }
    if (issues.length > 0) throw new ServerRequestError(400, 'Invalid token', issues);
    const existing = await this.store.listTokens();
    if (existing.some((t) => t.name === input.name && t.revokedAt === undefined)) throw new ServerRequestError(409, `A token named "${input.name}" exists; revoke it first or pick another name`);
    const secret = `fst_${randomBytes(24).toString('base64url')}`;
    const record: TokenRecord = {
      id: randomUUID(),
      name: input.name,
      role: input.role as Role,
      ...(input.environments ? { environments: [...new Set(input.environments)] } : {}),
      digest: tokenDigest(secret),
      hint: `${secret.slice(0, 8)}…`,
      createdAt: this.now(),
      createdBy: actor.name,
    };
    const token = view(record);
    await this.store.transaction(async (tx) => {
      await this.store.putToken(record, tx);
      await this.audit({ actor: actor.name, action: 'create', target: 'tokens', key: record.name, after: token, ...(comment ? { comment } : {}) }, tx);
    });
    this.changesHeard++;
    this.byDigest.set(record.digest, record);
    await this.afterLocalChange();
    this.logger.info(`Token "${record.name}" (${record.role}) created by ${actor.name}`);
    return { token, secret };
  }

  /** Every token, newest first. */
  async listTokens(): Promise<TokenView[]> {
    return (await this.store.listTokens()).sort((a, b) => b.createdAt - a.createdAt).map(view);
  }

  /**
   * Revokes a token (by id or name) at once: its next request gets 401.
   *
   * @throws ServerRequestError 404
   */
  async revokeToken(idOrName: string, actor: Principal, comment?: string): Promise<TokenView> {
    const token = (await this.store.listTokens()).find((t) => t.revokedAt === undefined && (t.id === idOrName || t.name === idOrName));
    if (token === undefined) throw new ServerRequestError(404, `No valid token "${idOrName}"`);
    const revoked: TokenRecord = { ...token, revokedAt: this.now() };
    await this.store.transaction(async (tx) => {
      await this.store.putToken(revoked, tx);
      await this.audit({ actor: actor.name, action: 'revoke', target: 'tokens', key: token.name, before: view(token), after: view(revoked), ...(comment ? { comment } : {}) }, tx);
    });
    this.changesHeard++;
    this.byDigest.delete(token.digest);
    await this.afterLocalChange();
    return view(revoked);
  }

  /**
   * After this server changed a token: a reload begun before the write may still finish with the
   * old list, so read once more (the cache was already updated; a failed read leaves it so).
   */
  private async afterLocalChange(): Promise<void> {
    if (this.reloading === undefined) return;
    await this.reloadTokens().catch((error: Error) => this.logger.warn(`Could not reload API tokens: ${error.message}`));
  }

  /**
   * Records a change in the audit log (the time is set here). Give the change's transaction as
   * `tx` (a `TransactionHook`'s argument) so that the entry commits with the change or not at
   * all: a change is then never stored without its entry, nor an entry without its change.
   */
  audit(entry: Omit<AuditEntry, 'id' | 'at'>, tx?: SqlTransaction): Promise<AuditEntry> {
    return this.store.appendAudit({ at: this.now(), ...entry }, tx);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

function principalOf(token: TokenRecord): Principal {
  return { name: token.name, role: token.role, tokenId: token.id, ...(token.environments ? { environments: token.environments } : {}) };
}

function view(token: TokenRecord): TokenView {
  return {
    id: token.id,
    name: token.name,
    role: token.role,
    ...(token.environments ? { environments: token.environments } : {}),
    hint: token.hint,
    createdAt: new Date(token.createdAt).toISOString(),
    createdBy: token.createdBy,
    ...(token.revokedAt !== undefined ? { revokedAt: new Date(token.revokedAt).toISOString() } : {}),
  };
}
