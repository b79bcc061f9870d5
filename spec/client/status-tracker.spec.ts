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

  it('changes `since` only with the state and keeps the last error', () => {
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
      { state: 'VALID', since: 400, lastError: networkError },
    ]);
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
