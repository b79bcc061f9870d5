import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logging/logger';
import { PostgresDatabase } from './postgres-database';
import { PostgresListener } from './postgres-listener';
import { StoreUnavailableError } from './store-errors';
import type { ServerStore } from './server-store';
import { SqliteDatabase } from './sqlite-database';
import { SqlServerStore } from './sql-server-store';

/** Which store {@link openServerStore} opens. */
export interface StoreSelection {
  /**
   * `postgres://…` (or `postgresql://…`) for PostgreSQL; otherwise the path of an embedded
   * SQLite database file, or `:memory:`. Default `:memory:`.
   */
  readonly database?: string;
  readonly logger: Logger;
  /** Clock, ms since epoch. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * PostgreSQL: how long a statement may wait for its answer before its connection counts as
   * lost, ms; connecting may take `min(3,000, timeoutMs)`; the notification connection is checked
   * every `min(5,000, timeoutMs)` ms with the same limit. Default 10,000.
   */
  readonly timeoutMs?: number;
}

/** Whether a `database` option names PostgreSQL. */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

/** `postgres://user:secret@host/db` without the password, for log lines. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/**
 * Opens the SQL store a `database` option names (not yet migrated: see
 * `ServerStore.initialise`). For PostgreSQL it also starts listening for other replicas.
 *
 * @throws StoreUnavailableError when the database cannot be opened or reached
 */
export async function openServerStore(selection: StoreSelection): Promise<ServerStore> {
  const database = selection.database ?? ':memory:';
  if (!isPostgresUrl(database)) {
    return new SqlServerStore({
      database: new SqliteDatabase(database),
      description: database === ':memory:' ? 'SQLite in memory (nothing is kept after close)' : `SQLite ${database}`,
      now: selection.now,
    });
  }
  const origin = randomUUID();
  const timeoutMs = selection.timeoutMs ?? 10_000;
  const pg = new PostgresDatabase({ connectionString: database, origin, queryTimeoutMs: timeoutMs, connectTimeoutMs: Math.min(3000, timeoutMs) });
  const listener = new PostgresListener({
    connectionString: database,
    origin,
    logger: selection.logger,
    checkTimeoutMs: timeoutMs,
    checkIntervalMs: Math.min(5000, timeoutMs),
  });
  try {
    await listener.start();
  } catch (error) {
    await pg.close();
    await listener.close();
    throw new StoreUnavailableError(`PostgreSQL ${redactUrl(database)} is unreachable (${(error as Error).message})`, { cause: error });
  }
  return new SqlServerStore({
    database: pg,
    description: `PostgreSQL ${redactUrl(database)}`,
    notifications$: listener.notifications$,
    onClose: () => listener.close(),
    now: selection.now,
  });
}
