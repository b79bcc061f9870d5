import assert from 'node:assert/strict';
import { attributeRefFromLiteral, parseAttributeRef } from '../../lib/context/attribute-ref';
import { EvaluationContext, isEvaluationContext, parseContext } from '../../lib/context/evaluation-context';

function valid(input: unknown): EvaluationContext {
  const context = parseContext(input);
  if (!context.valid) assert.fail(`expected a valid context: ${context.message}`);
  return context;
}

const ref = parseAttributeRef;

describe('parseContext', () => {
  describe('single-kind contexts', () => {
    it('wraps the object without copying it', () => {
      const input = { kind: 'org', key: 'acme', name: 'Acme', plan: { tier: 'gold' } };
      const context = valid(input);
      assert.deepEqual(context.kinds, ['org']);
      assert.equal(context.isMulti, false);
      assert.equal(context.legacy, false);
      const org = context.individual('org')!;
      assert.equal(org.kind, 'org');
      assert.equal(org.key, 'acme');
      assert.equal(org.toObject(), input);
      assert.equal(org.get(ref('/plan/tier')), 'gold');
      assert.equal(context.getValue(ref('name'), 'org'), 'Acme');
      assert.equal(context.individual('user'), undefined);
      assert.equal(context.getValue(ref('name')), undefined); // default kind user is absent
    });

    it('reads kind as the list of kinds and anonymous as a boolean', () => {
      const context = valid({ kind: 'user', key: 'u', anonymous: 'yes' });
      assert.deepEqual(context.getValue(ref('kind'), 'org'), ['user']);
      assert.equal(context.getValue(ref('anonymous')), true);
      assert.equal(valid({ kind: 'user', key: 'u' }).getValue(ref('anonymous')), false);
      assert.equal(context.individual('user')!.anonymous, false); // events: only `true` counts
      assert.equal(valid({ kind: 'user', key: 'u', anonymous: true }).individual('user')!.anonymous, true);
    });

    it('reads literal names with slashes and never inherited properties', () => {
      const context = valid({ kind: 'user', key: 'u', '/a': 1, 'a/b': 2 });
      assert.equal(context.getValue(attributeRefFromLiteral('/a')), 1);
      assert.equal(context.getValue(ref('/~1a')), undefined); // Node SDK: leading ~ is not unescaped
      assert.equal(context.getValue(ref('a/b')), 2);
      assert.equal(context.getValue(ref('/a~1b')), 2);
      assert.equal(context.getValue(ref('toString')), undefined);
    });

    it('parses the private attributes it declares, lazily', () => {
      const context = valid({ kind: 'user', key: 'u', _meta: { privateAttributes: ['email', '/address/city'] } });
      const refs = context.individual('user')!.privateAttributes;
      assert.deepEqual(refs.map((r) => r.components), [['email'], ['address', 'city']]);
      assert.deepEqual(valid({ kind: 'user', key: 'u' }).individual('user')!.privateAttributes, []);
    });
  });

  describe('multi-kind contexts', () => {
    it('holds one part per kind, in key order', () => {
      const input = { kind: 'multi', user: { key: 'u1', name: 'Ann' }, org: { key: 'o1', _meta: { privateAttributes: ['x'] } } };
      const context = valid(input);
      assert.equal(context.isMulti, true);
      assert.deepEqual(context.kinds, ['user', 'org']);
      assert.equal(context.individual('user')!.get(ref('name')), 'Ann');
      assert.equal(context.individual('org')!.key, 'o1');
      assert.deepEqual(context.getValue(ref('kind')), ['user', 'org']);
      assert.deepEqual(context.individual('org')!.privateAttributes.map((r) => r.raw), ['x']);
      assert.equal(context.toJSON(), input);
      assert.equal(context.individuals().length, 2);
    });

    it('treats a multi-kind context with one kind as that single kind', () => {
      const context = valid({ kind: 'multi', org: { key: 'o1', name: 'Acme' } });
      assert.equal(context.isMulti, false);
      assert.deepEqual(context.kinds, ['org']);
      assert.equal(context.canonicalKey, 'org:o1');
      assert.deepEqual(context.toJSON(), { key: 'o1', name: 'Acme', kind: 'org' });
    });
  });

  describe('legacy users', () => {
    it('maps built-ins and custom attributes to a user context, lazily', () => {
      const user = { key: 7, name: 'Ann', email: null, custom: { email: 'c@x', plan: 'pro', key: 'ignored', kind: 'ignored' }, other: 'ignored' };
      const context = valid(user);
      assert.equal(context.legacy, true);
      assert.deepEqual(context.kinds, ['user']);
      const part = context.individual('user')!;
      assert.equal(part.key, '7');
      assert.equal(part.get(ref('key')), '7');
      assert.equal(part.get(ref('kind')), 'user');
      assert.equal(part.get(ref('name')), 'Ann');
      assert.equal(part.get(ref('email')), 'c@x'); // a null built-in leaves the custom one
      assert.equal(part.get(ref('plan')), 'pro');
      assert.equal(part.get(ref('other')), undefined); // only built-ins come from the top level
      assert.equal(context.canonicalKey, '7');
    });

    it('allows an empty key, and anonymous set at the top level wins as a boolean', () => {
      const context = valid({ key: '', anonymous: 1, custom: { anonymous: false } });
      assert.equal(context.individual('user')!.key, '');
      assert.equal(context.getValue(ref('anonymous')), true);
      assert.equal(context.individual('user')!.anonymous, true);
      assert.equal(valid({ key: 'k', custom: { anonymous: 'yes' } }).individual('user')!.anonymous, false);
    });

    it('converts to the same context object as the Node SDK, in the same order', () => {
      const context = valid({ key: 'k', country: 'NZ', anonymous: false, custom: { anonymous: true, z: 1 }, privateAttributeNames: ['/z'] });
      const object = context.individual('user')!.toObject();
      assert.deepEqual(Object.keys(object), ['z', 'kind', 'key', 'anonymous', 'country', '_meta']);
      assert.deepEqual(object, { z: 1, kind: 'user', key: 'k', anonymous: false, country: 'NZ', _meta: { privateAttributes: ['/z'] } });
      assert.deepEqual(context.individual('user')!.privateAttributes.map((r) => r.components), [['/z']]); // literal names
    });

    it('accepts a kind of null as a legacy user', () => {
      assert.equal(valid({ kind: null, key: 'k' }).legacy, true);
    });
  });

  describe('canonical keys', () => {
    const cases: [unknown, string][] = [
      [{ kind: 'user', key: 'a:b%c' }, 'a:b%c'],
      [{ kind: 'org', key: 'a:b%c' }, 'org:a%3Ab%25c'],
      [{ kind: 'multi', user: { key: 'u:1' }, org: { key: 'o' }, device: { key: 'd' } }, 'device:d:org:o:user:u%3A1'],
      [{ key: 'legacy:key' }, 'legacy:key'],
    ];
    for (const [input, key] of cases) {
      it(`${JSON.stringify(input)} ⇒ ${key}`, () => assert.equal(valid(input).canonicalKey, key));
    }
  });

  describe('invalid contexts (never thrown)', () => {
    const cases: [string, unknown, RegExp][] = [
      ['nothing', undefined, /no context/],
      ['null', null, /no context/],
      ['a number', 5, /must be an object/],
      ['a string', 'user-1', /must be an object/],
      ['a kind of another type', { kind: 3, key: 'k' }, /kind must be a string/],
      ['an empty kind', { kind: '', key: 'k' }, /kind must be a non-empty string/],
      ['the kind "kind"', { kind: 'kind', key: 'k' }, /must not be 'kind'/],
      ['invalid kind characters', { kind: 'b@d', key: 'k' }, /context kind 'b@d' contains invalid characters/],
      ['no key', { kind: 'user' }, /context key must be a non-empty string/],
      ['an empty key', { kind: 'user', key: '' }, /context key must be a non-empty string/],
      ['a numeric key', { kind: 'user', key: 5 }, /context key must be a non-empty string/],
      ['a multi with no kinds', { kind: 'multi' }, /context kind 'multi' has no kinds/],
      ['a multi with a bad kind', { kind: 'multi', 'b@d': { key: 'k' } }, /'b@d' contains invalid characters/],
      ['a multi with a non-object part', { kind: 'multi', user: 'u' }, /kind 'user' .* must be an object/],
      ['a multi with an array part', { kind: 'multi', user: [] }, /must be an object/],
      ['a multi part without key', { kind: 'multi', user: { key: 'u' }, org: { name: 'x' } }, /key of kind 'org' must be a non-empty string/],
      ['a legacy user without key', { name: 'x' }, /context key must be a non-empty string/],
      ['a legacy user with a null key', { key: null }, /context key/],
      ['an array', [], /context key/],
      ['bad private attributes', { kind: 'user', key: 'k', _meta: { privateAttributes: 'email' } }, /privateAttributes .*must be an array of strings/],
      ['non-string private attributes', { kind: 'user', key: 'k', _meta: { privateAttributes: [1] } }, /privateAttributes.*\[0\] must be a string/],
      ['bad legacy private attribute names', { key: 'k', privateAttributeNames: {} }, /privateAttributeNames must be an array/],
    ];
    for (const [name, input, message] of cases) {
      it(`rejects ${name}`, () => {
        const result = parseContext(input);
        assert.equal(result.valid, false);
        if (!result.valid) assert.match(result.message, message);
      });
    }
  });

  it('returns an already parsed context as is, and recognises only parsed contexts', () => {
    const context = valid({ kind: 'user', key: 'u' });
    assert.equal(parseContext(context), context);
    assert.equal(isEvaluationContext(context), true);
    assert.equal(isEvaluationContext({ valid: true, kinds: ['user'] }), false);
    assert.equal(valid({ kind: 'user', key: 'u', valid: true }).individual('user')!.key, 'u');
  });
});

describe('attribute lookup: own properties only', () => {
  it('never reads inherited properties, from plain objects or class instances', () => {
    class Person {
      kind = 'user';
      key = 'k';
      get email(): string {
        return 'inherited@example.com';
      }
    }
    const plain = parseContext({ kind: 'user', key: 'k', own: 'yes' });
    const instance = parseContext(new Person());
    const noPrototype = parseContext(Object.assign(Object.create(null), { kind: 'user', key: 'k', own: 'yes' }));
    assert.ok(plain.valid && instance.valid && noPrototype.valid);
    for (const name of ['toString', 'constructor', 'hasOwnProperty', '__proto__']) {
      assert.equal(plain.individual('user')?.get(parseAttributeRef(name)), undefined, name);
      assert.equal(noPrototype.individual('user')?.get(parseAttributeRef(name)), undefined, name);
    }
    assert.equal(plain.individual('user')?.get(parseAttributeRef('own')), 'yes');
    assert.equal(noPrototype.individual('user')?.get(parseAttributeRef('own')), 'yes');
    assert.equal(instance.individual('user')?.get(parseAttributeRef('email')), undefined);
    assert.equal(instance.individual('user')?.get(parseAttributeRef('key')), 'k');
  });
});
