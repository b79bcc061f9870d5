import assert from 'node:assert/strict';
import { SlicedJsonParser } from '../../lib/model/sliced-json-parser';

/** Parses `text` in as many steps as the parser wants when the time is always up. */
function parseInSteps(text: string, splitDepth: number, onValue?: (path: readonly string[], value: unknown) => void): { parser: SlicedJsonParser; steps: number } {
  const parser = new SlicedJsonParser(text, { splitDepth, onValue });
  let steps = 1;
  while (!parser.step(() => true)) steps++;
  return { parser, steps };
}

function sameAsJsonParse(text: string, splitDepth: number): void {
  const { parser } = parseInSteps(text, splitDepth);
  assert.equal(parser.failed, undefined, `${JSON.stringify(text)} at depth ${splitDepth}: ${parser.failed}`);
  const expected: unknown = JSON.parse(text);
  assert.deepEqual(parser.value, expected, text);
  if (expected !== null && typeof expected === 'object') assert.deepEqual(Object.keys(parser.value as object), Object.keys(expected), `key order of ${text}`);
}

const VALID = [
  '{}', '[]', '"a"', '0', '-1.5e-3', 'true', 'null',
  ' \n\t{ "a" : [ 1 , 2 , { "b" : "c\\"}" } ] , "d" : null }\r\n',
  '{"a":{"b":{"c":{"d":{"e":[1,{"f":"}]"}]}}}}}',
  '{"2":"two","b":"bee","1":"one"}', // integer-like keys come first, as JSON.parse orders them
  '{"a":1,"a":{"x":2},"b":[],"b":[3]}', // the last duplicate wins, at the first one's place
  '{"k\\u0041":"\\\\","\\"":"\\"\\\\\\""}',
  '[[[[[]]]],[{}],{"":""}]',
  '{"emoji":"😀","ü":"ß"}',
];

const INVALID = [
  '', '   ', '{', '[', '}', '{"a"}', '{"a":}', '{"a":1,}', '[1,]', '[1 2]', '{"a":1 "b":2}', '{"a":1} x', '{} {}',
  'tru', 'nul', '01', '{"a":01}', '{"a":[}', '{"a":{"b":1]}', '{"a":"x', '{"a":"x\\"}', "{'a':1}", '\uFEFF{}', '{"a":undefined}', '[NaN]',
];

describe('SlicedJsonParser', () => {
  it('gives what JSON.parse gives, at every split depth', () => {
    for (const text of VALID) for (const depth of [0, 1, 2, 3, 8]) sameAsJsonParse(text, depth);
  });

  it('fails on every text JSON.parse rejects, at every split depth', () => {
    for (const text of INVALID) {
      assert.throws(() => JSON.parse(text), `${JSON.stringify(text)} is valid JSON: fix the fixture`);
      for (const depth of [0, 1, 3]) {
        const { parser } = parseInSteps(text, depth);
        assert.notEqual(parser.failed, undefined, `${JSON.stringify(text)} at depth ${depth} was accepted`);
        assert.equal(parser.value, undefined);
      }
    }
  });

  it('agrees with JSON.parse on 1,500 seeded random documents, compact and indented', () => {
    let seed = 11;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const scalars: unknown[] = [0, -2.5e30, 17, 'a"b\\c\n\u0001', '', 'ü😀', true, false, null, '}]{[,:'];
    const generate = (depth: number): unknown => {
      const r = random();
      if (depth > 5 || r < 0.3) return scalars[Math.floor(random() * scalars.length)];
      if (r < 0.6) return Array.from({ length: Math.floor(random() * 5) }, () => generate(depth + 1));
      const object: Record<string, unknown> = {};
      for (let i = 0; i < random() * 5; i++) object[['k', '7', 'x y', '"q"', '\\', '__proto__'][Math.floor(random() * 6)] + i] = generate(depth + 1);
      return object;
    };
    for (let i = 0; i < 1500; i++) {
      const text = JSON.stringify(generate(0), null, i % 3 === 0 ? 2 : undefined);
      sameAsJsonParse(text, [1, 2, 3][i % 3]);
    }
  });

  it('keeps a "__proto__" key as an own property, as JSON.parse does', () => {
    for (const depth of [0, 1, 2]) {
      const { parser } = parseInSteps('{"__proto__":{"polluted":true},"a":{"__proto__":[1]}}', depth);
      const value = parser.value as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(value), Object.prototype);
      assert.ok(Object.hasOwn(value, '__proto__'));
      assert.deepEqual(Object.getOwnPropertyDescriptor(value, '__proto__')!.value, { polluted: true });
      assert.ok(Object.hasOwn(value.a as object, '__proto__'));
      assert.equal(({} as { polluted?: boolean }).polluted, undefined);
    }
  });

  it('hands each value at the split depth to onValue with its path, duplicates again', () => {
    const seen: [string, unknown][] = [];
    parseInSteps('{"data":{"flags":{"a":{"v":1},"b":2,"a":{"v":3}},"list":[5,[6]]},"type":"put"}', 3, (path, value) => seen.push([path.join('.'), value]));
    assert.deepEqual(seen, [
      ['data.flags.a', { v: 1 }],
      ['data.flags.b', 2],
      ['data.flags.a', { v: 3 }],
      ['data.list.0', 5],
      ['data.list.1', [6]],
    ]);
  });

  it('returns when the time is up and resumes where it stopped', () => {
    const items = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, { i, s: `v${i}` }]));
    const text = JSON.stringify({ data: { items } });
    const { parser, steps } = parseInSteps(text, 3);
    assert.ok(steps > 10, `only ${steps} steps for 1,000 values with the time always up`);
    assert.deepEqual(parser.value, JSON.parse(text));
    const once = new SlicedJsonParser(text, { splitDepth: 3 });
    assert.equal(once.step(() => false), true, 'when the time is never up it finishes in one step');
    assert.equal(once.step(() => false), true, 'and stays finished');
  });
});
