import assert from 'node:assert/strict';
import { FLAGS } from '../helpers/admin-fixture';
import { openStream } from '../helpers/stream-client';
import { postgresReplicas } from '../helpers/postgres-replicas';
import { SDK_KEY, type TestServer } from '../helpers/test-server';
import { until } from '../helpers/until';

const SCHEDULED = '/api/environments/production/scheduled-changes';

/** `GET /ready`; fails when it takes more than 5 s (an orchestrator's probe gives up too). */
async function ready(server: TestServer): Promise<{ status: number; json: { status: string; error?: string } }> {
  const response = await fetch(`${server.url}/ready`, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, json: (await response.json()) as { status: string; error?: string } };
}

describe('GET /ready and the admin API while PostgreSQL is unreachable from one replica', function () {
  this.timeout(30_000);
  const pg = postgresReplicas();

  it('answers 503 with the reason, refuses what needs the database with a clear 503, keeps serving SDKs, and recovers with what other replicas changed', async () => {
    const cutOff = await pg.replica({ viaProxy: true });
    const other = await pg.replica();
    const writer = await cutOff.admin('POST', '/api/tokens', { name: 'deployer', role: 'writer' });
    assert.equal(writer.status, 201);
    const stream = await openStream(cutOff.url, SDK_KEY);
    await stream.next(); // put
    assert.deepEqual(await ready(cutOff), { status: 200, json: { status: 'ready' } });

    pg.proxy.cut();
    const notReady = await ready(cutOff);
    assert.equal(notReady.status, 503);
    assert.equal(notReady.json.status, 'not ready');
    assert.match(notReady.json.error!, /^the store is unreachable: PostgreSQL is unreachable/);
    assert.equal((await ready(other)).status, 200, 'the other replica is ready');

    // What needs the database is refused with 503 and a reason; what memory holds is served.
    const refused = {
      'PATCH a flag': await cutOff.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'turnFlagOff' }] }),
      'GET /api/audit': await cutOff.admin('GET', '/api/audit'),
      'GET a flag history': await cutOff.admin('GET', `${FLAGS}/checkout/history`),
      'POST /api/tokens': await cutOff.admin('POST', '/api/tokens', { name: 'late', role: 'reader' }),
      'GET /api/tokens': await cutOff.admin('GET', '/api/tokens'),
      'POST a scheduled change': await cutOff.admin('POST', SCHEDULED, { key: 'checkout', at: Date.now() + 60_000, instructions: [{ kind: 'turnFlagOff' }] }),
      'GET scheduled changes': await cutOff.admin('GET', SCHEDULED),
    };
    for (const [what, response] of Object.entries(refused)) {
      assert.equal(response.status, 503, `${what}: ${JSON.stringify(response.json)}`);
      assert.match(response.json.error, /database is unavailable.*retry later/, what);
      assert.equal(response.headers.get('retry-after'), '1', what);
    }
    // Logged as a warning naming the route, not as an internal error with a stack.
    assert.deepEqual(cutOff.logger.lines.filter((line) => line.startsWith('ERROR') && /\/api\//.test(line)), []);
    assert.match(cutOff.logger.text(), /WARN GET \/api\/audit: PostgreSQL is unreachable/);
    assert.equal((await cutOff.admin('GET', `${FLAGS}/checkout`)).json.version, 1, 'flags are read from memory');
    const asWriter = await fetch(`${cutOff.url}${FLAGS}/checkout`, { headers: { Authorization: `Bearer ${writer.json.secret}` } });
    assert.equal(asWriter.status, 200, 'named tokens still authenticate (from the cache)');
    const poll = await fetch(`${cutOff.url}/sdk/latest-all`, { headers: { Authorization: SDK_KEY } });
    assert.equal(poll.status, 200);
    assert.equal(((await poll.json()) as { flags: Record<string, { version: number }> }).flags.checkout.version, 1);
    assert.equal(stream.ws.readyState, stream.ws.OPEN, 'SDK streams stay open');
    assert.equal((await fetch(`${cutOff.url}/health`)).status, 200, 'alive, only not ready');

    // Another replica takes a change while this one cannot hear it.
    assert.equal((await other.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'addTargets', variation: 0, values: ['while-cut'] }] })).status, 200);

    pg.proxy.restore();
    await until(async () => (await ready(cutOff)).status === 200 || undefined, '/ready to answer 200 again');
    // Ready only once it hears the other replicas again (the pool may be back before).
    assert.match(cutOff.logger.text(), /listening again after \d+ ms; resyncing/);
    const frame = await stream.next(10_000);
    assert.equal(frame.type, 'patch', 'the change made meanwhile reaches this replica\'s SDKs after its resync');
    assert.deepEqual([(frame.data as { version: number }).version, (frame.data as { targets: { values: string[] }[] }).targets[0].values], [2, ['while-cut']]);
    assert.equal((await cutOff.admin('GET', '/api/audit')).status, 200);
    stream.ws.terminate();
  });

  it('notices a connection that went silent (no reset, e.g. a failed-over host): /ready and writes answer 503 in bounded time, and the replica resyncs on new connections', async () => {
    // Statements, and the notification connection's check, give up after 300 ms.
    const silent = await pg.replica({ viaProxy: true, databaseTimeoutMs: 300 });
    const other = await pg.replica();
    const stream = await openStream(silent.url, SDK_KEY);
    await stream.next(); // put
    assert.equal((await ready(silent)).status, 200);

    pg.proxy.blackhole(); // every open connection goes silent for good
    const notReady = await ready(silent);
    assert.equal(notReady.status, 503);
    assert.match(notReady.json.error!, /^the store is unreachable: PostgreSQL is unreachable/);
    const refused = await silent.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'turnFlagOff' }] }, {}, AbortSignal.timeout(5000));
    assert.equal(refused.status, 503);
    assert.equal(stream.ws.readyState, stream.ws.OPEN, 'SDK streams stay open');
    assert.equal((await other.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'addTargets', variation: 0, values: ['while-silent'] }] })).status, 200);

    pg.proxy.restore(); // new connections work; the silent ones stay dead
    const frame = await stream.next(10_000);
    assert.equal(frame.type, 'patch', 'the change made meanwhile reaches this replica\'s SDKs');
    assert.deepEqual((frame.data as { targets: { values: string[] }[] }).targets[0].values, ['while-silent']);
    assert.match(silent.logger.text(), /notification connection was lost/);
    await until(async () => (await ready(silent)).status === 200 || undefined, '/ready to answer 200 again');
    const accepted = await until(async () => {
      const response = await silent.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'turnFlagOff' }] }, {}, AbortSignal.timeout(5000));
      return response.status === 200 ? response : undefined;
    }, 'admin writes to work again');
    assert.equal(accepted.json.version, 3);
    stream.ws.terminate();
  });
});
