import BetterSqlite3 from 'better-sqlite3';
import { StoreUnavailableError } from './store-errors';
import type { SqlDatabase, SqlRow, SqlTransaction } from './sql-database';

type Statement = BetterSqlite3.Statement<unknown[]>;

/**
 * The embedded database: one SQLite file (or `:memory:`) owned by this process, through
 * `better-sqlite3`. Write-ahead log with `synchronous = FULL`: a transaction is on disk before
 * it is acknowledged, so neither `kill -9` nor a power cut loses an acknowledged change.
 * Transactions run one at a time (`BEGIN IMMEDIATE`); statements outside one wait their turn.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  private readonly db: BetterSqlite3.Database;
  private readonly statements = new Map<string, Statement>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  /**
   * Opens (creating when missing) the database file.
   *
   * @param path a file path, or `:memory:`
   * @throws StoreUnavailableError when the file cannot be opened (a directory, no permission, not
   *   a database)
   */
  constructor(readonly path: string) {
    try {
      this.db = new BetterSqlite3(path);
      if (path !== ':memory:') this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 5000');
    } catch (error) {
      throw new StoreUnavailableError(`SQLite database ${path} cannot be opened (${(error as Error).message})`, { cause: error });
    }
  }

  query<R extends SqlRow = SqlRow>(sql: string, params: readonly unknown[] = []): Promise<{ rows: R[]; changes: number }> {
    return this.enqueue(async () => this.run<R>(sql, params));
  }

  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      const tx: SqlTransaction = {
        dialect: 'sqlite',
        query: async <R extends SqlRow>(sql: string, params: readonly unknown[] = []) => this.run<R>(sql, params),
        notify: async () => undefined,
      };
      try {
        const result = await work(tx);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    this.db.close();
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreUnavailableError(`SQLite database ${this.path} is closed`));
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private run<R extends SqlRow>(sql: string, params: readonly unknown[]): { rows: R[]; changes: number } {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql.replace(/\$(\d+)/g, '?$1'));
      this.statements.set(sql, statement);
    }
    // Numbered parameters (`?1`) bind by number, from an object.
    const values: Record<number, unknown> = {};
    params.forEach((value, i) => (values[i + 1] = typeof value === 'boolean' ? Number(value) : value === undefined ? null : value));
    const args = params.length > 0 ? [values] : [];
    if (statement.reader) return { rows: statement.all(...args) as R[], changes: 0 };
    return { rows: [], changes: statement.run(...args).changes };
  }
}
