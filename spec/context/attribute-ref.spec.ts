import assert from 'node:assert/strict';
import { attributeRefFromLiteral, KEY_REF, parseAttributeRef, readPath } from '../../lib/context/attribute-ref';

describe('AttributeRef', () => {
  describe('parseAttributeRef (path syntax)', () => {
    const valid: [string, string[]][] = [
      ['name', ['name']],
      ['a/b', ['a/b']], // no leading slash: one literal name, slashes and all
      ['a~b', ['a~b']],
      ['/name', ['name']],
      ['/address/city', ['address', 'city']],
      ['/a~1b', ['a/b']],
      ['/a~0b', ['a~b']],
      ['/a~01', ['a~1']], // ~0 then a literal 1, not ~1
      ['/x/a~1b~0c', ['x', 'a/b~c']],
      ['/~1a', ['~1a']], // Node SDK: a component starting with ~ is not unescaped
      ['/a/', ['a', '']], // trailing slash: an empty last component (Node SDK accepts it)
      ['/attr1/2', ['attr1', '2']],
      ['/a~|', ['a~|']], // the Node SDK's check lets ~| and ~^ through
    ];
    for (const [text, components] of valid) {
      it(`accepts ${JSON.stringify(text)} as ${JSON.stringify(components)}`, () => {
        const ref = parseAttributeRef(text);
        assert.equal(ref.valid, true, ref.error);
        assert.deepEqual(ref.components, components);
        assert.equal(ref.depth, components.length);
        assert.equal(ref.redactionName, text);
      });
    }

    const invalid: [string, RegExp][] = [
      ['', /must not be empty/],
      ['/', /must not be empty/],
      ['//', /empty path component/],
      ['///', /empty path component/],
      ['/a//b', /empty path component/],
      ['a//b', /empty path component/],
      ['/a~', /ends with '~'/],
      ['a~', /ends with '~'/],
      ['/a~b', /invalid escape/],
      ['/a~2/c', /invalid escape/],
      ['/a~\n', /invalid escape/],
      ['/_meta', /not addressable/],
      ['_meta', /not addressable/], // as a reference; a literal name `_meta` is allowed
      ['/_meta/privateAttributes', /not addressable/],
    ];
    for (const [text, message] of invalid) {
      it(`refuses ${JSON.stringify(text)} with a message`, () => {
        const ref = parseAttributeRef(text);
        assert.equal(ref.valid, false);
        assert.match(ref.error!, message);
        assert.deepEqual(ref.components, []);
        assert.equal(ref.depth, 0);
      });
    }

    it('checks escapes only up to the first line break, as the Node SDK does', () => {
      assert.equal(parseAttributeRef('/a\n~b').valid, true);
      assert.deepEqual(parseAttributeRef('/a\n~b').components, ['a\n~b']);
    });

    it('marks the kind and anonymous attributes', () => {
      assert.equal(parseAttributeRef('kind').isKind, true);
      assert.equal(parseAttributeRef('/kind').isKind, true);
      assert.equal(parseAttributeRef('/kind/x').isKind, false);
      assert.equal(parseAttributeRef('/anonymous').isAnonymous, true);
      assert.equal(KEY_REF.first, 'key');
    });
  });

  describe('attributeRefFromLiteral', () => {
    it('takes the whole name as one component', () => {
      for (const name of ['/a/b', 'a~b', '~', '//', '_meta']) {
        const ref = attributeRefFromLiteral(name);
        assert.equal(ref.valid, true);
        assert.deepEqual(ref.components, [name]);
      }
    });

    it('refuses only the empty name', () => {
      assert.equal(attributeRefFromLiteral('').valid, false);
    });

    it('escapes a leading-slash name into path form for redaction', () => {
      assert.equal(attributeRefFromLiteral('/a~b/c').redactionName, '/~1a~0b~1c');
      assert.equal(attributeRefFromLiteral('plain').redactionName, 'plain');
      assert.equal(attributeRefFromLiteral('/x').toString(), '/~1x');
    });
  });

  describe('readPath', () => {
    const target = { a: { b: { c: 1 }, arr: [{ x: 1 }], '2': 'two' }, n: null, s: 'str' };

    it('follows components through objects', () => {
      assert.equal(readPath(target, parseAttributeRef('/a/b/c')), 1);
      assert.equal(readPath(target, parseAttributeRef('/a/2')), 'two');
      assert.equal(readPath(target, parseAttributeRef('/n')), null);
    });

    it('never indexes arrays, strings or inherited properties', () => {
      assert.equal(readPath(target, parseAttributeRef('/a/arr/0')), undefined);
      assert.equal(readPath(target, parseAttributeRef('/s/length')), undefined);
      assert.equal(readPath(target, parseAttributeRef('/a/toString')), undefined);
      assert.equal(readPath(target, parseAttributeRef('/n/x')), undefined);
      assert.equal(readPath(target, parseAttributeRef('/missing/x')), undefined);
    });
  });
});
