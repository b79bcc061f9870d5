import assert from 'node:assert/strict';
import * as E from 'fp-ts/Either';
import { jsonPreview } from '../../lib/model/json-preview';
import { SlicedStreamDecoder } from '../../lib/model/sliced-stream-decoder';
import { decodeStreamMessage, type StreamMessage } from '../../lib/model/stream-message';
import type { PayloadDecodeError } from '../../lib/errors/payload-decode-error';

const flag = (key: string, extra: Record<string, unknown> = {}) => ({ key, version: 1, on: true, salt: key, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 }, ...extra });
const flags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, flag(`f${i}`)]));
const put = (data: unknown) => JSON.stringify({ type: 'put', data });
const good = put({ flags, segments: {} });

/** The answer of the sliced decoder, stepped with the time always up; a throw is an answer too. */
function answer(decodeWith: () => E.Either<PayloadDecodeError, StreamMessage | undefined>): string {
  let result: E.Either<PayloadDecodeError, StreamMessage | undefined>;
  try {
    result = decodeWith();
  } catch (error) {
    return `threw ${String(error)}`;
  }
  if (E.isLeft(result)) return `left ${result.left.issues.join(' | ')}`;
  return `right ${jsonPreview(result.right, 400)} skipped ${JSON.stringify((result.right as { skipped?: unknown })?.skipped ?? [])}`;
}
function sliced(text: string): E.Either<PayloadDecodeError, StreamMessage | undefined> {
  const decoder = new SlicedStreamDecoder(text);
  for (let steps = 0; !decoder.step(() => true); steps++) assert.ok(steps < 1e6, 'the decoder never finishes');
  return decoder.result();
}

/** Hostile frame texts: each must be answered (never thrown) and the same way by both decoders. */
const ATTACKS: Record<string, string> = {
  'nested 300,000 deep at the root': '['.repeat(300_000) + ']'.repeat(300_000),
  'nested 300,000 deep as a flag': put({ flags: { ...flags, deep: 0 } }).replace('"deep":0', `"deep":${'{"a":'.repeat(300_000)}1${'}'.repeat(300_000)}`),
  'nested 300,000 deep in a flag field': put({ flags: { ...flags, deep: flag('deep', { salt: 0 }) } }).replace('"salt":0', `"salt":${'['.repeat(300_000)}${']'.repeat(300_000)}`),
  'unbalanced nesting at the end': `${good.slice(0, -2)},"x":${'['.repeat(100_000)}`,
  'unterminated string at the end': `${good.slice(0, -2)},"x":"abc`,
  'unterminated escape at the end': `${good.slice(0, -2)},"x":"abc\\`,
  'key ending in an escaped backslash': good.replace('"f1":', '"f1\\\\":'),
  'invalid surrogate escapes': good.replace('"f1":', '"\\ud800\\udc00\\udc00":'),
  '__proto__ and constructor at every depth': good
    .replace('{"type"', '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"type"')
    .replace('"data":{', '"data":{"__proto__":{"flags":1},"constructor":7,')
    .replace('"flags":{', `"flags":{"__proto__":${JSON.stringify(flag('__proto__'))},"constructor":{"prototype":1},"toString":${JSON.stringify(flag('toString'))},`),
  'duplicate item keys (bad then good, good then bad)': good.replace('"flags":{', `"flags":{"f1":7,"f2":${JSON.stringify(flag('f2'))},`).replace('}},"segments"', '},"f2":"bad","f1":' + JSON.stringify(flag('f1')) + '},"segments"'),
  'duplicate data.flags': `${good.slice(0, -2)},"flags":{"a":1}}}`,
  'duplicate type': `${good.slice(0, -1)},"type":"patch"}`,
  'data.flags an array': put({ flags: Object.values(flags) }),
  'data.flags a string': put({ flags: 'x'.repeat(1000) }),
  'data an array': JSON.stringify({ type: 'put', data: [flags] }),
  'valid JSON, not an object': JSON.stringify([{ type: 'put', data: { flags } }]),
  'a number': '1'.repeat(1000),
  'trailing garbage': `${good}x`,
  'a second value after the first': `${good}{}`,
  'a byte-order mark': `\ufeff${good}`,
  '1e309 and -0 versions': good.replace('"version":1,', '"version":1e309,').replace('"version":1,', '"version":-0,'),
  'a leading-zero number': good.replace('"version":1,', '"version":01,'),
  'a control character in a key': good.replace('"f1":', '"f\u0001":'),
  'a trailing comma': good.replace('}},"segments"', '},},"segments"'),
  'nothing but whitespace': ' '.repeat(1000),
  'an item of 20,000 tiny keys': put({ flags: { ...flags, many: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i])) } }),
  'a patch of a huge flag': JSON.stringify({ type: 'patch', kind: 'flags', data: flag('p', { salt: 'y'.repeat(600_000) }) }),
  'a patch with a bad version': JSON.stringify({ type: 'patch', kind: 'flags', data: { ...flag('p'), version: 'x' } }),
};

describe('SlicedStreamDecoder under hostile frames', () => {
  for (const [name, text] of Object.entries(ATTACKS)) {
    it(`${name}: answers without throwing, as decodeStreamMessage does`, () => {
      const whole = answer(() => decodeStreamMessage(text));
      assert.doesNotMatch(whole, /^threw/, 'the whole-frame decode threw');
      assert.equal(answer(() => sliced(text)), whole);
      assert.equal(({} as { polluted?: unknown }).polluted, undefined, 'Object.prototype was changed');
    });
  }
});

describe('jsonPreview', () => {
  it('is the start of JSON.stringify for ordinary values', () => {
    for (const value of [null, 7, -0, 1.5, true, 'a"b\\c', [1, [2, { a: 'x', b: undefined, c: null }]], { __proto__: null, k: [] }, 'x'.repeat(100), Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]))]) {
      const text = JSON.stringify(value);
      assert.equal(jsonPreview(value, 60), text.length > 60 ? `${text.slice(0, 60)}…` : text);
    }
  });

  it('cuts a value nested 1,000,000 deep (where JSON.stringify and String throw) after the limit', () => {
    let deep: unknown = [];
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    assert.throws(() => String(deep), RangeError);
    assert.equal(jsonPreview(deep, 10), `${'['.repeat(10)}…`);
  });
});
