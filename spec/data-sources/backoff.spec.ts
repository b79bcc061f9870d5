import assert from 'node:assert/strict';
import { Backoff, backoffDelay } from '../../lib/data-sources/backoff';

describe('backoffDelay', () => {
  const noJitter = { random: () => 0 };

  it('starts at 1 s and doubles per attempt up to 30 s', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 50, 5000].map((attempt) => backoffDelay(attempt, noJitter));
    assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  });

  it('takes off a random 0–50 % of the delay', () => {
    assert.equal(backoffDelay(0, { random: () => 0.5 }), 750);
    assert.equal(backoffDelay(2, { random: () => 0.999 }), 2002);
    assert.equal(backoffDelay(9, { random: () => 0.5 }), 22500);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(3);
      assert.ok(delay >= 4000 && delay <= 8000, `${delay} outside [4000, 8000]`);
    }
  });

  it('honours custom bounds and jitter ratio', () => {
    const options = { initialDelay: 10, maxDelay: 50, jitterRatio: 0.2, random: () => 1 };
    assert.deepEqual([0, 1, 2, 3].map((n) => backoffDelay(n, options)), [8, 16, 32, 40]);
  });
});

describe('Backoff', () => {
  const options = { random: () => 0 };

  it('grows with consecutive failures', () => {
    const backoff = new Backoff(options);
    assert.deepEqual([0, 1, 2, 3].map((t) => backoff.failed(t)), [1000, 2000, 4000, 8000]);
  });

  it('keeps growing when a connection was healthy for less than 60 s', () => {
    const backoff = new Backoff(options);
    backoff.failed(0);
    backoff.failed(1);
    backoff.succeeded(10_000);
    assert.equal(backoff.failed(69_999), 4000);
  });

  it('starts over after a connection stayed healthy for 60 s', () => {
    const backoff = new Backoff(options);
    backoff.failed(0);
    backoff.failed(1);
    backoff.succeeded(10_000);
    backoff.succeeded(50_000); // a later success does not move the start of the healthy period
    assert.equal(backoff.failed(70_000), 1000);
    assert.equal(backoff.failed(70_001), 2000);
  });

  it('forgets the healthy period once a failure is recorded', () => {
    const backoff = new Backoff({ ...options, resetAfter: 100 });
    backoff.succeeded(0);
    assert.equal(backoff.failed(50), 1000);
    assert.equal(backoff.failed(500), 2000);
  });
});
