import { randomUUID } from 'node:crypto';
import type { Role } from '../http/admin-auth';
import type { Migration } from '../storage/migrations/migration';
import type { SqlDatabase, SqlExecutor, SqlRow, SqlTransaction } from '../storage/sql-database';
import type { AuditEntry, AuditQuery, AuditTarget, KeyExpiry, ManagementStore, Page, ScheduledChange, TokenRecord } from './management-store';

/** Tables of the management module (tokens, audit log, scheduled changes), on both databases. */
export const managementMigration: Migration = {
  id: '010-management',
  sql: `
create table api_tokens (
  id text primary key,
  name text not null,
  role text not null,
  environments text,
  digest text not null unique,
  hint text not null,
  created_at bigint not null,
  created_by text not null,
  revoked_at bigint
);
create table audit_entries (
  id text primary key,
  at bigint not null,
  actor text not null,
  action text not null,
  target text not null,
  environment text,
  key text,
  version integer,
  before_json text,
  after_json text,
  comment text
);
create index audit_entries_item on audit_entries (environment, target, key);
create table scheduled_changes (
  id text primary key,
  environment text not null,
  kind text not null,
  key text not null,
  instructions text not null,
  at bigint not null,
  comment text,
  created_by text not null,
  created_at bigint not null,
  state text not null,
  claimed_at bigint,
  executed_at bigint,
  error text,
  version integer
);
create index scheduled_changes_due on scheduled_changes (state, at);
create table sdk_key_expiries (
  environment text not null,
  digest text not null,
  expires_at bigint not null,
  primary key (environment, digest)
);
`,
};

/** The notification other replicas get when a token is created or revoked (they reload their token cache). */
export const TOKENS_CHANGED = 'tokens';

/** A claim older than this (ms) whose change never completed is given back (the claimer died before its write). */
const CLAIM_TIMEOUT_MS = 60_000;

/**
 * The {@link ManagementStore} on the server's database (SQLite or PostgreSQL, the storage
 * module's `SqlDatabase`), shared by every replica. Scheduled changes run exactly once: a replica
 * claims due changes in one transaction (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so replicas
 * never take the same one; SQLite has one writer), and marks each `done` in the same transaction
 * as the flag write it makes (see {@link completionHook}), so a change is either applied and done,
 * or neither; a claim whose replica died before writing is given back after a minute.
 */
