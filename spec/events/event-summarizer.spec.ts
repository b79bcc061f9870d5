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

  describe('slots per flag object (identity cache)', () => {
    /** Counters of a summary as `key@version:variation` → count (unknown flags as `key@?`). */
    const tally = (summary: Record<string, unknown> | undefined): Record<string, number> => {
      const out: Record<string, number> = {};
      const features = (summary?.features ?? {}) as Record<string, { counters: Array<{ variation?: number; version?: number; count: number }> }>;
      for (const [key, feature] of Object.entries(features)) {
        for (const c of feature.counters) out[`${key}@${c.version ?? '?'}:${c.variation ?? '-'}`] = c.count;
      }
      return out;
    };

    it('counts exactly when more flag objects than the cache holds rotate, versions change, and unknown flags mix in', () => {
      const summarizer = new EventSummarizer(() => 0);
      const frozen = (key: string, version: number): Flag => Object.freeze({ key, version, variations: Object.freeze([0, 1, 2]) }) as Flag;
      const flags = Array.from({ length: 13 }, (_, i) => [frozen(`f${i}`, 1), frozen(`f${i}`, 2)]);
      const expected: Record<string, number> = {};
      let x = 11;
      for (let step = 0; step < 5_000; step++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const i = x % 14;
        const variation = (x >> 8) % 3;
        if (i === 13) {
          summarizer.count(`missing${variation}`, undefined, user, null, 'd', 'd');
          const k = `missing${variation}@?:-`;
          expected[k] = (expected[k] ?? 0) + 1;
          continue;
        }
        const flag = flags[i][(x >> 12) & 1];
        summarizer.count(flag.key, flag, user, variation, variation, -1);
        const k = `${flag.key}@${flag.version}:${variation}`;
        expected[k] = (expected[k] ?? 0) + 1;
      }
      assert.deepEqual(tally(summarizer.take()), expected);
    });

    it('follows an unfrozen flag object changed in place (looked up by key and version every time)', () => {
      const summarizer = new EventSummarizer(() => 0);
      const flag: Flag = { key: 'f', version: 1, variations: [true, false] };
      summarizer.count('f', flag, user, 0, true, false);
      flag.version = 2;
      summarizer.count('f', flag, user, 0, true, false);
      summarizer.count('f', flag, user, 1, false, false);
      flag.excludeFromSummaries = true;
      summarizer.count('f', flag, user, 1, false, false);
      assert.deepEqual(tally(summarizer.take()), { 'f@1:0': 1, 'f@2:0': 1, 'f@2:1': 1 });
    });

    it('keys slots by flag key too (one flag object counted under two keys stays apart)', () => {
      const summarizer = new EventSummarizer(() => 0);
      const flag = Object.freeze({ key: 'a', version: 3, variations: [1, 2] }) as Flag;
      for (let i = 0; i < 3; i++) {
        summarizer.count('a', flag, user, 0, 1, 0);
        summarizer.count('b', flag, user, 1, 2, 0);
      }
      assert.deepEqual(tally(summarizer.take()), { 'a@3:0': 3, 'b@3:1': 3 });
    });

    it('reports mayTrack per flag, turning it on for every object of a key and version once one may track', () => {
      const summarizer = new EventSummarizer(() => 0);
      const plain = Object.freeze({ key: 'f', version: 1, variations: [1] }) as Flag;
      const tracked = Object.freeze({ key: 'f', version: 1, variations: [1], trackEvents: true }) as Flag;
      const excluded = Object.freeze({ key: 'x', version: 1, variations: [1], excludeFromSummaries: true, trackEventsFallthrough: true }) as Flag;
      assert.equal(summarizer.count('f', plain, user, 0, 1, 0).mayTrack, false);
      assert.equal(summarizer.count('nope', undefined, user, null, 0, 0).mayTrack, false);
      assert.equal(summarizer.count('f', tracked, user, 0, 1, 0).mayTrack, true);
      assert.equal(summarizer.count('f', plain, user, 0, 1, 0).mayTrack, true, 'same key and version as a tracked object');
      assert.equal(summarizer.count('x', excluded, user, 0, 1, 0).mayTrack, true);
      assert.deepEqual(tally(summarizer.take()), { 'f@1:0': 3, 'nope@?:-': 1 });
      assert.equal(summarizer.count('f', plain, user, 0, 1, 0).mayTrack, false, 'a new window starts afresh');
    });

    it('starts each window afresh for cached flag objects (new default, kinds and counters)', () => {
      const summarizer = new EventSummarizer(() => 0);
      const flag = Object.freeze({ key: 'f', version: 1, variations: ['a', 'b'] }) as Flag;
      summarizer.count('f', flag, org, 0, 'a', 'first');
      summarizer.count('f', flag, user, 0, 'a', 'first');
      summarizer.take();
      summarizer.count('f', flag, user, 1, 'b', 'second');
      summarizer.count('f', flag, multi, 1, 'b', 'second');
      assert.deepEqual(summarizer.take()!.features, {
        f: { default: 'second', contextKinds: ['user', 'device'], counters: [{ variation: 1, version: 1, value: 'b', count: 2 }] },
      });
    });

    it('records context kinds across versions of one key in order of first appearance', () => {
      const summarizer = new EventSummarizer(() => 0);
      const one = Object.freeze({ key: 'f', version: 1, variations: [0] }) as Flag;
      const two = Object.freeze({ key: 'f', version: 2, variations: [0] }) as Flag;
      summarizer.count('f', one, org, 0, 0, 0);
      summarizer.count('f', two, org, 0, 0, 0);
      summarizer.count('f', two, user, 0, 0, 0);
      summarizer.count('f', one, user, 0, 0, 0);
      summarizer.count('f', one, org, 0, 0, 0);
      const features = summarizer.take()!.features as Record<string, { contextKinds: string[] }>;
      assert.deepEqual(features.f.contextKinds, ['org', 'user']);
    });
  });
});
