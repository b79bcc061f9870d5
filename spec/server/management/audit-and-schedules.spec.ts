import assert from 'node:assert/strict';
import { openStream } from '../helpers/stream-client';
import type { Management } from '../../../lib/server/management/management';
import { SDK_KEY, startTestServer, type TestServer } from '../helpers/test-server';

const FLAG = '/api/environments/production/flags/checkout';

describe('admin API: audit history, restore and scheduled changes', () => {
  let t: TestServer;
  let clock: number;
  afterEach(() => t.stop());
  beforeEach(async () => {
    clock = Date.parse('2026-12-06T10:00:00Z');
    t = await startTestServer({ now: () => clock, scheduledChangesPollMs: 20 });
  });

  it('records every change with actor, time, before/after and comment, and pages through it', async () => {
    const writer = await t.admin('POST', '/api/tokens', { name: 'ci-pipeline', role: 'writer' });
    const secret = writer.json.secret as string;
    const asWriter = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${t.url}${path}`, { method, headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    clock += 1000;
    assert.equal((await asWriter('PATCH', FLAG, { instructions: [{ kind: 'turnFlagOff' }], comment: 'incident 42' })).status, 200);
    clock += 1000;
    assert.equal((await asWriter('PUT', FLAG, { on: true, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 } }, { 'X-Flagstream-Comment': 'launch%20day' })).status, 200);
    clock += 1000;
    assert.equal((await t.admin('DELETE', '/api/environments/production/segments/beta')).status, 200);

    const history = await t.admin('GET', `${FLAG}/history`);
    assert.equal(history.status, 200);
    assert.deepEqual(
      history.json.items.map((e: any) => [e.actor, e.action, e.version, e.before?.version, e.after?.version, e.comment, e.at]),
      [
        ['ci-pipeline', 'update', 3, 2, 3, 'launch day', '2026-12-06T10:00:02.000Z'],
        ['ci-pipeline', 'update', 2, 1, 2, 'incident 42', '2026-12-06T10:00:01.000Z'],
      ],
    );
    assert.equal(history.json.items[1].before.on, true);
    assert.equal(history.json.items[1].after.on, false);
    const segments = await t.admin('GET', '/api/environments/production/segments/beta/history');
    assert.equal(segments.json.items[0].action, 'delete');
    assert.equal(segments.json.items[0].after, undefined);

    const byActor = await t.admin('GET', '/api/audit?actor=ci-pipeline&limit=1');
    assert.equal(byActor.json.items.length, 1);
    assert.equal(byActor.json.items[0].version, 3);
    const next = await t.admin('GET', `/api/audit?actor=ci-pipeline&limit=1&cursor=${byActor.json.nextCursor}`);
    assert.equal(next.json.items[0].version, 2);
    assert.equal(next.json.nextCursor, undefined);
    const window = await t.admin('GET', '/api/audit?env=production&since=2026-12-06T10:00:01.500Z&until=2026-12-06T10:00:02.500Z');
    assert.deepEqual(window.json.items.map((e: any) => e.version), [3]);
    const tokenEntries = await t.admin('GET', '/api/audit?target=tokens');
    assert.equal(tokenEntries.json.items[0].key, 'ci-pipeline');
    assert.ok(!JSON.stringify(tokenEntries.json).includes(secret));
    assert.equal((await t.admin('GET', '/api/audit?since=yesterday')).status, 400);
  });

  it('restores a past version in one audited request, pushed to SDKs', async () => {
    assert.equal((await t.admin('PATCH', FLAG, { instructions: [{ kind: 'updateFallthrough', variation: 0 }] })).status, 200);
    assert.equal((await t.admin('PATCH', FLAG, { instructions: [{ kind: 'turnFlagOff' }] })).status, 200);
    const stream = await openStream(t.url, SDK_KEY);
    await stream.next();
    const restored = await t.admin('POST', `${FLAG}/restore`, { version: 2, comment: 'back to v2' });
    assert.equal(restored.status, 200);
    assert.equal(restored.json.version, 4);
    assert.equal(restored.json.on, true);
    assert.deepEqual(restored.json.fallthrough, { variation: 0 });
    const frame = await stream.next();
    assert.equal((frame.data as { version: number }).version, 4);
    const history = await t.admin('GET', `${FLAG}/history?limit=1`);
    assert.deepEqual([history.json.items[0].action, history.json.items[0].comment, history.json.items[0].before.on], ['restore', 'back to v2', false]);
    assert.equal((await t.admin('POST', `${FLAG}/restore`, { version: 99 })).status, 404);
    assert.equal((await t.admin('POST', `${FLAG}/restore`, { version: 'x' })).status, 400);
    stream.ws.terminate();
  });

  it('executes a scheduled change once, after a restart, audited under the scheduling actor', async () => {
    const scheduler = await t.admin('POST', '/api/tokens', { name: 'release-manager', role: 'writer' });
    const at = new Date(clock + 60 * 60_000).toISOString();
    const scheduled = await fetch(`${t.url}/api/environments/production/scheduled-changes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${scheduler.json.secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ key: 'checkout', at, instructions: [{ kind: 'turnFlagOff' }], comment: 'end of promo' }),
    });
    assert.equal(scheduled.status, 201);
    const change = await scheduled.json();
    assert.equal(change.state, 'pending');
    const cancelMe = await t.admin('POST', '/api/environments/production/scheduled-changes', { key: 'checkout', at, instructions: [{ kind: 'turnFlagOn' }] });
    assert.equal((await t.admin('DELETE', `/api/environments/production/scheduled-changes/${cancelMe.json.id}`)).status, 200);
    assert.equal((await t.admin('POST', '/api/environments/production/scheduled-changes', { key: 'checkout', at, instructions: [{ kind: 'nope' }] })).status, 400);

    await t.server.close(); // down when it comes due
    clock += 2 * 60 * 60_000;
    t = await startTestServer({ now: () => clock, scheduledChangesPollMs: 20 }, t.dir);
    let list = await t.admin('GET', '/api/environments/production/scheduled-changes?state=done');
    for (let i = 0; i < 250 && list.json.items.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      list = await t.admin('GET', '/api/environments/production/scheduled-changes?state=done');
    }
    assert.equal((await t.admin('GET', FLAG)).json.on, false);
    list = await t.admin('GET', '/api/environments/production/scheduled-changes');
    assert.deepEqual(list.json.items.map((c: any) => [c.id, c.state]).sort(), [[change.id, 'done'], [cancelMe.json.id, 'cancelled']].sort());
    await new Promise((resolve) => setTimeout(resolve, 100)); // more polls: nothing runs twice
    const history = await t.admin('GET', `${FLAG}/history`);
    const executions = history.json.items.filter((e: any) => e.action === 'execute');
    assert.equal(executions.length, 1);
    assert.equal(executions[0].actor, 'release-manager');
    assert.match(executions[0].comment, /end of promo/);
    assert.equal((await t.admin('GET', FLAG)).json.version, 2);
  });
  it('refuses to cancel a change that ran after the cancel request read it (409), and its outcome stands', async () => {
    const at = new Date(clock + 60_000).toISOString();
    const change = (await t.admin('POST', '/api/environments/production/scheduled-changes', { key: 'checkout', at, instructions: [{ kind: 'turnFlagOff' }] })).json;
    // The race, made certain: the cancel request reads the change while it is pending; before it
    // writes, the change comes due and runs.
    const store = (t.server as unknown as { management: Management }).management.store;
    const read = store.getScheduledChange.bind(store);
    let raced = false;
    store.getScheduledChange = async (id) => {
      const seen = await read(id);
      if (!raced) {
        raced = true;
        clock += 2 * 60_000;
        for (let i = 0; i < 250 && (await read(id))?.state !== 'done'; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return seen;
    };
    const cancel = await t.admin('DELETE', `/api/environments/production/scheduled-changes/${change.id}`);
    assert.equal(raced, true);
    assert.equal(cancel.status, 409);
    assert.match(JSON.stringify(cancel.json), /The scheduled change is done; only a pending one can be cancelled/);
    store.getScheduledChange = read;
    assert.equal((await t.admin('GET', FLAG)).json.on, false, 'the change ran');
    const listed = await t.admin('GET', '/api/environments/production/scheduled-changes');
    assert.deepEqual(listed.json.items.map((c: any) => [c.id, c.state]), [[change.id, 'done']]);
    const audit = await t.admin('GET', '/api/audit?target=scheduledChanges');
    assert.deepEqual(audit.json.items.map((e: any) => e.action).sort(), ['schedule']);
  });
});
