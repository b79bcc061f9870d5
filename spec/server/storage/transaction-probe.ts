import type { SqlDatabase, SqlRow, SqlTransaction } from '../../../lib/server/storage/sql-database';

/** What {@link probeTransactions} gives a spec. */
export interface TransactionProbe {
  /** The statements of every committed transaction since the probe was installed, one list each. */
  readonly committed: string[][];
  /**
   * From now on, in every transaction, the `nth` statement matching `pattern` fails (as a driver
   * error would: the transaction is rolled back), until {@link disarm}.
   */
  failOn(pattern: RegExp, nth?: number): void;
  disarm(): void;
}

/**
 * Wraps `database.transaction` (of a real SQLite or PostgreSQL database) to record the
 * statements each committed transaction ran, and to make a chosen statement fail mid-way.
 */
export function probeTransactions(database: SqlDatabase): TransactionProbe {
  const original = database.transaction.bind(database);
  let failing: { pattern: RegExp; nth: number } | undefined;
  const committed: string[][] = [];
  database.transaction = <T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> => {
    const statements: string[] = [];
    return original(async (tx) => {
      let seen = 0;
      const probed: SqlTransaction = {
        dialect: tx.dialect,
        notify: (message) => tx.notify(message),
        query: <R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]) => {
          if (failing && failing.pattern.test(sql) && ++seen === failing.nth) {
            return Promise.reject(new Error(`probe: statement ${seen} matching ${failing.pattern} failed`));
          }
          statements.push(sql);
          return tx.query<R>(sql, params);
        },
      };
      return work(probed);
    }).then((result) => {
      committed.push(statements);
      return result;
    });
  };
  return {
    committed,
    failOn(pattern, nth = 1) {
      failing = { pattern, nth };
    },
    disarm() {
      failing = undefined;
    },
  };
}
