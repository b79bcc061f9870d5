import type { Migration } from './migrations';
import type { SqlDatabase, SqlExecutor } from './sql-database';

/** Key of the PostgreSQL advisory lock held while migrating and seeding ("flagstrm"). */
export const MIGRATION_LOCK_KEY = 0x666c6167737472;

/**
 * Brings the schema up to date: creates `schema_migrations`, then runs each migration not
 * recorded there, in order, each in its own transaction together with its record. On PostgreSQL
 * every transaction first takes an advisory lock, so replicas starting at once migrate one after
 * the other (the later ones find the work done); on SQLite `BEGIN IMMEDIATE` does the same.
 *
 * @returns the ids that ran
 */
export async function runMigrations(database: SqlDatabase, migrations: readonly Migration[], now: () => number = Date.now): Promise<string[]> {
  const ids = new Set<string>();
  for (const migration of migrations) {
    if (ids.has(migration.id)) throw new Error(`Migration id ${migration.id} is listed twice`);
    ids.add(migration.id);
  }
  await database.transaction(async (tx) => {
    await lockForMigration(tx);
    await tx.query('create table if not exists schema_migrations (id text primary key, applied_at bigint not null)');
  });
  const ran: string[] = [];
  for (const migration of migrations) {
    const applied = await database.transaction(async (tx) => {
      await lockForMigration(tx);
      const { rows } = await tx.query('select id from schema_migrations where id = $1', [migration.id]);
      if (rows.length > 0) return false;
      const script = typeof migration.sql === 'string' ? migration.sql : migration.sql[tx.dialect];
      await runScript(tx, script);
      await tx.query('insert into schema_migrations (id, applied_at) values ($1, $2)', [migration.id, now()]);
      return true;
    });
    if (applied) ran.push(migration.id);
  }
  return ran;
}

/** Takes the migration lock until the end of the transaction (PostgreSQL; a no-op on SQLite). */
export async function lockForMigration(tx: SqlExecutor): Promise<void> {
  if (tx.dialect === 'postgres') await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
}

/** Runs a script of statements separated by `;` at line ends. */
export async function runScript(executor: SqlExecutor, script: string): Promise<void> {
  for (const statement of script.split(/;\s*$/m)) {
    if (statement.trim() !== '') await executor.query(statement);
  }
}
