import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createPostgresDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { getInsights, postEvents, summary } from './insights-helpers';

const evaluations = (count: number) => [summary({ checkout: [{ variation: 1, value: false, version: 1, count }] })];

describe('insights in the database', function () {
  this.timeout(20_000);
  let dir: string;
  const servers: TestServer[] = [];
  let db: TestDatabase | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flagstream-insights-db-'));
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.server.close();
    await db?.drop();
    db = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('survives a restart of the server (embedded database)', async () => {
    const database = path.join(dir, 'data.db');
    const first = await startTestServer({ database }, dir);
    servers.push(first);
    assert.equal((await postEvents(first, evaluations(7))).status, 202);
    await first.server.close();
    servers.pop();

    const second = await startTestServer({ database, environments: undefined }, dir);
    servers.push(second);
    const report = await getInsights(second, 'flag=checkout');
    assert.equal(report.status, 200);
    assert.equal(report.json.flag.evaluations, 7, 'counted before the restart');
  });

  it('answers on any replica for the events every replica received (PostgreSQL)', async () => {
    db = await createPostgresDatabase();
    const [a, b] = [await startTestServer({ database: db.database }), await startTestServer({ database: db.database })];
    servers.push(a, b);
    assert.equal((await postEvents(a, evaluations(3))).status, 202);
    assert.equal((await postEvents(b, evaluations(4))).status, 202);
    // Each replica writes its own batches before answering; the other's are written at its next
    // minute (or on close): close one, and the other answers for both.
    await a.server.close();
    servers.splice(servers.indexOf(a), 1);
    const report = await getInsights(b, 'flag=checkout');
    assert.equal(report.json.flag.evaluations, 7);
    assert.deepEqual(report.json.flag.variations.map((v: { variation: number; count: number }) => [v.variation, v.count]), [[1, 7]]);
  });

  it('deletes rows older than the retention (the last tier of insights.tiers)', async () => {
    let now = Date.UTC(2026, 0, 1, 12);
    const database = path.join(dir, 'data.db');
    const t = await startTestServer({ database, now: () => now, insights: { now: () => now, tiers: [{ bucketMs: 60_000, keepMs: 600_000 }] } }, dir);
    servers.push(t);
    assert.equal((await postEvents(t, evaluations(5))).status, 202);
    assert.equal((await getInsights(t, 'flag=checkout')).json.flag.evaluations, 5);
    now += 20 * 60_000; // past the 10-minute retention
    assert.equal((await postEvents(t, evaluations(1))).status, 202);
    assert.equal((await getInsights(t, 'flag=checkout')).json.flag.evaluations, 1);
    const reader = new Database(database, { readonly: true });
    const stored = reader.prepare('select minute from insights_minutes').all();
    reader.close();
    assert.deepEqual(stored, [{ minute: Math.floor(now / 60_000) * 60_000 }], 'the old row was deleted');
  });
});
