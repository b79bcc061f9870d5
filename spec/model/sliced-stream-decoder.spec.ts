import assert from 'node:assert/strict';
import * as E from 'fp-ts/Either';
import { PayloadDecodeError } from '../../lib/errors/payload-decode-error';
import { SlicedStreamDecoder } from '../../lib/model/sliced-stream-decoder';
import { decodeStreamMessage, type StreamMessage } from '../../lib/model/stream-message';

/** Decodes `text` in as many steps as the decoder wants when the time is always up. */
function sliced(text: string): E.Either<PayloadDecodeError, StreamMessage | undefined> {
  const decoder = new SlicedStreamDecoder(text);
  assert.throws(() => decoder.result(), /before the last step/);
  while (!decoder.step(() => true));
  return decoder.result();
}

/** The sliced answer is the whole-frame answer: same message (or same error, same issue lines). */
function sameAsWhole(text: string): E.Either<PayloadDecodeError, StreamMessage | undefined> {
  const ours = sliced(text);
  const whole = decodeStreamMessage(text);
  if (E.isLeft(whole)) {
    assert.ok(E.isLeft(ours), `accepted what the whole decode rejects: ${text.slice(0, 200)}`);
    assert.ok(ours.left instanceof PayloadDecodeError);
    assert.equal(ours.left.message, whole.left.message);
    assert.deepEqual(ours.left.issues, whole.left.issues);
  } else {
    assert.ok(E.isRight(ours), `rejected what the whole decode accepts: ${E.isLeft(ours) ? ours.left.message : ''}`);
    assert.deepEqual(ours.right, whole.right);
  }
  return ours;
}

const flag = (key: string, version = 1, extra: Record<string, unknown> = {}) => ({
  key, version, on: true, salt: key, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 },
  targets: [{ values: [`u-${key}`], variation: 0 }], rules: [{ id: `r-${key}`, clauses: [{ attribute: 'country', op: 'in', values: ['fr'] }], variation: 1 }],
  ...extra,
});
const segment = (key: string, version = 1) => ({ key, version, included: ['a'], rules: [] });

function putOf(flags: number, segments = 0): { type: 'put'; data: { flags: Record<string, unknown>; segments: Record<string, unknown> } } {
  return {
    type: 'put',
    data: {
      flags: Object.fromEntries(Array.from({ length: flags }, (_, i) => [`f${i}`, flag(`f${i}`, i + 1)])),
      segments: Object.fromEntries(Array.from({ length: segments }, (_, i) => [`s${i}`, segment(`s${i}`)])),
    },
  };
}

