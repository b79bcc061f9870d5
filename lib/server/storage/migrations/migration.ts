import type { SqlDialect } from '../sql-database';

/**
 * One step of the database schema. Migrations run in list order, each once, each in its own
 * transaction, recorded by `id` in the `schema_migrations` table. Never edit or reorder one
 * that has shipped: add a new one.
 */
export interface Migration {
  /** Unique and stable, e.g. `001-core`, `010-management-tokens`. */
  readonly id: string;
  /**
   * The statements, separated by `;` at line ends. One string when it is valid on both databases
   * (the usual case: see the SQL rules in `server-store.ts`), or one per dialect.
   */
  readonly sql: string | Readonly<Record<SqlDialect, string>>;
}
