import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DataFileDocument } from '../../../lib/server/data-file-schema';
import { createFlagServer, type FlagServer } from '../../../lib/server/flag-server';
import type { FlagServerOptions } from '../../../lib/server/flag-server-options';
import { readStoredData } from '../../../lib/server/storage/read-stored-data';
import { type CaptureLogger, captureLogger } from './capture-logger';
import { testDatabase } from './test-database';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const SDK_KEY = 'sdk-test-key-production';
export const OTHER_SDK_KEY = 'sdk-test-key-staging';

/** Two environments: `production` (a boolean flag `checkout`, a segment `beta`) and an empty `staging`. */
export function testEnvironments(): DataFileDocument['environments'] {
  return {
    production: {
      sdkKeys: [SDK_KEY],
      disabledSdkKeys: ['sdk-test-key-revoked'],
      flags: {
        checkout: { key: 'checkout', version: 1, on: true, variations: [true, false], offVariation: 1, fallthrough: { variation: 1 } },
      },
      segments: { beta: { key: 'beta', version: 1, included: ['u1'] } },
    },
    staging: { sdkKeys: [OTHER_SDK_KEY] },
  };
}

/**
 * A flag server on 127.0.0.1:0 with its database (SQLite in a fresh temp dir, or the database
 * `FLAGSTREAM_TEST_BACKEND=postgres` selects: see `test-database.ts`), and helpers.
 */
export interface TestServer {
  readonly server: FlagServer;
  readonly url: string;
  readonly dir: string;
  /** The `database` option the server runs on. */
  readonly database: string;
  readonly logger: CaptureLogger;
  /** An admin API request with the admin token (JSON body when `body` is given). */
  admin(method: string, pathname: string, body?: unknown, headers?: Record<string, string>, signal?: AbortSignal): Promise<{ status: number; json: any; headers: Headers }>;
  /** Everything stored in the database (what `flagstream-server export` writes). */
  readData(): Promise<DataFileDocument>;
  /** Closes the server and removes the temp dir. */
  stop(): Promise<void>;
}

/** Starts a test server (options override the defaults: test environments, admin token, capture logger). */
export async function startTestServer(options: FlagServerOptions = {}, dir = mkdtempSync(path.join(tmpdir(), 'flagstream-server-'))): Promise<TestServer> {
  const logger = captureLogger();
  const owned = options.database === undefined && options.dataFile === undefined ? await testDatabase(dir) : undefined;
  const database = options.database ?? owned?.database ?? ':memory:';
  const server = createFlagServer({
    port: 0,
    host: '127.0.0.1',
    adminToken: ADMIN_TOKEN,
    environments: testEnvironments(),
    logger,
    closeGraceMs: 200,
    ...options,
    database,
  });
  try {
    await server.listen();
  } catch (error) {
    await owned?.drop();
    throw error;
  }
  const url = server.url;
  return {
    server,
    url,
    dir,
    database,
    logger,
    async admin(method, pathname, body, headers = {}, signal) {
      const response = await fetch(`${url}${pathname}`, {
        method,
        signal,
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
    },
    readData() {
      return readStoredData(database);
    },
    async stop() {
      await server.close();
      await owned?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