describe('SlicedStreamDecoder', () => {
  it('decodes a valid put of 2,000 flags to the parsed frame, as the whole decode does', () => {
    const frame = putOf(2000, 50);
    const result = sameAsWhole(JSON.stringify(frame));
    assert.ok(E.isRight(result));
    assert.deepEqual(result.right, frame);
    assert.equal((result.right as { skipped?: unknown }).skipped, undefined);
  });

  it('leaves out a bad flag and a bad segment with their io-ts paths, keeping the rest', () => {
    const frame = putOf(1500, 3);
    frame.data.flags.f700 = flag('f700', 701, { rules: [{ clauses: [{ attribute: 'a', op: 7, values: [] }], variation: 0 }] });
    frame.data.flags.f3 = { key: 'f3', version: 'four' };
    frame.data.segments.s1 = { key: 's1' };
    const result = sameAsWhole(JSON.stringify(frame));
    assert.ok(E.isRight(result) && result.right?.type === 'put');
    assert.deepEqual(result.right.skipped, [
      'data.flags.f3 skipped: data.flags.f3.version: expected number, got "four"',
      'data.flags.f700 skipped: data.flags.f700.rules[0].clauses[0].op: expected string, got 7',
      'data.segments.s1 skipped: data.segments.s1.version: expected number, got nothing',
    ]);
    assert.equal(Object.keys(result.right.data.flags!).length, 1498);
    assert.equal(result.right.data.flags!.f700, undefined);
    assert.deepEqual(result.right.data.flags!.f701, flag('f701', 702));
    assert.deepEqual(Object.keys(result.right.data.segments!), ['s0', 's2']);
  });

  it('gives the whole decode’s error for a frame that is not JSON, or whose put is not shaped as a put', () => {
    const big = JSON.stringify(putOf(300));
    const frames = [
      big.slice(0, -1), // cut before the last brace
      `${big.slice(0, 5000)}]${big.slice(5000)}`,
      big.replace('"f17"', 'f17'),
      '',
      JSON.stringify({ type: 'put', data: { flags: 5 } }),
      JSON.stringify({ type: 'put', data: { flags: [flag('a')] } }),
      JSON.stringify({ type: 'put', data: null }),
      JSON.stringify({ type: 'put', data: { flags: putOf(3).data.flags, segments: 'none' } }),
      JSON.stringify({ type: 'put' }),
      JSON.stringify({ kind: 'flags', data: putOf(2).data }),
      JSON.stringify([putOf(2)]),
    ];
    for (const text of frames) {
      const result = sameAsWhole(text);
      assert.ok(E.isLeft(result), `accepted ${text.slice(0, 80)}`);
    }
    const [line] = (sliced('{"type":"put",') as E.Left<PayloadDecodeError>).left.issues;
    assert.match(line, /^\(root\): expected JSON, got a syntax error \(/);
  });

  it('decodes other frames (patch, delete, unknown types) as the whole decode does', () => {
    const frames = [
      { type: 'patch', kind: 'flags', data: flag('a', 2) },
      { type: 'patch', kind: 'flags', data: { key: 'a', version: 2, rules: [{ clauses: [{ op: 7 }] }] } },
      { type: 'patch', kind: 'segments', data: segment('s', 3) },
      { type: 'delete', kind: 'flags', key: 'a', version: 3 },
      { type: 'delete', kind: 'flags', key: 3, version: 1 },
      { type: 'goodbye', data: { flags: { a: 1 } } },
      { type: 'patch', kind: 'experiments', data: 5 },
    ];
    for (const frame of frames) sameAsWhole(JSON.stringify(frame));
  });

  it('lets the last of duplicate keys count, at every level, as JSON.parse does', () => {
    const good = JSON.stringify(flag('a', 2));
    const bad = JSON.stringify({ key: 'a', version: 'x' });
    const texts = [
      `{"type":"put","data":{"flags":{"a":${bad},"a":${good}}}}`,
      `{"type":"put","data":{"flags":{"a":${good},"a":${bad}}}}`,
      `{"type":"put","data":{"flags":{"a":${bad}}},"data":{"flags":{"b":${good}}}}`,
      `{"type":"put","data":{"flags":{"a":${bad}},"flags":{"a":${good}}}}`,
      `{"type":"patch","type":"put","data":{"segments":{"s":{"key":"s"}}}}`,
      `{"type":"put","data":{"flags":{"a":${good}}},"type":"patch"}`,
    ];
    for (const text of texts) sameAsWhole(text);
    const last = sliced(texts[2]);
    assert.ok(E.isRight(last) && last.right?.type === 'put');
    assert.deepEqual(Object.keys(last.right.data.flags!), ['b']);
    assert.equal(last.right.skipped, undefined);
  });

  it('agrees with the whole decode over 300 seeded mutations of a 40-flag put, pretty-printed or not', () => {
    let seed = 5;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
    const odd: unknown[] = [null, 7, 'x', true, [], {}, [1], { op: 1 }, ''];
    const mutate = (value: unknown, depth: number): unknown => {
      if (value === null || typeof value !== 'object' || depth > 6 || random() < 0.15) return pick(odd);
      const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...(value as object) };
      const keys = Object.keys(copy);
      if (keys.length === 0) return copy;
      const key = pick(keys);
      copy[key] = mutate(copy[key], depth + 1);
      return copy;
    };
    let skippedSome = 0;
    for (let i = 0; i < 300; i++) {
      const frame = putOf(40, 5) as unknown as Record<string, unknown>;
      const mutations = 1 + Math.floor(random() * 3);
      let mutated: unknown = frame;
      for (let m = 0; m < mutations; m++) {
        // mostly inside one item, sometimes anywhere
        const data = (mutated as { data?: { flags?: unknown } } | null)?.data;
        if (random() < 0.8 && typeof data?.flags === 'object' && data.flags !== null) {
          const key = `f${Math.floor(random() * 40)}`;
          const flags = data.flags as Record<string, unknown>;
          mutated = { ...(mutated as object), data: { ...data, flags: { ...flags, [key]: mutate(flags[key], 0) } } };
        } else {
          mutated = mutate(mutated, 0);
        }
      }
      const result = sameAsWhole(JSON.stringify(mutated, null, i % 4 === 0 ? 1 : undefined));
      if (E.isRight(result) && result.right?.type === 'put' && result.right.skipped) skippedSome++;
    }
    assert.ok(skippedSome > 50, `only ${skippedSome} mutated puts kept their good items: the mutations should hit items`);
  });
});
