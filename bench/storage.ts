/**
 * `npm run bench -- storage [--writes 200] [--sizes 1000,10000] [--no-postgres] [--pg postgres://…]`:
 * the flag server's storage.
 *
 * 1. PATCH latency: a real server (`createFlagServer`, in this process) on the embedded database
 *    (a SQLite file in a temp dir) and on PostgreSQL (a fresh database on 127.0.0.1:5432, dropped
 *    afterwards) holding N flags of ~1.3 KB (40 targets each); `--writes` sequential semantic
 *    PATCHes (`addTargets`) through the admin API on a kept-alive connection, each to another
 *    flag, after 20 warm-up ones. A sample is request to response: validation, one transaction
 *    (version-checked update, fsync on SQLite), the broadcast. The peer measured in the same run
 *    is what the previous server did per change: rewrite the whole data file atomically
 *    (`DataFile.write`: serialise, write, fsync, rename).
 * 2. PostgreSQL write round trips, before and after pipelining (skipped with `--no-postgres`):
 *    the store's one-row write (`SqlServerStore.writeItem`: BEGIN, the version-checked UPDATE,
 *    NOTIFY, COMMIT, with BEGIN sent along with the UPDATE and NOTIFY with the COMMIT) against
 *    the same four statements each awaited before the next is sent (what the store did before),
 *    on a plain `pg` client of the same database; the two alternate write by write (different
 *    flags of the same N-flag table), so the machine's load hits both alike. The replica's own
 *    listener is running (it receives and skips its own NOTIFY), as in a server.
 * 3. Start-up at 10,000 flags: a child process (`--expose-gc`) opens the stored database and
 *    listens; time from `createFlagServer` to listening, and heap/RSS after two full GCs.
 * Targets (issue 11): PATCH p99 < 10 ms at 10,000 flags on both backends.
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { DataFile } from '../lib/server/data-file';
import type { DataFileDocument } from '../lib/server/data-file-schema';
import { silentLogger } from '../lib/logging/logger';
import type { Item } from '../lib/server/environment';
import { createFlagServer } from '../lib/server/flag-server';
import { MIGRATIONS } from '../lib/server/storage/migrations';
import { openServerStore } from '../lib/server/storage/open-server-store';
import { NOTIFY_CHANNEL } from '../lib/server/storage/postgres-database';
import type { BenchModule } from './bench-module';

const ENVIRONMENT = 'bench';
const SDK_KEY = 'sdk-bench-storage-key';
const PG_ADMIN = process.env.FLAGSTREAM_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** N flags of about 1.3 KB each. */
export function benchDocument(flags: number): DataFileDocument {
  const record: NonNullable<DataFileDocument['environments'][string]['flags']> = {};
  for (let i = 0; i < flags; i++) {
    record[`flag-${i}`] = {
      key: `flag-${i}`,
      version: 1,
      on: true,
      variations: [true, false],
      offVariation: 1,
      fallthrough: { variation: 1 },
      salt: `salt-${i}`,
      targets: [{ variation: 0, values: Array.from({ length: 40 }, (_, j) => `user-${j}-of-flag-${i}`) }],
    };
  }
  return { environments: { [ENVIRONMENT]: { sdkKeys: [SDK_KEY], flags: record } } };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function summary(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

/** A fresh PostgreSQL database for one benchmark run (named `flagstream_bench_<prefix><time>`), and how to drop it. */
export async function createPgDatabase(prefix = ''): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `flagstream_bench_${prefix}${Date.now().toString(36)}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: PG_ADMIN });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

function patch(agent: Agent, port: number, key: string, value: string): Promise<number> {
  const body = JSON.stringify({ instructions: [{ kind: 'addTargets', variation: 0, values: [value] }] });
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'PATCH', path: `/api/environments/${ENVIRONMENT}/flags/${key}`, agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function patchLatency(database: string, flags: number, writes: number): Promise<{ p50: number; p99: number }> {
  const server = createFlagServer({ port: 0, host: '127.0.0.1', dev: true, database, environments: benchDocument(flags).environments, insights: false });
  const { port } = await server.listen();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  try {
    for (let i = 0; i < 20 + writes; i++) {
      const start = performance.now();
      const status = await patch(agent, port, `flag-${(i * 7919) % flags}`, `bench-user-${i}`);
      if (status !== 200) throw new Error(`PATCH answered ${status}`);
      if (i >= 20) samples.push(performance.now() - start);
    }
  } finally {
    agent.destroy();
    await server.close();
  }
  return summary(samples);
}

async function fileRewrite(dir: string, flags: number, writes: number): Promise<{ p50: number; p99: number }> {
  const file = new DataFile(path.join(dir, `peer-${flags}.json`));
  const document = benchDocument(flags);
  const samples: number[] = [];
  for (let i = 0; i < Math.min(writes, 50) + 3; i++) {
    const flag = document.environments[ENVIRONMENT].flags![`flag-${i % flags}`];
    flag.targets![0].values.push(`bench-user-${i}`);
    const start = performance.now();
    await file.write(document);
    if (i >= 3) samples.push(performance.now() - start);
  }
  return summary(samples);
}

/**
 * Part 2: one-row writes on PostgreSQL, pipelined (the store) and sequential (each statement
 * awaited, as before), alternating; `flags` rows in the table.
 */
async function roundTrips(url: string, flags: number, writes: number): Promise<{ pipelined: { p50: number; p99: number }; sequential: { p50: number; p99: number } }> {
  const store = await openServerStore({ database: url, logger: silentLogger });
  const sequential = new Client({ connectionString: url });
  await sequential.connect();
  const pipelinedSamples: number[] = [];
  const sequentialSamples: number[] = [];
  try {
    await store.initialise(MIGRATIONS, async () => benchDocument(flags));
    const versions = new Map<string, number>();
    const next = (key: string): { item: Item; expected: number } => {
      const expected = versions.get(key) ?? 1;
      versions.set(key, expected + 1);
      const item = { ...benchDocument(1).environments[ENVIRONMENT].flags!['flag-0'], key, salt: `salt-${key}-${expected + 1}`, version: expected + 1 } as Item;
      return { item, expected };
    };
    for (let i = 0; i < 20 + writes; i++) {
      const key = `flag-${(i * 7919) % flags}`;
      const pipelinedFirst = i % 2 === 0;
      for (const pipelined of pipelinedFirst ? [true, false] : [false, true]) {
        const { item, expected } = next(key);
        const start = performance.now();
        if (pipelined) {
          await store.writeItem(ENVIRONMENT, 'flags', item, expected);
        } else {
          await sequential.query('begin');
          const { rowCount } = await sequential.query(
            'update items set version = $4, deleted = $5, body = $6, updated_at = $7 where environment = $1 and kind = $2 and key = $3 and version = $8',
            [ENVIRONMENT, 'flags', key, item.version, 0, JSON.stringify(item), Date.now(), expected],
          );
          if (rowCount !== 1) throw new Error(`sequential write of ${key} changed ${rowCount} rows`);
          await sequential.query('select pg_notify($1, $2)', [NOTIFY_CHANNEL, JSON.stringify({ type: 'item', environment: ENVIRONMENT, kind: 'flags', key, version: item.version, origin: 'bench' })]);
          await sequential.query('commit');
        }
        if (i >= 20) (pipelined ? pipelinedSamples : sequentialSamples).push(performance.now() - start);
      }
    }
  } finally {
    await sequential.end();
    await store.close();
  }
  return { pipelined: summary(pipelinedSamples), sequential: summary(sequentialSamples) };
}

/** Child process: open the database, listen, report time and memory. */
async function startupChild(database: string): Promise<void> {
  const start = performance.now();
  const server = createFlagServer({ port: 0, host: '127.0.0.1', dev: true, database, insights: false });
  await server.listen();
  const ms = performance.now() - start;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  process.send!({ ms, heapUsed, rss });
  await server.close();
}

function measureStartup(database: string): Promise<{ ms: number; heapUsed: number; rss: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--storage-startup', database], { execArgv: ['--expose-gc', '--require', 'tsx/cjs'], stdio: 'inherit' });
    child.once('message', (message) => resolve(message as { ms: number; heapUsed: number; rss: number }));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`start-up child exited with ${code}`))));
  });
}

export const storageBench: BenchModule = {
  name: 'storage',
  description: 'server storage: PATCH p50/p99 at 1k/10k flags (SQLite, PostgreSQL, file-rewrite peer), start-up time and memory at 10k flags',
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      strict: false,
      options: { writes: { type: 'string' }, sizes: { type: 'string' }, 'no-postgres': { type: 'boolean' } },
    });
    const writes = Number(values.writes ?? 200);
    const sizes = String(values.sizes ?? '1000,10000').split(',').map(Number);
    const dir = mkdtempSync(path.join(tmpdir(), 'flagstream-bench-storage-'));
    const databases: { url: string; drop: () => Promise<void> }[] = [];
    try {
      console.log(`PATCH through the admin API, ${writes} sequential writes after 20 warm-up (peer: rewriting the whole data file, as the previous server did)`);
      console.log('backend      flags    p50        p99        peer p50   peer p99   ratio p99');
      let ok = true;
      for (const flags of sizes) {
        const peer = await fileRewrite(dir, flags, writes);
        const backends: [string, () => Promise<string>][] = [['SQLite', async () => path.join(dir, `bench-${flags}.db`)]];
        if (!values['no-postgres']) {
          backends.push([
            'PostgreSQL',
            async () => {
              const db = await createPgDatabase();
              databases.push(db);
              return db.url;
            },
          ]);
        }
        for (const [name, database] of backends) {
          const result = await patchLatency(await database(), flags, writes);
          console.log(
            `${name.padEnd(12)} ${String(flags).padStart(6)}   ${fmt(result.p50).padEnd(10)} ${fmt(result.p99).padEnd(10)} ${fmt(peer.p50).padEnd(10)} ${fmt(peer.p99).padEnd(10)} ${(peer.p99 / result.p99).toFixed(1)}× faster`,
          );
          if (flags >= 10_000 && result.p99 >= 10) ok = false;
        }
      }
      console.log(ok ? 'target met: PATCH p99 < 10 ms at 10,000 flags' : 'TARGET MISSED: PATCH p99 >= 10 ms at 10,000 flags');

      if (!values['no-postgres']) {
        const flags = Math.max(...sizes);
        const db = await createPgDatabase();
        databases.push(db);
        const { pipelined, sequential } = await roundTrips(db.url, flags, writes);
        console.log(`\nPostgreSQL one-row write (BEGIN, UPDATE, NOTIFY, COMMIT), ${flags} flags, ${writes} writes of each kind, alternating`);
        console.log('statements                                    p50        p99');
        console.log(`pipelined (store, 2 round trips)              ${fmt(pipelined.p50).padEnd(10)} ${fmt(pipelined.p99).padEnd(10)}`);
        console.log(`sequential (before, 4 round trips)            ${fmt(sequential.p50).padEnd(10)} ${fmt(sequential.p99).padEnd(10)}`);
        console.log(`pipelined / sequential                        ${(pipelined.p50 / sequential.p50).toFixed(2)}×      ${(pipelined.p99 / sequential.p99).toFixed(2)}×`);
      }

      const largest = Math.max(...sizes);
      const startupDb = path.join(dir, 'startup.db');
      const seeded = createFlagServer({ port: 0, host: '127.0.0.1', dev: true, database: startupDb, environments: benchDocument(largest).environments, insights: false });
      await seeded.listen();
      await seeded.close();
      const targets: [string, string][] = [['SQLite', startupDb]];
      if (!values['no-postgres']) {
        const db = await createPgDatabase();
        databases.push(db);
        const pgSeeded = createFlagServer({ port: 0, host: '127.0.0.1', dev: true, database: db.url, environments: benchDocument(largest).environments, insights: false });
        await pgSeeded.listen();
        await pgSeeded.close();
        targets.push(['PostgreSQL', db.url]);
      }
      console.log(`\nstart-up of a server process holding ${largest} flags (database already filled)`);
      for (const [name, database] of targets) {
        const startup = await measureStartup(database);
        console.log(`${name.padEnd(12)} listening after ${startup.ms.toFixed(0)} ms; heap ${(startup.heapUsed / 1e6).toFixed(0)} MB, RSS ${(startup.rss / 1e6).toFixed(0)} MB`);
      }
      return ok;
    } finally {
      for (const db of databases) await db.drop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

if (process.argv[2] === '--storage-startup') {
  startupChild(process.argv[3]).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
