import assert from 'node:assert/strict';
import type { DataSourceEvent } from '../../../lib/data-sources/data-source';
import { PayloadDecodeError } from '../../../lib/errors/payload-decode-error';
import { TestData } from '../../../lib/integrations/test-data/test-data';
import { testContext } from '../event-queue';

/** Subscribes to `td` and records everything it emits, synchronously. */
function attach(td: TestData): { events: DataSourceEvent[]; detach(): void } {
  const events: DataSourceEvent[] = [];
  const subscription = td.connect().subscribe((event) => events.push(event));
  return { events, detach: () => subscription.unsubscribe() };
}

function patchVersions(events: DataSourceEvent[]): Array<[string, number]> {
  return events.flatMap((event) => (event.type === 'patch' ? [[event.data.key, event.data.version] as [string, number]] : []));
}

describe('TestData', () => {
  it('emits the current data and VALID on connect', async () => {
    const td = new TestData();
    await td.update(td.flag('limit').valueForAll(42));
    await td.usePreconfiguredSegment({ key: 'beta', included: ['alice'] });
    const { events, detach } = attach(td);
    assert.deepEqual(events, [
      {
        type: 'put',
        data: {
          flags: { limit: { key: 'limit', version: 1, on: true, offVariation: 1, fallthrough: { variation: 0 }, variations: [42] } },
          segments: { beta: { key: 'beta', version: 1, included: ['alice'] } },
        },
      },
      { type: 'status', state: 'VALID' },
    ]);
    detach();
  });

  it('pushes every update to every connected client, with increasing versions', () => {
    const td = new TestData();
    const first = attach(td);
    void td.update(td.flag('a').variationForAll(false));
    const second = attach(td);
    void td.update(td.flag('a').variationForUser('alice', true));
    void td.update(td.flag('b'));
    void td.update(td.flag('a').on(false));

    assert.deepEqual(patchVersions(first.events), [['a', 1], ['a', 2], ['b', 1], ['a', 3]]);
    assert.deepEqual(patchVersions(second.events), [['a', 2], ['b', 1], ['a', 3]]);
    const put = second.events[0];
    assert.ok(put.type === 'put');
    assert.equal(put.data.flags.a.version, 1);
    const last = first.events[first.events.length - 1];
    assert.ok(last.type === 'patch' && last.kind === 'flags');
    assert.deepEqual(
      { on: last.data.on, fallthrough: last.data.fallthrough, targets: last.data.targets },
      { on: false, fallthrough: { variation: 1 }, targets: [{ values: ['alice'], variation: 0 }] },
      'flag(key) continued from the last update',
    );
    first.detach();
    second.detach();
  });

  it('stops pushing to a client that unsubscribed, and keeps pushing to the others', () => {
    const td = new TestData();
    const gone = attach(td);
    const staying = attach(td);
    gone.detach();
    void td.update(td.flag('a'));
    assert.deepEqual(patchVersions(gone.events), []);
    assert.deepEqual(patchVersions(staying.events), [['a', 1]]);
    staying.detach();
  });

  it('does not lose an update made while a client handles the put', () => {
    const td = new TestData();
    const events: DataSourceEvent[] = [];
    const subscription = td.connect(testContext()).subscribe((event) => {
      events.push(event);
      if (event.type === 'put') void td.update(td.flag('during-put'));
    });
    assert.deepEqual(patchVersions(events), [['during-put', 1]]);
    subscription.unsubscribe();
  });

  it('keeps the version of a new preconfigured flag, bumps an existing one, and copies the object', async () => {
    const td = new TestData();
    const config = { key: 'rollout', version: 7, on: true, variations: ['a', 'b'], fallthrough: { rollout: { variations: [{ variation: 0, weight: 100000 }] } } };
    await td.usePreconfiguredFlag(config);
    config.variations.push('mutated');
    const { events, detach } = attach(td);
    await td.usePreconfiguredFlag({ key: 'rollout', version: 1, on: false, variations: ['a', 'b'] });
    await td.update(td.flag('rollout').variationForAll(true));
    await td.usePreconfiguredFlag({ key: 'fresh' });
    await td.usePreconfiguredSegment({ key: 's', version: 4 });
    await td.usePreconfiguredSegment({ key: 's', included: ['x'] });

    const put = events[0];
    assert.ok(put.type === 'put');
    assert.deepEqual(put.data.flags.rollout.variations, ['a', 'b']);
    assert.equal(put.data.flags.rollout.version, 7);
    assert.deepEqual(patchVersions(events), [['rollout', 8], ['rollout', 9], ['fresh', 1], ['s', 4], ['s', 5]]);
    detach();
  });

  it('rejects an invalid preconfigured flag or segment with the bad paths, changing nothing', () => {
    const td = new TestData();
    const { events, detach } = attach(td);
    assert.throws(
      () => td.usePreconfiguredFlag({ key: 'f', variations: 'nope', rules: [{ clauses: [{ op: 3 }] }] }),
      (error: unknown) =>
        error instanceof PayloadDecodeError &&
        error.what === 'preconfigured flag' &&
        error.issues.join('\n') === ['rules[0].clauses[0].op: expected string, got 3', 'variations: expected Array<unknown> or null, got "nope"'].join('\n'),
    );
    assert.throws(() => td.usePreconfiguredSegment({ included: ['x'] }), /Invalid preconfigured segment: key: expected string, got nothing/);
    assert.throws(() => td.usePreconfiguredSegment(5), /Invalid preconfigured segment: \(root\): expected .+, got 5$/);
    const circular: Record<string, unknown> = { key: 'c' };
    circular.self = circular;
    assert.throws(() => td.usePreconfiguredFlag(circular), /\(root\): not JSON data \(Converting circular structure to JSON\)/);
    assert.equal(events.length, 2, 'only the put and VALID');
    detach();
  });
});
