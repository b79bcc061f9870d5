import assert from 'node:assert/strict';
import { asyncScheduler } from 'rxjs';
import { networkReason } from '../../lib/transport/network-reason';
import { requestDeadline } from '../../lib/transport/request-deadline';

describe('networkReason', () => {
  it('keeps the reason and drops the URL, which may carry credentials', () => {
    const error = new Error('request to http://user:secret@host:1/bulk failed, reason: connect ECONNREFUSED 127.0.0.1:1');
    assert.equal(networkReason(error), 'connect ECONNREFUSED 127.0.0.1:1');
    assert.equal(networkReason(new Error('socket hang up')), 'socket hang up');
    assert.equal(networkReason('plain'), 'plain');
  });
});

describe('requestDeadline', () => {
  it('aborts after the timeout and says so; a cancelled one never fires', async () => {
    const fired = requestDeadline(5, asyncScheduler);
    const cancelled = requestDeadline(5, asyncScheduler);
    cancelled.cancel();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(fired.signal.aborted, true);
    assert.equal(fired.timedOut, true);
    assert.equal(cancelled.signal.aborted, false);
    const aborted = requestDeadline(0, asyncScheduler);
    aborted.abort();
    assert.equal(aborted.signal.aborted, true);
    assert.equal(aborted.timedOut, false);
  });
});
