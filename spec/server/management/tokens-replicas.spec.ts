import assert from 'node:assert/strict';
import { FLAGS } from '../helpers/admin-fixture';
import { startTcpProxy, type TcpProxy, viaProxy } from '../helpers/tcp-proxy';
import { createPostgresDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { until } from '../helpers/until';

/** How long a token change may take to reach another replica (one NOTIFY and one read). */
const PROPAGATION_MS = 2000;

/** The status of a GET of the `checkout` flag with `secret` on `server`. */
async function statusWith(server: TestServer, secret: string): Promise<number> {
  const response = await fetch(`${server.url}${FLAGS}/checkout`, { headers: { Authorization: `Bearer ${secret}` } });
  await response.arrayBuffer();
  return response.status;
}

describe('API tokens across replicas on one PostgreSQL database', function () {
  this.timeout(20_000);
  let db: TestDatabase;
  let proxy: TcpProxy | undefined;
  const servers: TestServer[] = [];
  beforeEach(async () => {
    db = await createPostgresDatabase();
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.server.close();
    await proxy?.close();
    proxy = undefined;
    await db.drop();
  });
  // A high throttle limit: the refused requests of this spec are expected, not an attack.
  const replica = async (database = db.database) => {
    const server = await startTestServer({ database, authThrottle: { maxFailures: 1000 } });
    servers.push(server);
    return server;
  };

  it('a token created on one replica works on another, and once revoked is refused there', async () => {
    const [a, b] = [await replica(), await replica()];
    const created = await a.admin('POST', '/api/tokens', { name: 'deployer', role: 'writer' });
    assert.equal(created.status, 201);
    const secret = created.json.secret as string;
    assert.equal(await statusWith(a, secret), 200, 'at once on the replica that created it');
    const start = Date.now();
    await until(async () => (await statusWith(b, secret)) === 200 || undefined, 'the token to work on the other replica', PROPAGATION_MS);
    const patched = await fetch(`${b.url}${FLAGS}/checkout`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ instructions: [{ kind: 'turnFlagOff' }] }),
    });
    assert.equal(patched.status, 200, 'with its role');
    const history = await a.admin('GET', `${FLAGS}/checkout/history?limit=1`);
    assert.equal(history.json.items[0].actor, 'deployer', 'audited under its name on either replica');

    assert.equal((await a.admin('DELETE', `/api/tokens/${created.json.token.id}`)).status, 200);
    assert.equal(await statusWith(a, secret), 401, 'refused at once on the replica that revoked it');
    await until(async () => (await statusWith(b, secret)) === 401 || undefined, 'the revoked token to be refused on the other replica', PROPAGATION_MS);
    assert.ok(Date.now() - start < 2 * PROPAGATION_MS);
  });

  it('ends with every replica agreeing after many token changes in quick succession', async () => {
    const [a, b, c] = [await replica(), await replica(), await replica()];
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
    // And it stays so (no late, stale reload brings a revoked token back).
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const server of origins) {
      assert.deepEqual(await Promise.all(tokens.map((token) => statusWith(server, token.secret))), tokens.map((token) => (token.revoked ? 401 : 200)));
    }
  });

  it('a replica that could not hear a revocation refuses the token once it is back', async () => {
    const url = new URL(db.database);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    const a = await replica();
    const b = await replica(viaProxy(db.database, proxy));
    const created = await a.admin('POST', '/api/tokens', { name: 'contractor', role: 'reader' });
    await until(async () => (await statusWith(b, created.json.secret)) === 200 || undefined, 'the token to work on b', PROPAGATION_MS);

    proxy.cut();
    assert.equal((await a.admin('DELETE', '/api/tokens/contractor')).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    proxy.restore();
    await until(async () => (await statusWith(b, created.json.secret)) === 401 || undefined, 'b to refuse the token after it reconnected', 5000);
    assert.match(b.logger.text(), /listening again after \d+ ms; resyncing/);
  });
});
