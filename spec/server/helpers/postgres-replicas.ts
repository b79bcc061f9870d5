import type { FlagServerOptions } from '../../../lib/server/flag-server-options';
import { startTcpProxy, type TcpProxy, viaProxy } from './tcp-proxy';
import { createPostgresDatabase, type TestDatabase } from './test-database';
import { startTestServer, type TestServer } from './test-server';

/** What {@link postgresReplicas} gives a suite; each field is set anew before each test. */
export interface PostgresReplicas {
  /** The test's own PostgreSQL database (created before the test, dropped after). */
  readonly db: TestDatabase;
  /** A TCP proxy in front of the database that the test can cut, blackhole and restore. */
  readonly proxy: TcpProxy;
  /**
   * Starts a flag server on the database, closed after the test. `viaProxy: true` connects it
   * through {@link proxy}, so that cutting the proxy cuts this replica off (default: direct).
   */
  replica(options?: FlagServerOptions & { viaProxy?: boolean }): Promise<TestServer>;
}

/**
 * Registers, in the calling `describe`, a fresh PostgreSQL database and a proxy in front of it
 * for each test, and closes the replicas the test started, then the proxy, then drops the
 * database. For the specs of several replicas and of database outages.
 */
export function postgresReplicas(): PostgresReplicas {
  const servers: TestServer[] = [];
  let db: TestDatabase | undefined;
  let proxy: TcpProxy | undefined;
  beforeEach(async () => {
    db = await createPostgresDatabase();
    const url = new URL(db.database);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.server.close();
    await proxy?.close();
    await db?.drop();
    db = proxy = undefined;
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} exists only inside a test`);
    return value;
  };
  return {
    get db() {
      return started(db, 'the database');
    },
    get proxy() {
      return started(proxy, 'the proxy');
    },
    async replica({ viaProxy: proxied = false, ...options } = {}) {
      const database = started(db, 'the database').database;
      const server = await startTestServer({ ...options, database: proxied ? viaProxy(database, started(proxy, 'the proxy')) : database });
      servers.push(server);
      return server;
    },
  };
}
