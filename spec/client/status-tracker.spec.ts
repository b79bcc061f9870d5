import assert from 'node:assert/strict';
import type { DataSourceErrorInfo, DataSourceStatus } from '../../lib/data-sources/data-source-status';
import { StatusTracker } from '../../lib/client/status-tracker';

const networkError: DataSourceErrorInfo = { kind: 'NETWORK_ERROR', message: 'connect ECONNREFUSED', time: 5 };

function record(tracker: StatusTracker): DataSourceStatus[] {
  const seen: DataSourceStatus[] = [];
  tracker.status$.subscribe((status) => seen.push(status));
  return seen;
}

describe('StatusTracker', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => (clock = 100));

  it('replays the current status to a new subscriber', () => {
    const tracker = new StatusTracker('INITIALIZING', now);
    clock = 200;
    tracker.report('VALID');
    assert.deepEqual(record(tracker), [{ state: 'VALID', since: 200 }]);
  });

  it('stays INITIALIZING when interrupted before the first data, but records the error', () => {
    const tracker = new StatusTracker('INITIALIZING', now);
    const seen = record(tracker);
    clock = 300;
    tracker.report('INTERRUPTED', networkError);
    assert.deepEqual(seen, [
      { state: 'INITIALIZING', since: 100 },
      { state: 'INITIALIZING', since: 100, lastError: networkError },
    ]);
  });

  it('changes `since` only with the state; VALID clears lastError', () => {
    const tracker = new StatusTracker('INITIALIZING', now);
    const seen = record(tracker);
    clock = 200;
    tracker.report('VALID');
    clock = 300;
    tracker.report('INTERRUPTED', networkError);
    clock = 400;
    tracker.report('VALID');
    tracker.report('VALID');
    assert.deepEqual(seen.slice(1), [
      { state: 'VALID', since: 200 },
      { state: 'INTERRUPTED', since: 300, lastError: networkError },
      { state: 'VALID', since: 400 },
    ]);
    assert.deepEqual(tracker.current, { state: 'VALID', since: 400 });
  });

  it('emits transitions only: a retry failing the same way again updates current, not status$', () => {
    const tracker = new StatusTracker('VALID', now);
    const seen = record(tracker);
    for (let retry = 1; retry <= 5; retry++) {
      clock = 100 + retry * 100;
      tracker.report('INTERRUPTED', { ...networkError, message: `refused #${retry}`, time: clock });
    }
    assert.deepEqual(seen.map((s) => [s.state, s.lastError?.message]), [['VALID', undefined], ['INTERRUPTED', 'refused #1']]);
    assert.equal(tracker.current.lastError?.message, 'refused #5', 'current has the latest error');
    assert.equal(tracker.current.since, 200);
    const unavailable: DataSourceErrorInfo = { kind: 'ERROR_RESPONSE', statusCode: 503, message: '503', time: 700 };
    tracker.report('INTERRUPTED', unavailable);
    tracker.report('INTERRUPTED', { ...unavailable, time: 800 });
    tracker.report('INTERRUPTED', { kind: 'ERROR_RESPONSE', statusCode: 502, message: '502', time: 900 });
    assert.deepEqual(seen.slice(2).map((s) => s.lastError?.statusCode), [503, 502], 'a different kind of problem is a transition');
    assert.deepEqual(record(tracker).map((s) => s.lastError?.message), ['502'], 'a new subscriber gets the current status');
  });

  it('is final once OFF and completes on close', () => {
    const tracker = new StatusTracker('VALID', now);
    let completed = false;
    const seen: string[] = [];
    tracker.status$.subscribe({ next: (s) => seen.push(s.state), complete: () => (completed = true) });
    tracker.report('OFF', { kind: 'ERROR_RESPONSE', statusCode: 401, message: 'refused', time: 1 });
    tracker.report('VALID');
    tracker.close();
    assert.deepEqual(seen, ['VALID', 'OFF']);
    assert.equal(completed, true);
    assert.equal(tracker.current.lastError?.statusCode, 401);
  });
});
