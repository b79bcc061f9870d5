import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { firstValueFrom } from 'rxjs';
import { filter } from 'rxjs/operators';
import { streamingClient } from '../../e2e/helpers/e2e-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('admin API: environments and SDK keys, live', () => {
  let t: TestServer;
  let clock: number;
  beforeEach(async () => {
    clock = Date.parse('2026-12-06T10:00:00Z');
    t = await startTestServer({ now: () => clock, scheduledChangesPollMs: 20 });
  });
  afterEach(() => t.stop());

  const poll = (key: string) => fetch(`${t.url}/sdk/latest-all`, { headers: { Authorization: key } }).then((r) => r.status);

  it('creates, renames and deletes an environment without a restart; a writer may not', async () => {
    const created = await t.admin('POST', '/api/environments', { key: 'qa', name: 'QA' });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.match(created.json.sdkKey, /^sdk-/);
    assert.equal(await poll(created.json.sdkKey), 200);
    assert.equal((await t.admin('PUT', '/api/environments/qa/flags/f', { variations: [1, 2], fallthrough: { variation: 1 } })).status, 201);
    assert.equal((await t.admin('PATCH', '/api/environments/qa', { name: 'Quality' })).json.name, 'Quality');
    assert.equal((await t.admin('GET', '/api/environments/qa')).json.name, 'Quality');
    const writer = (await t.admin('POST', '/api/tokens', { name: 'w', role: 'writer' })).json.secret;
    const asWriter = await fetch(`${t.url}/api/environments`, { method: 'POST', headers: { Authorization: `Bearer ${writer}`, 'Content-Type': 'application/json' }, body: '{"key":"x"}' });
    assert.equal(asWriter.status, 403);
    assert.equal((await t.admin('POST', '/api/environments', { key: 'qa' })).status, 409);
    assert.equal((await t.admin('DELETE', '/api/environments/qa')).status, 200);
    assert.equal((await t.admin('GET', '/api/environments/qa')).status, 404);
    assert.equal(await poll(created.json.sdkKey), 401);
    const audit = await t.admin('GET', '/api/audit?target=environments');
    assert.deepEqual(audit.json.items.map((e: any) => e.action), ['delete', 'rename', 'create']);
    assert.ok(!JSON.stringify(audit.json).includes(created.json.sdkKey), 'no SDK key in the audit log');
  });

  it('revoking a key closes its streams at once: a real SDK goes OFF with a 401, polls and events are refused', async () => {
    const { sdkKey } = (await t.admin('POST', '/api/environments', { key: 'live' })).json;
    const other = (await t.admin('POST', '/api/environments/live/sdk-keys')).json.sdkKey;
    const client = streamingClient(t.url, { sdkKey });
    try {
      await client.waitForInitialization({ timeout: 5000 });
      const keys = await t.admin('GET', '/api/environments/live/sdk-keys');
      const id = createHash('sha256').update(sdkKey).digest('hex').slice(0, 8);
      assert.deepEqual(keys.json.items.map((k: any) => k.id).sort(), [id, createHash('sha256').update(other).digest('hex').slice(0, 8)].sort());
      const off = firstValueFrom(client.status$.pipe(filter((status) => status.state === 'OFF')));
      assert.equal((await t.admin('DELETE', `/api/environments/live/sdk-keys/${id}`)).status, 200);
      const status = await off;
      assert.equal(status.lastError?.statusCode, 401);
      assert.equal(await poll(sdkKey), 401);
      const events = await fetch(`${t.url}/bulk`, { method: 'POST', headers: { Authorization: sdkKey, 'Content-Type': 'application/json' }, body: '[]' });
      assert.equal(events.status, 401);
      assert.equal(await poll(other), 200, 'the environment\'s other key still works');
    } finally {
      await client.close();
    }
  });

  it('rotation keeps the old key until its expiry, then revokes it', async () => {
    const { sdkKey: old } = (await t.admin('POST', '/api/environments', { key: 'rot' })).json;
    const id = (await t.admin('GET', '/api/environments/rot/sdk-keys')).json.items[0].id;
    const rotated = await t.admin('POST', `/api/environments/rot/sdk-keys/${id}/rotate`, { expiresAt: '2026-12-06T11:00:00Z' });
    assert.equal(rotated.status, 201);
    assert.equal(rotated.json.replaces, id);
    assert.equal(await poll(old), 200);
    assert.equal(await poll(rotated.json.sdkKey), 200);
    const listed = await t.admin('GET', '/api/environments/rot/sdk-keys');
    assert.deepEqual(listed.json.items.find((k: any) => k.id === id).expiresAt, '2026-12-06T11:00:00.000Z');
    clock += 30 * 60_000;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await poll(old), 200, 'still valid before the expiry');
    clock += 31 * 60_000;
    await until(async () => (await poll(old)) === 401, 'the old key to expire');
    assert.equal(await poll(rotated.json.sdkKey), 200);
  });

  it('copies flags with the segments and prerequisites they need, as one audited change', async () => {
    await t.admin('PUT', '/api/environments/production/flags/gate', { on: true, variations: [true, false], fallthrough: { variation: 0 }, offVariation: 1 });
    await t.admin('PUT', '/api/environments/production/flags/feature', {
      on: true,
      variations: ['a', 'b'],
      prerequisites: [{ key: 'gate', variation: 0 }],
      rules: [{ clauses: [{ attribute: 'segmentMatch', op: 'segmentMatch', values: ['beta'] }], variation: 1 }],
      fallthrough: { variation: 0 },
      offVariation: 0,
    });
    const copy = await t.admin('POST', '/api/environments/production/copy', { to: 'staging', flags: ['feature'], comment: 'promote' });
    assert.equal(copy.status, 200, JSON.stringify(copy.json));
    assert.deepEqual([copy.json.flags, copy.json.segments], [['gate', 'feature'], ['beta']]);
    const evaluated = await t.admin('POST', '/api/environments/staging/evaluate', { context: { key: 'u1' }, flags: ['feature'], trace: false });
    assert.equal(evaluated.json.items[0].value, 'b');
    const audit = await t.admin('GET', '/api/audit?env=staging&target=flags');
    assert.equal(audit.json.items.filter((e: any) => e.action === 'copy').length, 1);
    assert.equal(audit.json.items[0].comment, 'promote');
    const scoped = (await t.admin('POST', '/api/tokens', { name: 'prod-writer', role: 'writer', environments: ['production'] })).json.secret;
    const refused = await fetch(`${t.url}/api/environments/production/copy`, { method: 'POST', headers: { Authorization: `Bearer ${scoped}`, 'Content-Type': 'application/json' }, body: '{"to":"staging"}' });
    assert.equal(refused.status, 403);
  });
});