export class SqlManagementStore implements ManagementStore {
  constructor(
    private readonly database: SqlDatabase,
    private readonly now: () => number,
  ) {}

  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    return this.database.transaction(work);
  }

  async listTokens(): Promise<TokenRecord[]> {
    const { rows } = await this.database.query('select * from api_tokens order by created_at');
    return rows.map(tokenFromRow);
  }

  async findToken(digest: string): Promise<TokenRecord | undefined> {
    const { rows } = await this.database.query('select * from api_tokens where digest = $1', [digest]);
    return rows.length > 0 ? tokenFromRow(rows[0]) : undefined;
  }

  async putToken(token: TokenRecord, outer?: SqlTransaction): Promise<void> {
    const write = async (tx: SqlTransaction) => {
      await tx.query(
      `insert into api_tokens (id, name, role, environments, digest, hint, created_at, created_by, revoked_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict (id) do update set name = excluded.name, role = excluded.role, environments = excluded.environments, revoked_at = excluded.revoked_at`,
        [token.id, token.name, token.role, token.environments ? JSON.stringify(token.environments) : null, token.digest, token.hint, token.createdAt, token.createdBy, token.revokedAt ?? null],
      );
      await tx.notify({ type: TOKENS_CHANGED });
    };
    await (outer ? write(outer) : this.database.transaction(write));
  }

  appendAudit(entry: Omit<AuditEntry, 'id'>, tx?: SqlTransaction): Promise<AuditEntry> {
    return insertAudit(tx ?? this.database, entry);
  }

  async queryAudit(query: AuditQuery): Promise<Page<AuditEntry>> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.environment !== undefined) add('environment = ?', query.environment);
    if (query.environments !== undefined) {
      const list = query.environments.map((environment) => {
        params.push(environment);
        return `$${params.length}`;
      });
      where.push(list.length > 0 ? `environment in (${list.join(', ')})` : '1 = 0');
    }
    if (query.actor !== undefined) add('actor = ?', query.actor);
    if (query.target !== undefined) add('target = ?', query.target);
    if (query.key !== undefined) add('key = ?', query.key);
    if (query.since !== undefined) add('at >= ?', query.since);
    if (query.until !== undefined) add('at < ?', query.until);
    if (query.cursor !== undefined) add('id < ?', query.cursor);
    params.push(limit + 1);
    const { rows } = await this.database.query(
      `select * from audit_entries ${where.length > 0 ? `where ${where.join(' and ')}` : ''} order by id desc limit $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit).map(auditFromRow);
    return rows.length > limit ? { items, nextCursor: items[items.length - 1].id } : { items };
  }

  async putScheduledChange(change: ScheduledChange, tx?: SqlTransaction): Promise<void> {
    await (tx ?? this.database).query(
      `insert into scheduled_changes (id, environment, kind, key, instructions, at, comment, created_by, created_at, state, executed_at, error, version)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       on conflict (id) do update set state = excluded.state, executed_at = excluded.executed_at, error = excluded.error, version = excluded.version`,
      [change.id, change.environment, change.kind, change.key, JSON.stringify(change.instructions), change.at, change.comment ?? null, change.createdBy, change.createdAt, change.state, change.executedAt ?? null, change.error ?? null, change.version ?? null],
    );
  }

  async getScheduledChange(id: string): Promise<ScheduledChange | undefined> {
    const { rows } = await this.database.query('select * from scheduled_changes where id = $1', [id]);
    return rows[0] && scheduledFromRow(rows[0]);
  }

  async cancelScheduledChange(id: string, tx: SqlTransaction): Promise<boolean> {
    const { changes } = await tx.query(`update scheduled_changes set state = 'cancelled', claimed_at = null where id = $1 and state in ('pending', 'running')`, [id]);
    return changes === 1;
  }

  async listScheduledChanges(environment: string | undefined, state?: ScheduledChange['state']): Promise<ScheduledChange[]> {
    // A claimed change (`running`) has not happened yet: it is listed, and filtered, as pending.
    const { rows } = await this.database.query(
      `select * from scheduled_changes where ($1::text is null or environment = $1) and ($2::text is null or state = $2 or (state = 'running' and $2 = 'pending')) order by at, id`.replace(
        /::text/g,
        this.database.dialect === 'postgres' ? '::text' : '',
      ),
      [environment ?? null, state ?? null],
    );
    return rows.map(scheduledFromRow);
  }

  claimDue(now: number): Promise<ScheduledChange[]> {
    return this.database.transaction(async (tx) => {
      // A claim whose replica died before its write: give it back (its write never committed,
      // since `done` commits with the write).
      await tx.query(`update scheduled_changes set state = 'pending', claimed_at = null where state = 'running' and claimed_at < $1`, [now - CLAIM_TIMEOUT_MS]);
      const lock = tx.dialect === 'postgres' ? ' for update skip locked' : '';
      const { rows } = await tx.query(`select * from scheduled_changes where state = 'pending' and at <= $1 order by at, id${lock}`, [now]);
      for (const row of rows) await tx.query(`update scheduled_changes set state = 'running', claimed_at = $2 where id = $1`, [row.id, now]);
      return rows.map(scheduledFromRow);
    });
  }

  /**
   * The work that marks a claimed change `done` inside the flag write's transaction (see the
   * class comment); the runner passes it to `FlagRepository.update` as `inTransaction`.
   */
  completionHook(change: ScheduledChange): (tx: SqlTransaction, version: number) => Promise<void> {
    return async (tx, version) => {
      const { changes } = await tx.query(`update scheduled_changes set state = 'done', executed_at = $2, version = $3 where id = $1 and state = 'running'`, [change.id, this.now(), version]);
      if (changes !== 1) throw new Error(`scheduled change ${change.id} is no longer claimed by this server`);
    };
  }

  async putKeyExpiry(environment: string, digest: string, expiresAt: number, tx?: SqlTransaction): Promise<void> {
    await (tx ?? this.database).query(
      'insert into sdk_key_expiries (environment, digest, expires_at) values ($1, $2, $3) on conflict (environment, digest) do update set expires_at = excluded.expires_at',
      [environment, digest, expiresAt],
    );
  }

  async listKeyExpiries(environment: string | undefined): Promise<KeyExpiry[]> {
    const { rows } =
      environment === undefined
        ? await this.database.query('select * from sdk_key_expiries order by expires_at')
        : await this.database.query('select * from sdk_key_expiries where environment = $1 order by expires_at', [environment]);
    return rows.map((row) => ({ environment: String(row.environment), digest: String(row.digest), expiresAt: Number(row.expires_at) }));
  }

  async removeKeyExpiry(environment: string, digest: string, tx?: SqlTransaction): Promise<void> {
    await (tx ?? this.database).query('delete from sdk_key_expiries where environment = $1 and digest = $2', [environment, digest]);
  }

  async close(): Promise<void> {
    // the database belongs to the server store, which closes it
  }
}

/** Orders the entries one process writes within the same millisecond. */
let sequence = 0;

async function insertAudit(executor: SqlExecutor, entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
  // Time first, so ids sort by time across replicas; then this process's sequence and a random part.
  sequence = (sequence + 1) % 1e9;
  const id = `${String(entry.at).padStart(15, '0')}-${String(sequence).padStart(9, '0')}-${randomUUID().slice(0, 8)}`;
  await executor.query(
    `insert into audit_entries (id, at, actor, action, target, environment, key, version, before_json, after_json, comment) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      id,
      entry.at,
      entry.actor,
      entry.action,
      entry.target,
      entry.environment ?? null,
      entry.key ?? null,
      entry.version ?? null,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      entry.comment ?? null,
    ],
  );
  return { id, ...entry };
}

