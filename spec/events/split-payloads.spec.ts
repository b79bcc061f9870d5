import assert from 'node:assert/strict';
import { splitPayloads } from '../../lib/events/split-payloads';

describe('splitPayloads', () => {
  it('fills each payload up to maxBytes exactly, in order', () => {
    assert.deepEqual(splitPayloads(['{"a":1}', '{"b":2}', '{"c":3}'], 17), [
      { body: '[{"a":1},{"b":2}]', count: 2 },
      { body: '[{"c":3}]', count: 1 },
    ]);
    assert.deepEqual(splitPayloads(['{"a":1}', '{"b":2}', '{"c":3}'], 16).map((p) => p.count), [1, 1, 1]);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const wide = '"ééé"'; // 5 characters, 8 bytes
    assert.deepEqual(splitPayloads([wide, wide], 19).map((p) => p.count), [2]);
    assert.deepEqual(splitPayloads([wide, wide], 18).map((p) => p.count), [1, 1]);
  });

  it('sends an event larger than the limit alone, and nothing for no events', () => {
    assert.deepEqual(splitPayloads(['1', '"a long event"', '2'], 5), [
      { body: '[1]', count: 1 },
      { body: '["a long event"]', count: 1 },
      { body: '[2]', count: 1 },
    ]);
    assert.deepEqual(splitPayloads([], 100), []);
  });

  it('keeps every payload within the limit and every event exactly once', () => {
    const events = Array.from({ length: 500 }, (_, i) => JSON.stringify({ kind: 'custom', key: 'k'.repeat(i % 37), n: i }));
    const payloads = splitPayloads(events, 1_000);
    for (const p of payloads) assert.ok(Buffer.byteLength(p.body) <= 1_000);
    assert.deepEqual(payloads.flatMap((p) => JSON.parse(p.body) as unknown[]), events.map((e) => JSON.parse(e) as unknown));
    assert.equal(payloads.reduce((sum, p) => sum + p.count, 0), 500);
  });
});
