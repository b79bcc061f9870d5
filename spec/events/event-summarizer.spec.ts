import assert from 'node:assert/strict';
import { type EvaluationContext, parseContext } from '../../lib/context/evaluation-context';
import { EventSummarizer } from '../../lib/events/event-summarizer';
import type { Flag } from '../../lib/model/flag';

function ctx(input: unknown): EvaluationContext {
  const parsed = parseContext(input);
  if (!parsed.valid) assert.fail(parsed.message);
  return parsed;
}

describe('EventSummarizer', () => {
  const user = ctx({ kind: 'user', key: 'u' });
  const org = ctx({ kind: 'org', key: 'o' });
  const multi = ctx({ kind: 'multi', user: { key: 'u' }, device: { key: 'd' } });
  const v1: Flag = { key: 'f', version: 1, variations: ['a', 'b', 'c'] };
  const v2: Flag = { key: 'f', version: 2, variations: ['a', 'b', 'c'] };

  it('counts per flag, version and variation, with unknown flags and no-variation results', () => {
    let time = 1_000;
    const summarizer = new EventSummarizer(() => time);
    assert.equal(summarizer.take(), undefined, 'nothing counted ⇒ no summary');
    for (let i = 0; i < 5; i++) summarizer.count('f', v1, user, 0, 'a', 'dflt');
    time = 1_500;
    for (let i = 0; i < 3; i++) summarizer.count('f', v1, org, 2, 'c', 'other default');
    summarizer.count('f', v2, user, 2, 'c', 'dflt');
    summarizer.count('f', v1, user, 0, 'a', 'dflt');
    summarizer.count('f', v1, user, null, 'dflt', 'dflt');
    summarizer.count('f', v1, user, null, 'second default', 'second default');
    summarizer.count('missing', undefined, multi, null, 7, 7);
    summarizer.count('missing', undefined, user, null, 8, 8);
    time = 2_000;
    assert.deepEqual(summarizer.take(), {
      kind: 'summary',
      startDate: 1_000,
      endDate: 2_000,
      features: {
        f: {
          default: 'dflt',
          contextKinds: ['user', 'org'],
          counters: [
            { variation: 0, version: 1, value: 'a', count: 6 },
            { variation: 2, version: 1, value: 'c', count: 3 },
            { version: 1, value: 'dflt', count: 2 },
            { variation: 2, version: 2, value: 'c', count: 1 },
          ],
        },
        missing: { default: 7, contextKinds: ['user', 'device'], counters: [{ unknown: true, value: 7, count: 2 }] },
      },
    });
    assert.equal(summarizer.empty, true);
    assert.equal(summarizer.take(), undefined, 'take() starts a new window');
    time = 3_000;
    summarizer.count('f', v1, user, 1, 'b', 'x');
    assert.deepEqual(summarizer.take(), {
      kind: 'summary',
      startDate: 3_000,
      endDate: 3_000,
      features: { f: { default: 'x', contextKinds: ['user'], counters: [{ variation: 1, version: 1, value: 'b', count: 1 }] } },
    });
  });

  it('counts odd variation indexes without losing them', () => {
    const summarizer = new EventSummarizer(() => 0);
    summarizer.count('f', v1, user, 5000, 'big', null);
    summarizer.count('f', v1, user, 5000, 'big', null);
    summarizer.count('f', v1, user, 1.5, undefined, null);
    const features = summarizer.take()!.features as Record<string, { counters: unknown[] }>;
    assert.deepEqual(features.f.counters, [
      { variation: 5000, version: 1, value: 'big', count: 2 },
      { variation: 1.5, version: 1, value: undefined, count: 1 },
    ]);
  });

  it('keeps memory bounded by flags × variations × versions, not by evaluations', () => {
    const summarizer = new EventSummarizer(() => 0);
    const flags = Array.from({ length: 50 }, (_, i): Flag => ({ key: `f${i}`, version: 1, variations: [0, 1, 2, 3] }));
    for (let i = 0; i < 200_000; i++) {
      const variation = Math.floor(i / 50) % 4;
      summarizer.count(flags[i % 50].key, flags[i % 50], user, variation, variation, 0);
    }
    const features = summarizer.take()!.features as Record<string, { counters: Array<{ count: number }> }>;
    assert.equal(Object.keys(features).length, 50);
    for (const key of Object.keys(features)) {
      assert.equal(features[key].counters.length, 4);
      assert.equal(features[key].counters.reduce((sum, c) => sum + c.count, 0), 4_000);
    }
  });
});
