import assert from 'node:assert/strict';
import { FLAGS } from '../helpers/admin-fixture';
import { openStream } from '../helpers/stream-client';
import { postgresReplicas } from '../helpers/postgres-replicas';
import { SDK_KEY } from '../helpers/test-server';
import { until } from '../helpers/until';

describe('flag server on PostgreSQL: the database unreachable', function () {
  this.timeout(30_000);
  const pg = postgresReplicas();

  it('keeps serving SDKs from memory, answers admin writes with 503, then resumes and picks up what other replicas changed', async () => {
    const cutOff = await pg.replica({ viaProxy: true });
    const other = await pg.replica();
    const stream = await openStream(cutOff.url, SDK_KEY);
    await stream.next(); // put

    pg.proxy.cut();
    const refused = await cutOff.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'turnFlagOff' }] });
    assert.equal(refused.status, 503);
    assert.match(refused.json.error, /was not saved: the database is unavailable \(SDKs are still served the current flags\); retry later/);
    assert.equal(refused.headers.get('retry-after'), '1');
    const poll = await fetch(`${cutOff.url}/sdk/latest-all`, { headers: { Authorization: SDK_KEY } });
    assert.equal(poll.status, 200, 'SDKs are served from memory');
    assert.equal(((await poll.json()) as { flags: Record<string, { on: boolean }> }).flags.checkout.on, true, 'the refused change is not applied');
    assert.equal(stream.ws.readyState, stream.ws.OPEN, 'streams stay open');

    // Meanwhile another replica takes a change.
    assert.equal((await other.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'addTargets', variation: 0, values: ['while-cut'] }] })).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await cutOff.admin('GET', `${FLAGS}/checkout`)).json.version, 1, 'not seen while cut off');

    pg.proxy.restore();
    const frame = await stream.next(15_000);
    assert.equal(frame.type, 'patch');
    assert.deepEqual((frame.data as { targets: { values: string[] }[]; version: number }).targets[0].values, ['while-cut']);
    assert.equal((frame.data as { version: number }).version, 2);
    assert.match(cutOff.logger.text(), /notification connection was lost/);
    assert.match(cutOff.logger.text(), /listening again after \d+ ms; resyncing/);

    const accepted = await until(async () => {
      const response = await cutOff.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'turnFlagOff' }] });
      return response.status === 200 ? response : undefined;
    }, 'admin writes to work again');
    assert.equal(accepted.json.version, 3);
    const seen = await until(async () => {
      const flag = (await other.admin('GET', `${FLAGS}/checkout`)).json;
      return flag.version === 3 ? flag : undefined;
    }, 'the other replica to see the change');
    assert.equal(seen.on, false);
    stream.ws.terminate();
  });
});