function tokenFromRow(row: SqlRow): TokenRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    role: row.role as Role,
    ...(row.environments ? { environments: JSON.parse(String(row.environments)) as string[] } : {}),
    digest: String(row.digest),
    hint: String(row.hint),
    createdAt: Number(row.created_at),
    createdBy: String(row.created_by),
    ...(row.revoked_at !== null && row.revoked_at !== undefined ? { revokedAt: Number(row.revoked_at) } : {}),
  };
}

function auditFromRow(row: SqlRow): AuditEntry {
  const optional = (name: string, value: unknown) => (value === null || value === undefined ? {} : { [name]: value });
  return {
    id: String(row.id),
    at: Number(row.at),
    actor: String(row.actor),
    action: String(row.action),
    target: row.target as AuditTarget,
    ...optional('environment', row.environment),
    ...optional('key', row.key),
    ...optional('version', row.version === null || row.version === undefined ? undefined : Number(row.version)),
    ...optional('before', row.before_json === null || row.before_json === undefined ? undefined : JSON.parse(String(row.before_json))),
    ...optional('after', row.after_json === null || row.after_json === undefined ? undefined : JSON.parse(String(row.after_json))),
    ...optional('comment', row.comment),
  };
}

function scheduledFromRow(row: SqlRow): ScheduledChange {
  const state = String(row.state);
  return {
    id: String(row.id),
    environment: String(row.environment),
    kind: row.kind as ScheduledChange['kind'],
    key: String(row.key),
    instructions: JSON.parse(String(row.instructions)) as unknown[],
    at: Number(row.at),
    ...(row.comment !== null && row.comment !== undefined ? { comment: String(row.comment) } : {}),
    createdBy: String(row.created_by),
    createdAt: Number(row.created_at),
    // `running` (claimed, being applied) is shown as pending: it has not happened yet
    state: (state === 'running' ? 'pending' : state) as ScheduledChange['state'],
    ...(row.executed_at !== null && row.executed_at !== undefined ? { executedAt: Number(row.executed_at) } : {}),
    ...(row.error !== null && row.error !== undefined ? { error: String(row.error) } : {}),
    ...(row.version !== null && row.version !== undefined ? { version: Number(row.version) } : {}),
  };
}
