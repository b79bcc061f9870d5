import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/test-server';
import { until } from './helpers/until';

const SCHEDULED = '/api/environments/production/scheduled-changes';
const flag = (key: string) => ({ key, version: 1, on: true, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 } });

/** Scheduled changes attacked with hostile times and with changes that fail when they run. */
describe('scheduled changes under attack', () => {
  let t: TestServer;
  let clock = Date.parse('2026-03-01T12:00:00Z');
  beforeEach(async () => (t = await startTestServer({ now: () => clock, scheduledChangesPollMs: 20 })));
  afterEach(() => t.stop());

  it('refuses a time outside the range of a date or not in whole ms with 400 naming `at`, storing nothing', async () => {
    for (const at of [8.64e15 + 1, -8.64e15 - 1, 1e300, -1e300, 1.5, '99999999999999999999', '+275760-09-13T00:00:00.001Z', 'NaN', 'Infinity', '']) {
      const answer = await t.admin('POST', SCHEDULED, { key: 'checkout', instructions: [{ kind: 'turnFlagOff' }], at });
      assert.equal(answer.status, 400, `at ${JSON.stringify(at)}: ${JSON.stringify(answer.json)}`);
      assert.equal(answer.json.error, 'Invalid time');
      assert.match(answer.json.issues[0], /^at: expected /, JSON.stringify(answer.json));
    }
    for (const at of [8.64e15, '+275760-09-13T00:00:00.000Z']) {
      const answer = await t.admin('POST', SCHEDULED, { key: 'checkout', instructions: [{ kind: 'turnFlagOff' }], at });
      assert.equal(answer.status, 201, `the last time a date can show: ${JSON.stringify(answer.json)}`);
    }
    const listed = await t.admin('GET', SCHEDULED);
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.json.items.map((item: { at: string }) => item.at), ['+275760-09-13T00:00:00.000Z', '+275760-09-13T00:00:00.000Z']);
  });

  it('records a change whose flag was deleted meanwhile as failed with the reason, and runs the next one', async () => {
    assert.equal((await t.admin('PUT', '/api/environments/production/data', { flags: { gone: flag('gone'), kept: flag('kept') } })).status, 200);
    const first = await t.admin('POST', SCHEDULED, { key: 'gone', instructions: [{ kind: 'turnFlagOff' }], at: clock + 1000 });
    const second = await t.admin('POST', SCHEDULED, { key: 'kept', instructions: [{ kind: 'turnFlagOff' }], at: clock + 2000 });
    assert.deepEqual([first.status, second.status], [201, 201]);
    assert.equal((await t.admin('DELETE', '/api/environments/production/flags/gone')).status, 200);
    clock += 5000;
    await until(async () => (await t.admin('GET', `${SCHEDULED}?state=pending`)).json.items.length === 0, 'both changes run', 3000);
    const failed = (await t.admin('GET', `${SCHEDULED}?state=failed`)).json.items;
    assert.deepEqual(failed.map((item: { key: string; error: string }) => [item.key, item.error]), [['gone', 'flags/gone no longer exists']]);
    const done = (await t.admin('GET', `${SCHEDULED}?state=done`)).json.items;
    assert.deepEqual(done.map((item: { key: string }) => item.key), ['kept']);
    assert.equal((await t.admin('GET', '/api/environments/production/flags/kept')).json.on, false);
  });
});
