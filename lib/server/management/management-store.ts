import type { DataKind } from '../../model/data-kind';
import type { Role } from '../http/admin-auth';
import type { SqlTransaction } from '../storage/sql-database';

/** A named API token as stored: never the secret, only its SHA-256 digest. */
export interface TokenRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** Environments the token may see and touch; absent: all. */
  readonly environments?: readonly string[];
  /** SHA-256 of the secret, hex. */
  readonly digest: string;
  /** The first characters of the secret (`fst_ab12…`), to recognise it in a list. */
  readonly hint: string;
  readonly createdAt: number;
  readonly createdBy: string;
  /** When it was revoked (ms since epoch); absent while valid. */
  readonly revokedAt?: number;
}

/** What an audit entry is about. */
export type AuditTarget = DataKind | 'environments' | 'sdkKeys' | 'tokens' | 'scheduledChanges' | 'data';

/** One recorded change. */
export interface AuditEntry {
  /** Increasing id (a string, for paging cursors). */
  readonly id: string;
  /** ms since epoch. */
  readonly at: number;
  /** The token name that made the change (for a scheduled change: the token that scheduled it). */
  readonly actor: string;
  /** e.g. `create`, `update`, `delete`, `restore`, `import`, `copy`, `revoke`, `rotate`, `schedule`, `cancel`, `execute`. */
  readonly action: string;
  readonly target: AuditTarget;
  readonly environment?: string;
  readonly key?: string;
  /** The item's version after the change (flags and segments). */
  readonly version?: number;
  /** The item before (absent when created). */
  readonly before?: unknown;
  /** The item after (absent when deleted). */
  readonly after?: unknown;
  readonly comment?: string;
}

/** Filters of {@link ManagementStore.queryAudit}; every field optional. */
export interface AuditQuery {
  readonly environment?: string;
  /** Only these environments (a scoped token's view). */
  readonly environments?: readonly string[];
  readonly actor?: string;
  readonly target?: AuditTarget;
  readonly key?: string;
  /** ms since epoch, inclusive. */
  readonly since?: number;
  /** ms since epoch, exclusive. */
  readonly until?: number;
  /** Newest first; entries older than this cursor (an entry id). */
  readonly cursor?: string;
  /** Default 50, at most 500. */
  readonly limit?: number;
}

/** A page of results: `nextCursor` is absent on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

/** A semantic patch to apply at a time. */
export interface ScheduledChange {
  readonly id: string;
  readonly environment: string;
  readonly kind: DataKind;
  readonly key: string;
  /** The semantic patch instructions (as for `PATCH`). */
  readonly instructions: readonly unknown[];
  /** When to apply it, ms since epoch. */
  readonly at: number;
  readonly comment?: string;
  readonly createdBy: string;
  readonly createdAt: number;
  /** `pending` → `done` | `failed` (exactly one execution), or `cancelled` before. */
  readonly state: 'pending' | 'done' | 'failed' | 'cancelled';
  readonly executedAt?: number;
  /** Why it failed (the change was refused). */
  readonly error?: string;
  /** The item's version it produced. */
  readonly version?: number;
}

/**
 * Where the management module keeps tokens, the audit log and scheduled changes. Every method
 * is asynchronous so that a database-backed store fits the same shape.
 */
export interface ManagementStore {
  /**
   * Runs `work` in one transaction of the store's database: what the methods given its `tx`
   * write commits together, or not at all (e.g. a token and its audit entry).
   */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  listTokens(): Promise<TokenRecord[]>;
  /** The token (valid or revoked) whose secret has this SHA-256 digest (hex), read from the store now. */
  findToken(digest: string): Promise<TokenRecord | undefined>;
  /** Stores a token (other replicas are told to reload theirs on commit); inside `tx` when given. */
  putToken(token: TokenRecord, tx?: SqlTransaction): Promise<void>;
  /** Records an entry; inside `tx` when given (so it commits or rolls back with the change it records). */
  appendAudit(entry: Omit<AuditEntry, 'id'>, tx?: SqlTransaction): Promise<AuditEntry>;
  queryAudit(query: AuditQuery): Promise<Page<AuditEntry>>;
  /** Stores a scheduled change (new, cancelled, failed); inside `tx` when given. */
  putScheduledChange(change: ScheduledChange, tx?: SqlTransaction): Promise<void>;
  getScheduledChange(id: string): Promise<ScheduledChange | undefined>;
  /**
   * Cancels a change that has not run (pending, or claimed by a server whose write has not
   * committed: that write then fails and is rolled back), inside `tx`.
   *
   * @returns whether it was cancelled; `false` when it had run, failed or was cancelled meanwhile
   */
  cancelScheduledChange(id: string, tx: SqlTransaction): Promise<boolean>;
  listScheduledChanges(environment: string | undefined, state?: ScheduledChange['state']): Promise<ScheduledChange[]>;
  /**
   * Takes every pending change due at `now` for execution: each is returned to exactly one caller
   * (marked taken in the same step), so it runs once even with several replicas or a restart.
   */
  claimDue(now: number): Promise<ScheduledChange[]>;
  /**
   * Work that marks a claimed change done inside the transaction of the write it makes (so the
   * write and `done` commit together); absent when the store cannot join that transaction.
   */
  completionHook?(change: ScheduledChange): (tx: SqlTransaction, version: number) => Promise<void>;
  /** Records that an environment's SDK key (by SHA-256 digest) stops working at `expiresAt` (rotation); inside `tx` when given. */
  putKeyExpiry(environment: string, digest: string, expiresAt: number, tx?: SqlTransaction): Promise<void>;
  /** The pending key expiries of an environment, or of all when `undefined`. */
  listKeyExpiries(environment: string | undefined): Promise<KeyExpiry[]>;
  /** Forgets an expiry (done, or the key is gone); inside `tx` when given. */
  removeKeyExpiry(environment: string, digest: string, tx?: SqlTransaction): Promise<void>;
  close(): Promise<void>;
}

/** An SDK key that stops working at a time (the old key of a rotation). */
export interface KeyExpiry {
  readonly environment: string;
  readonly digest: string;
  readonly expiresAt: number;
}
