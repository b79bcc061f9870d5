import assert from 'node:assert/strict';
import { shouldSample } from '../../lib/events/should-sample';

describe('shouldSample', () => {
  const never = () => assert.fail('random must not be drawn');

  it('keeps everything for a ratio of 1, missing or null, without drawing', () => {
    assert.equal(shouldSample(1, never), true);
    assert.equal(shouldSample(1.9, never), true);
    assert.equal(shouldSample(undefined, never), true);
    assert.equal(shouldSample(null, never), true);
  });

  it('keeps nothing for 0, negative or non-numeric ratios', () => {
    assert.equal(shouldSample(0, never), false);
    assert.equal(shouldSample(0.5, never), false);
    assert.equal(shouldSample(-3, never), false);
    assert.equal(shouldSample(Number.NaN, never), false);
  });

  it('keeps 1 in N: exactly when ⌊random·N⌋ is 0', () => {
    assert.equal(shouldSample(4, () => 0), true);
    assert.equal(shouldSample(4, () => 0.2499), true);
    assert.equal(shouldSample(4, () => 0.25), false);
    assert.equal(shouldSample(4, () => 0.99), false);
  });

  it('keeps about 1 in N with Math.random', () => {
    let kept = 0;
    for (let i = 0; i < 20_000; i++) if (shouldSample(10)) kept++;
    assert.ok(kept > 1_600 && kept < 2_400, `kept ${kept} of 20000`);
  });
});
