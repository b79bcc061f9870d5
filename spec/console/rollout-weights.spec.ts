import assert from 'node:assert/strict';
import { evenWeights, percentOf, setWeight, TOTAL_WEIGHT, weightOfPercent } from '../../console/src/util/rollout-weights';

const sum = (weights: readonly number[]) => weights.reduce((a, b) => a + b, 0);

describe('console: rollout weights always add up to 100 %', () => {
  it('takes the difference from the last weight, or from the first when the last is set', () => {
    assert.deepEqual(setWeight([50_000, 50_000], 0, 30_000), [30_000, 70_000]);
    assert.deepEqual(setWeight([50_000, 50_000], 1, 70_000), [30_000, 70_000]);
    assert.deepEqual(setWeight([40_000, 30_000, 30_000], 0, 60_000), [60_000, 30_000, 10_000]);
    assert.deepEqual(setWeight([40_000, 30_000, 30_000], 0, 90_000), [90_000, 10_000, 0]);
    assert.deepEqual(setWeight([40_000, 30_000, 30_000], 2, 80_000), [0, 20_000, 80_000]);
    assert.deepEqual(setWeight([40_000, 30_000, 30_000], 1, 10_000), [40_000, 10_000, 50_000]);
  });

  it('clamps and rounds what is typed, and a single variation gets everything', () => {
    assert.deepEqual(setWeight([50_000, 50_000], 0, 150_000), [100_000, 0]);
    assert.deepEqual(setWeight([50_000, 50_000], 0, -5), [0, 100_000]);
    assert.deepEqual(setWeight([50_000, 50_000], 0, 33_333.6), [33_334, 66_666]);
    assert.deepEqual(setWeight([50_000, 50_000], 0, Number.NaN), [0, 100_000]);
    assert.deepEqual(setWeight([7], 0, 5), [TOTAL_WEIGHT]);
  });

  it('holds for every weight set on random rollouts', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 500; run++) {
      const count = 2 + Math.floor(random() * 5);
      let weights = evenWeights(count);
      for (let step = 0; step < 5; step++) {
        weights = setWeight(weights, Math.floor(random() * count), random() * 120_000 - 10_000);
        assert.equal(sum(weights), TOTAL_WEIGHT, `weights ${weights}`);
        assert.ok(weights.every((w) => Number.isInteger(w) && w >= 0 && w <= TOTAL_WEIGHT), `weights ${weights}`);
      }
    }
  });

  it('spreads evenly and converts percentages', () => {
    assert.deepEqual(evenWeights(3), [33_334, 33_333, 33_333]);
    assert.equal(sum(evenWeights(7)), TOTAL_WEIGHT);
    assert.equal(percentOf(33_333), '33.333');
    assert.equal(weightOfPercent('12.5'), 12_500);
    assert.equal(weightOfPercent('30 %'.replace(' ', '')), 30_000);
    assert.equal(weightOfPercent('12,5'), 12_500);
    assert.equal(weightOfPercent('lots'), undefined);
    assert.equal(weightOfPercent(''), undefined);
  });
});
