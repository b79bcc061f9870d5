import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { tokenDigest } from '../../../lib/server/http/admin-auth';
import { startTestServer, type TestServer } from '../helpers/test-server';

type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; json: any }>;

function as(t: TestServer, secret: string): Call {
  return async (method, path, body, headers = {}) => {
    const response = await fetch(`${t.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${secret}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  };
}

/** One request per route class, each leaving the data as it was (or harmlessly changed). */
const ROUTE_CLASSES: Record<string, { access: 'read' | 'write' | 'manage'; call: (c: Call, env: string) => Promise<{ status: number }> }> = {
  'list flags': { access: 'read', call: (c, env) => c('GET', `/api/environments/${env}/flags`) },
  'read a segment': { access: 'read', call: (c, env) => c('GET', `/api/environments/${env}/segments/beta`) },
  evaluate: { access: 'read', call: (c, env) => c('POST', `/api/environments/${env}/evaluate`, { context: { key: 'u1' } }) },
  'flag history': { access: 'read', call: (c, env) => c('GET', `/api/environments/${env}/flags/checkout/history`) },
  'scheduled changes': { access: 'read', call: (c, env) => c('GET', `/api/environments/${env}/scheduled-changes`) },
  'audit of the environment': { access: 'read', call: (c, env) => c('GET', `/api/audit?env=${env}`) },
  'change a flag': { access: 'write', call: (c, env) => c('PUT', `/api/environments/${env}/flags/rw-probe`, { variations: [1, 2], fallthrough: { variation: 0 } }) },
  'patch a segment': { access: 'write', call: (c, env) => c('PATCH', `/api/environments/${env}/segments/beta`, { instructions: [{ kind: 'addIncluded', values: ['x'] }] }) },
  'schedule a change': { access: 'write', call: (c, env) => c('POST', `/api/environments/${env}/scheduled-changes`, { key: 'checkout', at: '2999-01-01T00:00:00Z', instructions: [{ kind: 'turnFlagOn' }] }) },
  'list tokens': { access: 'manage', call: (c) => c('GET', '/api/tokens') },
  'create a token': { access: 'manage', call: (c) => c('POST', '/api/tokens', { name: `probe-${Math.random().toString(36).slice(2)}`, role: 'reader' }) },
};

const RANK = { reader: 0, writer: 1, admin: 2 } as const;
const NEEDS = { read: 0, write: 1, manage: 2 } as const;

describe('admin API: named tokens, roles and environment scopes', () => {
  let t: TestServer;
  let admin: Call;
  beforeEach(async () => {
    t = await startTestServer();
    admin = as(t, 'test-admin-token-0123456789');
    // a staging copy of the segment, so every route class has something to act on in both environments
    assert.equal((await admin('PUT', '/api/environments/staging/segments/beta', { included: ['u1'] })).status, 201);
    assert.equal((await admin('PUT', '/api/environments/staging/flags/checkout', { on: true, variations: [true, false], offVariation: 1, fallthrough: { variation: 1 } })).status, 201);
  });
  afterEach(() => t.stop());

  async function token(role: string, environments?: string[]): Promise<string> {
    const created = await admin('POST', '/api/tokens', { name: `${role}-${environments?.join('+') ?? 'all'}`, role, ...(environments ? { environments } : {}) });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.match(created.json.secret, /^fst_[A-Za-z0-9_-]{32}$/);
    return created.json.secret;
  }

  it('allows each role exactly its route classes (reader < writer < admin), over real HTTP', async () => {
    for (const role of ['reader', 'writer', 'admin'] as const) {
      const call = as(t, await token(role));
      for (const [name, routeClass] of Object.entries(ROUTE_CLASSES)) {
        const { status } = await routeClass.call(call, 'production');
        const allowed = RANK[role] >= NEEDS[routeClass.access];
        if (allowed) assert.ok(status < 400, `${role} → ${name}: ${status}`);
        else assert.equal(status, 403, `${role} → ${name}`);
      }
    }
  });

  it('keeps a scoped token inside its environments, for reading and writing alike', async () => {
    const staging = as(t, await token('writer', ['staging']));
    for (const [name, routeClass] of Object.entries(ROUTE_CLASSES)) {
      if (routeClass.access === 'manage') continue;
      assert.ok((await routeClass.call(staging, 'staging')).status < 400, `staging → ${name}`);
      assert.equal((await routeClass.call(staging, 'production')).status, 403, `production → ${name}`);
    }
    const audit = await staging('GET', '/api/audit');
    assert.equal(audit.status, 200);
    assert.ok(audit.json.items.length > 0);
    assert.ok(audit.json.items.every((entry: { environment?: string }) => entry.environment === 'staging'), 'only its environments in the audit log');
    assert.equal((await staging('GET', '/metrics')).status, 403, 'metrics name every environment');
    assert.deepEqual((await staging('GET', '/api/me')).json, { name: 'writer-staging', role: 'writer', environments: ['staging'] });
  });

  it('stores only a hash, lists tokens without secrets, and refuses a revoked token at once', async () => {
    const secret = await token('reader');
    const reader = as(t, secret);
    assert.equal((await reader('GET', '/api/environments')).status, 200);
    const list = await admin('GET', '/api/tokens');
    const listed = list.json.items.find((item: { name: string }) => item.name === 'reader-all');
    assert.deepEqual(Object.keys(listed).sort(), ['createdAt', 'createdBy', 'hint', 'id', 'name', 'role']);
    assert.equal(listed.createdBy, 'bootstrap');
    await t.server.close();
    if (t.database.endsWith('.db')) {
      const stored = [t.database, `${t.database}-wal`].filter((file) => existsSync(file)).map((file) => readFileSync(file).toString('latin1')).join('');
      assert.ok(stored.includes(tokenDigest(secret)), 'the digest is stored');
      assert.ok(!stored.includes(secret) && !stored.includes(secret.slice(8)), 'the secret is not stored');
    }
    t = await startTestServer({}, t.dir);
    admin = as(t, 'test-admin-token-0123456789');
    const again = as(t, secret);
    assert.equal((await again('GET', '/api/environments')).status, 200, 'tokens survive a restart');
    assert.equal((await admin('DELETE', `/api/tokens/${listed.id}`)).status, 200);
    assert.equal((await again('GET', '/api/environments')).status, 401);
  });

  it('refuses bad tokens with 400 naming the field, and duplicate names with 409', async () => {
    const bad = await admin('POST', '/api/tokens', { name: '', role: 'owner', environments: ['nowhere'] });
    assert.equal(bad.status, 400);
    assert.match(bad.json.issues.join('\n'), /environments: unknown environment "nowhere"/);
    const bad2 = await admin('POST', '/api/tokens', { name: '', role: 'owner' });
    assert.match(bad2.json.issues.join('\n'), /name: .*\nrole: expected reader, writer or admin/);
    await token('reader');
    assert.equal((await admin('POST', '/api/tokens', { name: 'reader-all', role: 'reader' })).status, 409);
  });
});
