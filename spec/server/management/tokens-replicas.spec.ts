import assert from 'node:assert/strict';
import { SqlManagementStore } from '../../../lib/server/management/sql-management-store';
import { FLAGS } from '../helpers/admin-fixture';
import { postgresReplicas } from '../helpers/postgres-replicas';
import type { TestServer } from '../helpers/test-server';
import { until } from '../helpers/until';

/** How long a token change may take to reach another replica (one NOTIFY and one read). */
const PROPAGATION_MS = 2000;

/** The `application_name` of a replica's notification connection (`PostgresListener`). */
const LISTENER = 'flagstream-listener';

/** A high throttle limit: the refused requests of these specs are expected, not an attack. */
const PATIENT = { authThrottle: { maxFailures: 1000 } };

/** The status of a GET of the `checkout` flag with `secret` on `server`. */
async function statusWith(server: TestServer, secret: string): Promise<number> {
  const response = await fetch(`${server.url}${FLAGS}/checkout`, { headers: { Authorization: `Bearer ${secret}` } });
  await response.arrayBuffer();
  return response.status;
}

/**
 * Counts the reads of one token by digest (`findToken`) of every server in this process, until
 * `restore()`; each read first waits `delayMs` (a slow database).
 */
function countTokenReads(delayMs = 0): { readonly count: number; restore(): void } {
  const original = SqlManagementStore.prototype.findToken;
  let count = 0;
  SqlManagementStore.prototype.findToken = async function (this: SqlManagementStore, digest: string) {
    count++;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return original.call(this, digest);
  };
  return {
    get count() {
      return count;
    },
    restore() {
      SqlManagementStore.prototype.findToken = original;
    },
  };
}

