import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { Client } from 'pg';

/** The machine's PostgreSQL (trust auth); override with `FLAGSTREAM_TEST_PG`. */
export const PG_ADMIN_URL = process.env.FLAGSTREAM_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Which backend the server specs run on: `sqlite` (default) or `postgres` (`FLAGSTREAM_TEST_BACKEND`). */
export function testBackend(): 'sqlite' | 'postgres' {
  return process.env.FLAGSTREAM_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
}

/** A database of one test: its `database` option, and how to remove it. */
export interface TestDatabase {
  readonly database: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test server: a SQLite file in `dir`, or on PostgreSQL one database
 * shared by the whole run (created on first use, dropped when mocha ends) whose tables are
 * emptied for each test (creating a database per test costs seconds on a loaded machine).
 */
export async function testDatabase(dir: string, backend = testBackend()): Promise<TestDatabase> {
  if (backend === 'sqlite') return { database: path.join(dir, 'data.db'), drop: async () => undefined };
  shared ??= createPostgresDatabase();
  const { database } = await shared;
  const client = new Client({ connectionString: database });
  await client.connect();
  try {
    // Empty every table but the migration record (migrations then have nothing to do).
    await client.query(`do $$ declare names text; begin
      select string_agg(quote_ident(tablename), ', ') into names from pg_tables where schemaname = 'public' and tablename <> 'schema_migrations';
      if names is not null then execute 'truncate ' || names || ' cascade'; end if;
    end $$`);
  } finally {
    await client.end();
  }
  return { database, drop: async () => undefined };
}

let shared: Promise<TestDatabase> | undefined;

// A root hook (registered while mocha loads the spec files): drop the shared database at the end.
if (typeof after === 'function') {
  after(async () => {
    const database = shared;
    shared = undefined;
    await (await database)?.drop();
  });
}

/** Creates a uniquely named PostgreSQL database; `drop()` ends its connections and drops it. */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `flagstream_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    database: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
