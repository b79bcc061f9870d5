import assert from 'node:assert/strict';
import { Observable, of } from 'rxjs';
import { createClient } from '../../lib/client/create-client';
import type { DataSource, DataSourceEvent } from '../../lib/data-sources/data-source';
import { silentLogger } from '../../lib/logging/logger';
import type { Flag } from '../../lib/model/flag';

/** A data set large enough to be prepared in slices (more than 1,000 items). */
const SIZE = 5_000;

function flags(count: number, version: number): Record<string, Flag> {
  const result: Record<string, Flag> = {};
  for (let i = 0; i < count; i++) {
    result[`f${i}`] = {
      key: `f${i}`, version, on: true, salt: 's', variations: ['a', 'b'], offVariation: 1, fallthrough: { variation: 0 },
      rules: [{ id: 'r', clauses: [{ attribute: 'country', op: 'in', values: ['US', 'CA'] }], variation: 1 }],
    };
  }
  return result;
}

const source = (events: DataSourceEvent[]): DataSource => ({ connect: () => of(...events) });
const user = { kind: 'user', key: 'u', country: 'FR' };

describe('a large put', () => {
  it('does not block the event loop in one piece: a setImmediate queued after it runs before it is applied', async () => {
    const order: string[] = [];
    const client = createClient({ dataSource: source([{ type: 'put', data: { flags: flags(SIZE, 1), segments: {} } }, { type: 'status', state: 'VALID' }]), sendEvents: false, logger: silentLogger });
    try {
      setImmediate(() => order.push(`immediate (initialized: ${client.initialized})`));
      await client.waitForInitialization({ timeout: 30_000 });
      order.push('initialized');
      assert.deepEqual(order, ['immediate (initialized: false)', 'initialized']);
      assert.equal(client.variation(`f${SIZE - 1}`, user, 'default'), 'a');
      assert.equal(Object.keys(client.allFlagsState(user).allValues()).length, SIZE);
    } finally {
      await client.close();
    }
  });

  it('is applied whole before the events that arrived while it was being prepared', async () => {
    const patched: Flag = { key: 'f0', version: 2, on: false, variations: ['a', 'b'], offVariation: 1, fallthrough: { variation: 0 } };
    const client = createClient({
      dataSource: source([
        { type: 'put', data: { flags: flags(SIZE, 1), segments: {} } },
        { type: 'status', state: 'VALID' },
        { type: 'patch', kind: 'flags', data: patched },
        { type: 'delete', kind: 'flags', key: 'f1', version: 2 },
      ]),
      sendEvents: false,
      logger: silentLogger,
    });
    try {
      await client.waitForInitialization({ timeout: 30_000 });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(client.variationDetail('f0', user, 'default').reason.kind, 'OFF');
      assert.equal(client.variationDetail('f1', user, 'default').reason.kind, 'ERROR');
      assert.equal(client.variation('f2', user, 'default'), 'a');
    } finally {
      await client.close();
    }
  });

  it('keeps the previous data in force until it is complete, and close() stops it', async () => {
    let emit: ((event: DataSourceEvent) => void) | undefined;
    const client = createClient({
      dataSource: { connect: () => new Observable<DataSourceEvent>((subscriber) => void (emit = (event) => subscriber.next(event))) },
      sendEvents: false,
      logger: silentLogger,
    });
    emit!({ type: 'put', data: { flags: flags(10, 1), segments: {} } });
    emit!({ type: 'status', state: 'VALID' });
    assert.equal(client.variation('f0', user, 'default'), 'a');
    emit!({ type: 'put', data: { flags: { ...flags(SIZE, 2), f0: { ...flags(1, 2).f0, on: false } }, segments: {} } });
    assert.equal(client.variation('f0', user, 'default'), 'a', 'the old data is served while the new one is prepared');
    assert.equal(client.variation(`f${SIZE - 1}`, user, 'default'), 'default');
    await client.close(); // while the put is being prepared: nothing is left running (mocha would hang)
  });
});
