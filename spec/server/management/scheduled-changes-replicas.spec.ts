import assert from 'node:assert/strict';
import { Client } from 'pg';
import { openStream, type StreamClient } from '../helpers/stream-client';
import { createPostgresDatabase, type TestDatabase } from '../helpers/test-database';
import { SDK_KEY, startTestServer, type TestServer } from '../helpers/test-server';
import { until } from '../helpers/until';

const FLAG = '/api/environments/production/flags/checkout';
const SCHEDULED = '/api/environments/production/scheduled-changes';

interface Flag {
  key: string;
  version: number;
  targets?: { variation: number; values: string[] }[];
}

/** Reads stream frames until one carries `checkout` at `version` (a patch, or a put after a reconnect). */
async function streamReaches(stream: StreamClient, version: number): Promise<Flag> {
  for (;;) {
    const frame = await stream.next(10_000);
    const data = frame.data as { key?: string; version?: number; flags?: Record<string, Flag> } | undefined;
    const flag = frame.type === 'put' ? data?.flags?.checkout : frame.type === 'patch' && data?.key === 'checkout' ? (data as Flag) : undefined;
    if (flag && flag.version >= version) return flag;
  }
}

describe('scheduled changes with three replicas on one PostgreSQL database', function () {
  this.timeout(30_000);
  let db: TestDatabase;
  /** Added to the real time: the replicas' clock (a jump makes changes due as if time had passed). */
  let skew: number;
  const servers: TestServer[] = [];
  const streams: StreamClient[] = [];
  beforeEach(async () => {
    db = await createPostgresDatabase();
    skew = 0;
  });
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.ws.terminate();
    await Promise.all(servers.splice(0).map((server) => server.server.close()));
    await db.drop();
  });
  // Every replica runs on the same clock, polling for due changes every 10 ms.
  const now = () => Date.now() + skew;
  const startReplicas = async (count: number) => {
    const started = await Promise.all(Array.from({ length: count }, () => startTestServer({ database: db.database, now, scheduledChangesPollMs: 10 })));
    servers.push(...started);
    return started;
  };

  /**
   * Schedules `count` changes to `checkout` (each adds one target `s<i>`), round robin over
   * `replicas`, due `spacingMs` apart from a minute on: spread over several polls, so that
   * different replicas claim some and write the same flag at the same time.
   */
  const schedule = async (replicas: TestServer[], count: number, spacingMs: number): Promise<{ due: number; changes: { id: string; createdBy: string; value: string }[] }> => {
    const due = now() + 60_000;
    const created = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const response = await replicas[i % replicas.length].admin('POST', SCHEDULED, {
          key: 'checkout',
          at: due + i * spacingMs,
          instructions: [{ kind: 'addTargets', variation: 0, values: [`s${i}`] }],
          comment: `change ${i}`,
        });
        assert.equal(response.status, 201, JSON.stringify(response.json));
        return { id: response.json.id as string, createdBy: response.json.createdBy as string, value: `s${i}` };
      }),
    );
    return { due, changes: created };
  };

  /** Waits until no change is pending, then checks that each ran exactly once (state, version, audit, stored flag). */
  const assertEachRanOnce = async (reader: TestServer, changes: { id: string; createdBy: string; value: string }[]) => {
    await until(async () => (await reader.admin('GET', `${SCHEDULED}?state=pending`)).json.items.length === 0, 'every scheduled change to run');
    await new Promise((resolve) => setTimeout(resolve, 150)); // more polls on every replica: nothing runs again
    const all = (await reader.admin('GET', SCHEDULED)).json.items as { id: string; state: string; version?: number; error?: string }[];
    assert.deepEqual(all.filter((c) => c.state !== 'done').map((c) => `${c.id}: ${c.state} ${c.error ?? ''}`), [], 'every change is done');
    const versions = all.map((c) => c.version).sort((a, b) => a! - b!);
    assert.deepEqual(versions, changes.map((_, i) => i + 2), 'each change produced its own version, 2 to n + 1');

    const audit = await reader.admin('GET', '/api/audit?target=flags&limit=500');
    const executions = (audit.json.items as { action: string; actor: string; comment: string; version: number }[]).filter((e) => e.action === 'execute');
    for (const change of changes) {
      const mine = executions.filter((e) => e.comment.startsWith(`scheduled change ${change.id}`));
      assert.equal(mine.length, 1, `one audit execute entry for ${change.id}, got ${mine.length}`);
      assert.equal(mine[0].actor, change.createdBy);
    }
    assert.equal(executions.length, changes.length, 'no other execute entry');
    assert.deepEqual(executions.map((e) => e.version).sort((a, b) => a - b), versions);

    const stored = (await reader.readData()).environments.production.flags!.checkout as unknown as Flag;
    assert.equal(stored.version, changes.length + 1, 'the flag version went up exactly once per change');
    assert.deepEqual([...stored.targets![0].values].sort(), changes.map((c) => c.value).sort());
    return stored;
  };

  it('runs each of 20 changes due at nearly the same time exactly once, and every replica streams the result', async () => {
    const replicas = await startReplicas(3);
    for (const replica of replicas) {
      const stream = await openStream(replica.url, SDK_KEY);
      streams.push(stream);
      await stream.next(); // put
    }
    const { due, changes } = await schedule(replicas, 20, 4);
    skew += due - now(); // the first is due now, the others over the next 80 ms

    const stored = await assertEachRanOnce(replicas[0], changes);
    for (const [i, replica] of replicas.entries()) {
      const flag = await until(async () => {
        const response = await replica.admin('GET', FLAG);
        return response.json.version === stored.version ? (response.json as Flag) : undefined;
      }, `replica ${i} to hold version ${stored.version}`);
      assert.deepEqual(flag.targets, stored.targets);
      const streamed = await streamReaches(streams[i], stored.version);
      assert.equal(streamed.version, stored.version, `replica ${i}'s stream`);
      assert.deepEqual(streamed.targets, stored.targets, `replica ${i}'s stream`);
    }
  });

  it('gives back the claim of a replica that died before applying a change, after a minute, and runs it once', async () => {
    const replicas = await startReplicas(2);
    const { due, changes } = await schedule(replicas, 1, 0);
    // A third replica claimed it as it came due, then died before its write (nothing else of it is left).
    const client = new Client({ connectionString: db.database });
    await client.connect();
    try {
      const claimed = await client.query(`update scheduled_changes set state = 'running', claimed_at = $2 where id = $1`, [changes[0].id, due]);
      assert.equal(claimed.rowCount, 1);
    } finally {
      await client.end();
    }
    skew += due - now() + 30_000; // due, claimed 30 s ago: still the dead replica's
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal((await replicas[0].admin('GET', FLAG)).json.version, 1, 'not run while claimed');
    assert.deepEqual((await replicas[0].admin('GET', `${SCHEDULED}?state=pending`)).json.items.map((c: { id: string }) => c.id), [changes[0].id]);

    skew += 31_000; // the claim is over a minute old
    await assertEachRanOnce(replicas[1], changes);
  });

  it('runs changes that came due while every replica was down exactly once when they all come back', async () => {
    const before = await startReplicas(3);
    const { changes } = await schedule(before, 6, 1);
    await Promise.all(servers.splice(0).map((server) => server.server.close()));
    skew += 2 * 60_000; // due while down

    const replicas = await startReplicas(3); // together: each claims what is due as it starts
    const stored = await assertEachRanOnce(replicas[2], changes);
    for (const [i, replica] of replicas.entries()) {
      const flag = await until(async () => {
        const poll = await fetch(`${replica.url}/sdk/latest-all`, { headers: { Authorization: SDK_KEY } });
        const body = (await poll.json()) as { flags: Record<string, Flag> };
        return body.flags.checkout.version === stored.version ? body.flags.checkout : undefined;
      }, `replica ${i} to serve version ${stored.version} to SDKs`);
      assert.deepEqual(flag.targets, stored.targets);
    }
  });
});
