import { Pool, type PoolClient, types } from 'pg';
import { StoreUnavailableError } from './store-errors';
import type { SqlDatabase, SqlRow, SqlTransaction, StoreNotification } from './sql-database';

/** The channel of flagstream's `NOTIFY` messages. */
export const NOTIFY_CHANNEL = 'flagstream_changes';

/** `bigint` (timestamps in ms) as numbers, like SQLite gives them. */
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (value: string) => Number(value) : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
};

/** Options of {@link PostgresDatabase}. */
export interface PostgresDatabaseOptions {
  /** `postgres://user:password@host:port/database`. */
  readonly connectionString: string;
  /** Most connections of the pool. Default 10. */
  readonly maxConnections?: number;
  /** How long to wait for a connection before a statement fails, ms. Default 3,000. */
  readonly connectTimeoutMs?: number;
  /**
   * How long a statement may wait for its answer, ms; then its connection is dropped (a connection
   * that went silent, e.g. the database host died without a reset, would otherwise hold the
   * statement until the operating system gives up, many minutes later) and the statement fails
   * with {@link StoreUnavailableError}. Default 10,000.
   */
  readonly queryTimeoutMs?: number;
  /** This process's id, sent with each notification (so its own listener can skip them). */
  readonly origin: string;
}

/**
 * PostgreSQL through a `pg` pool. Connection failures become {@link StoreUnavailableError}
 * (statements fail fast while the server is unreachable, and work again when it is back).
 *
 * Transactions use the pool's pipelining (`pg`'s `pipeline` client option): a statement whose
 * answer nothing waits for is sent without waiting for the one before. `BEGIN` travels with the
 * transaction's first statement, and the `NOTIFY`s with the `COMMIT`, so a one-row write costs
 * two round trips to the database instead of four; their outcomes are still checked before the
 * transaction counts as committed (see {@link PostgresDatabase.transaction}).
 */
export class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  readonly pool: Pool;
  private closed = false;

  constructor(readonly options: PostgresDatabaseOptions) {
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
      query_timeout: options.queryTimeoutMs ?? 10_000,
      types: typeParsers,
      pipeline: true,
    });
    // An idle connection that breaks is dropped by the pool; the next statement opens a new one.
    this.pool.on('error', () => undefined);
  }

  async query<R extends SqlRow = SqlRow>(sql: string, params: readonly unknown[] = []): Promise<{ rows: R[]; changes: number }> {
    try {
      const result = await this.pool.query(sql, params as unknown[]);
      return { rows: result.rows as R[], changes: result.rowCount ?? 0 };
    } catch (error) {
      throw translate(error);
    }
  }

  /**
   * Runs `work` in one transaction on one pooled connection. `BEGIN` and each `notify` are sent
   * without waiting for their answers (pipelined behind or ahead of the other statements); the
   * commit waits for all of them, and when one of them failed (PostgreSQL then answers the
   * `COMMIT` with a rollback) the transaction throws that failure, the first in the order sent.
   */
  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    const options = this.options;
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw translate(error);
    }
    let broken = false;
    // A checked-out connection whose socket closes emits `error` (the pool only listens while it
    // is idle): unheard, that is an uncaught exception ending the process. The statement in
    // flight, or the next one, fails with the connection error instead.
    const lost = () => {
      broken = true;
    };
    client.on('error', lost);
    const run = async (sql: string, params: readonly unknown[] = []) => {
      try {
        return await client.query(sql, params as unknown[]);
      } catch (error) {
        const translated = translate(error);
        if (translated instanceof StoreUnavailableError) broken = true;
        throw translated;
      }
    };
    /** Statements sent without waiting (BEGIN, NOTIFYs), in the order sent. */
    const unanswered: Promise<unknown>[] = [];
    const sendAhead = (sql: string, params?: readonly unknown[]): void => {
      const sent = run(sql, params);
      sent.catch(() => undefined); // looked at by firstFailure()
      unanswered.push(sent);
    };
    /** The failure of the first statement sent ahead that failed, if any. */
    const firstFailure = async (): Promise<unknown> => {
      for (const sent of unanswered) {
        try {
          await sent;
        } catch (error) {
          return error;
        }
      }
      return undefined;
    };
    const tx: SqlTransaction = {
      dialect: 'postgres',
      async query<R extends SqlRow>(sql: string, params: readonly unknown[] = []) {
        try {
          const result = await run(sql, params);
          return { rows: result.rows as R[], changes: result.rowCount ?? 0 };
        } catch (error) {
          // A statement sent ahead that failed (e.g. BEGIN) is the cause; this one then failed too.
          throw (await firstFailure()) ?? error;
        }
      },
      async notify(message: StoreNotification) {
        sendAhead('select pg_notify($1, $2)', [NOTIFY_CHANNEL, JSON.stringify({ ...message, origin: options.origin })]);
      },
    };
    try {
      sendAhead('begin');
      const result = await work(tx);
      const committed = run('commit');
      committed.catch(() => undefined);
      const failure = await firstFailure();
      if (failure !== undefined) throw failure;
      const { command } = await committed;
      if (command !== 'COMMIT') throw new Error(`PostgreSQL answered the commit with ${command}; the change was not stored`);
      return result;
    } catch (error) {
      if (!broken) await client.query('rollback').catch(() => (broken = true));
      throw error;
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** SQLSTATE classes and socket errors that mean "the database is not reachable". */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && (/^(08|57P0|53)/.test(code) || /^E(CONN|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|AI_AGAIN)/.test(code))) return true;
  const message = (error as Error)?.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error|Connection ended|not queryable|Query read timeout/i.test(message);
}

function translate(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isConnectionError(error)) return error;
  return new StoreUnavailableError(`PostgreSQL is unreachable (${(error as Error).message})`, { cause: error });
}