describe('API tokens across replicas on one PostgreSQL database', function () {
  this.timeout(20_000);
  const fixture = postgresReplicas();
  let reads: ReturnType<typeof countTokenReads> | undefined;
  afterEach(() => {
    reads?.restore();
    reads = undefined;
  });

  it('a token created on one replica is accepted by another at once, its notification still held back', async () => {
    const a = await fixture.replica(PATIENT);
    const b = await fixture.replica({ ...PATIENT, viaProxy: true });
    // From here b hears nothing from other replicas: its notification connection is held.
    fixture.proxy.hold(LISTENER);
    const created = await a.admin('POST', '/api/tokens', { name: 'deployer', role: 'writer' });
    assert.equal(created.status, 201);
    const secret = created.json.secret as string;
    assert.equal(await statusWith(b, secret), 200, 'the very first request on the other replica');
    const patched = await fetch(`${b.url}${FLAGS}/checkout`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ instructions: [{ kind: 'turnFlagOff' }] }),
    });
    assert.equal(patched.status, 200, 'with its role');
    // The notification of the new token was sent to b and is still waiting in the proxy.
    await until(() => fixture.proxy.heldBytes > 0, 'the token notification to b to reach the proxy', PROPAGATION_MS);
    assert.doesNotMatch(b.logger.text(), /listening again/, 'b never reconnected (which would have reloaded its tokens)');

    // A token created and revoked while b hears nothing: the row says revoked, so b refuses it.
    const short = await a.admin('POST', '/api/tokens', { name: 'short-lived', role: 'reader' });
    assert.equal((await a.admin('DELETE', `/api/tokens/${short.json.token.id}`)).status, 200);
    assert.equal(await statusWith(b, short.json.secret), 401, 'a revoked token is refused by the store read');

    fixture.proxy.release();
    const history = await a.admin('GET', `${FLAGS}/checkout/history?limit=1`);
    assert.equal(history.json.items[0].actor, 'deployer', 'audited under its name on either replica');
    assert.equal((await a.admin('DELETE', `/api/tokens/${created.json.token.id}`)).status, 200);
    assert.equal(await statusWith(a, secret), 401, 'refused at once on the replica that revoked it');
    await until(async () => (await statusWith(b, secret)) === 401 || undefined, 'the revoked token to be refused on the other replica', PROPAGATION_MS);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await statusWith(b, secret), 401, 'and it stays refused');
  });

  it('wrong tokens: 401 then 429, the store read at most once per failure the throttle allows, a repeated one once', async () => {
    const b = await fixture.replica(); // the default throttle: 20 failures in 60 s, then 429 for 60 s
    reads = countTokenReads();
    const wrong = (i: number) => `fst_wrong-token-${i}`;
    const repeated: number[] = [];
    for (let i = 0; i < 5; i++) repeated.push(await statusWith(b, wrong(0)));
    assert.deepEqual(repeated, [401, 401, 401, 401, 401]);
    assert.equal(reads.count, 1, 'a wrong token is read once, then answered from memory');

    const statuses: number[] = [];
    let readsWhenBlocked = -1;
    for (let i = 1; i <= 40; i++) {
      statuses.push(await statusWith(b, wrong(i)));
      if (statuses.at(-1) === 429 && readsWhenBlocked < 0) readsWhenBlocked = reads.count;
    }
    assert.deepEqual(statuses, [...Array(14).fill(401), ...Array(26).fill(429)], '20 failures in all, then blocked');
    assert.equal(readsWhenBlocked, 16, 'one read per distinct wrong token until blocked');
    assert.equal(reads.count, 16, 'no read at all while blocked');
  });

  it('a burst of wrong tokens at once reads the store no more often than the throttle allows, however slow it is', async () => {
    const b = await fixture.replica();
    reads = countTokenReads(200); // every request arrives while the first reads are in flight
    const statuses = await Promise.all(Array.from({ length: 100 }, (_, i) => statusWith(b, `fst_burst-${i}`)));
    assert.ok(
      statuses.every((status) => status === 401 || status === 429),
      `401 or 429 only: ${statuses.join(' ')}`,
    );
    assert.ok(statuses.filter((status) => status === 401).length <= 19, `at most 19 × 401: ${statuses.join(' ')}`);
    assert.ok(reads.count <= 20, `at most 20 reads, got ${reads.count}`);
    assert.ok(reads.count >= 1, 'the store was asked');
  });

  it('a token not in memory while the database is unreachable: 503, counted as a failure, never the secret in the log', async () => {
    const b = await fixture.replica({ viaProxy: true, authThrottle: { maxFailures: 3 } });
    fixture.proxy.cut();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push(await statusWith(b, 'fst_unknown-while-cut'));
    assert.deepEqual(statuses, [503, 503, 429, 429]);
    assert.match(b.logger.text(), /token not checked \(store unreachable\)/);
    assert.doesNotMatch(b.logger.text(), /fst_unknown/);
  });

  it('ends with every replica agreeing after many token changes in quick succession', async () => {
    const [a, b, c] = [await fixture.replica(PATIENT), await fixture.replica(PATIENT), await fixture.replica(PATIENT)];
    const origins = [a, b, c];
    // 12 tokens created on the three replicas at once, then every other one revoked, also at once.
    const tokens = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const response = await origins[i % 3].admin('POST', '/api/tokens', { name: `t${i}`, role: 'reader' });
        assert.equal(response.status, 201);
        return { id: response.json.token.id as string, secret: response.json.secret as string, revoked: i % 2 === 1 };
      }),
    );
    await Promise.all(
      tokens.map(async (token, i) => {
        if (token.revoked) assert.equal((await origins[(i + 1) % 3].admin('DELETE', `/api/tokens/${token.id}`)).status, 200);
      }),
    );
    for (const [r, server] of origins.entries()) {
      await until(async () => {
        const statuses = await Promise.all(tokens.map((token) => statusWith(server, token.secret)));
        return statuses.every((status, i) => status === (tokens[i].revoked ? 401 : 200)) || undefined;
      }, `replica ${r} to accept exactly the valid tokens`, PROPAGATION_MS);
    }
    // And it stays so (no late, stale reload or read brings a revoked token back).
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const server of origins) {
      assert.deepEqual(await Promise.all(tokens.map((token) => statusWith(server, token.secret))), tokens.map((token) => (token.revoked ? 401 : 200)));
    }
  });

  it('a replica that could not hear a revocation refuses the token once it is back', async () => {
    const a = await fixture.replica(PATIENT);
    const b = await fixture.replica({ ...PATIENT, viaProxy: true });
    const created = await a.admin('POST', '/api/tokens', { name: 'contractor', role: 'reader' });
    assert.equal(await statusWith(b, created.json.secret), 200, 'cached on b');

    fixture.proxy.cut();
    assert.equal((await a.admin('DELETE', '/api/tokens/contractor')).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    fixture.proxy.restore();
    await until(async () => (await statusWith(b, created.json.secret)) === 401 || undefined, 'b to refuse the token after it reconnected', 5000);
    assert.match(b.logger.text(), /listening again after \d+ ms; resyncing/);
  });
});
