/**
 * The SQL side of the flag server's storage: one small interface over the embedded database
 * (SQLite, `better-sqlite3`) and PostgreSQL (`pg`). Every statement is written once, in the SQL
 * both understand (see `server-store.ts` for the rules), with `$1, $2…` placeholders.
 */

/** Which database a statement runs on. */
export type SqlDialect = 'sqlite' | 'postgres';

/** A row as the driver returns it: column name → value. */
export type SqlRow = Record<string, unknown>;

/** Runs statements; inside {@link SqlDatabase.transaction} they belong to that transaction. */
export interface SqlExecutor {
  readonly dialect: SqlDialect;
  /**
   * Runs one statement with `$1, $2…` placeholders.
   *
   * @returns the rows (empty for statements without a result) and how many rows were changed
   */
  query<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[]; changes: number }>;
}

/** Inside a transaction: statements, plus messages to the other server processes. */
export interface SqlTransaction extends SqlExecutor {
  /**
   * Tells the other server processes sharing this database about a change, when (and only if)
   * this transaction commits (PostgreSQL `NOTIFY`; nothing to do on the embedded database, which
   * one process owns). Keep it small: identity and version, not content.
   */
  notify(message: StoreNotification): Promise<void>;
}

/**
 * A message between server processes sharing one database. `type` names the module it is for;
 * the built-in ones are `item` (a flag or segment changed), `environment` (an environment or its
 * SDK keys changed) and `insights`. Other modules pick their own type and read their own rows.
 */
export interface StoreNotification {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** A connection (pool) to the database. */
export interface SqlDatabase extends SqlExecutor {
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws (the
   * error is rethrown). Transactions of one process run one at a time on the embedded database.
   */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /** Closes every connection. Idempotent. */
  close(): Promise<void>;
}
