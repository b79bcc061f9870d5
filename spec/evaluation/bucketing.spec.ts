import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { bucketableValue, bucketContext, bucketOf, bucketPrefix } from '../../lib/evaluation/bucketing';
import { attributeRefFromLiteral, KEY_REF, parseAttributeRef } from '../../lib/context/attribute-ref';
import { ctx } from './fixtures';

describe('bucketing', () => {
  // docs/evaluation.md, "Bucketing" (values from LaunchDarkly's test data), 8 significant digits.
  const vectors: [string, string, number][] = [
    [bucketPrefix('hashKey', 'saltyA'), 'userKeyA', 0.42157587],
    [bucketPrefix('hashKey', 'saltyA'), 'userKeyB', 0.6708485],
    [bucketPrefix('hashKey', 'saltyA'), 'userKeyC', 0.10343106],
    [bucketPrefix('hashKey', 'saltyA', 61), 'userKeyA', 0.09801207],
    [bucketPrefix('hashKey', 'saltyA', 61), 'userKeyB', 0.14483777],
    [bucketPrefix('hashKey', 'saltyA', 61), 'userKeyC', 0.9242641],
    [bucketPrefix('hashKey', 'saltyA'), '33333', 0.54771423],
    [bucketPrefix('hashKey', 'saltyA'), '99999', 0.7309658],
    [bucketPrefix('segment3', 'salty'), 'user-key', 0.149502],
    [bucketPrefix('segment3', 'salty'), 'unmatching-key', 0.365636],
  ];
  for (const [prefix, value, expected] of vectors) {
    it(`${prefix}${value} ⇒ ${expected}`, () => {
      assert.ok(Math.abs(bucketOf(prefix, value) - expected) < 1e-6, String(bucketOf(prefix, value)));
    });
  }

  it('equals the Node SDK formula bit for bit', () => {
    const nodeSdk = (input: string) => parseInt(crypto.createHash('sha1').update(input).digest('hex').substring(0, 15), 16) / 1152921504606847e3;
    for (let i = 0; i < 2000; i++) {
      const value = `user-${i}-${'é😀'.repeat(i % 3)}${i % 7 === 0 ? '\ud800' : ''}`;
      assert.equal(bucketOf('flag.salt.', value), nodeSdk(`flag.salt.${value}`), value);
    }
  });

  it('hashes short ASCII inputs in JavaScript exactly as node:crypto does, at every length and code unit', () => {
    // The one-block path takes ASCII messages of up to 55 bytes; 56 and more go to node:crypto.
    const nodeSdk = (input: string) => parseInt(crypto.createHash('sha1').update(input).digest('hex').substring(0, 15), 16) / 1152921504606847e3;
    for (let length = 0; length <= 70; length++) {
      for (const prefix of ['', 'k.', 'rules.rules-salt.', 'fl\u00e9.salt.', '61.', 'a-prefix-of-exactly-55-characters-which-fills-the-block']) {
        const value = Array.from({ length }, (_, i) => String.fromCharCode((i * 37 + length) % 128)).join('');
        assert.equal(bucketOf(prefix, value), nodeSdk(prefix + value), JSON.stringify(prefix + value));
      }
    }
    for (let code = 0; code < 256; code++) {
      const value = `user-${String.fromCharCode(code)}-x`;
      assert.equal(bucketOf('flag.salt.', value), nodeSdk(`flag.salt.${value}`), `code ${code}`);
    }
  });

  it('builds prefixes from key and salt, or from a seed (0 counts as no seed, as in the Node SDK)', () => {
    assert.equal(bucketPrefix('k', 's'), 'k.s.');
    assert.equal(bucketPrefix('k', undefined), 'k..');
    assert.equal(bucketPrefix('k', 's', 61), '61.');
    assert.equal(bucketPrefix('k', 's', -5), '-5.');
    assert.equal(bucketPrefix('k', 's', 0), 'k.s.');
    assert.equal(bucketPrefix('k', 's', null), 'k.s.');
  });

  it('hashes strings and integers only', () => {
    assert.equal(bucketableValue('x'), 'x');
    assert.equal(bucketableValue(33333), '33333');
    assert.equal(bucketableValue(-2), '-2');
    assert.equal(bucketableValue(2.0), '2');
    for (const value of [2.5, true, null, undefined, ['a'], { a: 1 }, NaN]) assert.equal(bucketableValue(value), null);
  });

  it('buckets a context by an attribute of the rollout kind, or 0', () => {
    const context = ctx({ kind: 'multi', user: { key: 'userKeyA', n: 33333, f: 1.5 }, org: { key: 'o' } });
    const prefix = bucketPrefix('hashKey', 'saltyA');
    assert.equal(bucketContext(context, 'user', KEY_REF, prefix), bucketOf(prefix, 'userKeyA'));
    assert.equal(bucketContext(context, 'user', attributeRefFromLiteral('n'), prefix), bucketOf(prefix, '33333'));
    assert.equal(bucketContext(context, 'user', attributeRefFromLiteral('f'), prefix), 0);
    assert.equal(bucketContext(context, 'user', attributeRefFromLiteral('missing'), prefix), 0);
    assert.equal(bucketContext(context, 'device', KEY_REF, prefix), 0);
    assert.equal(bucketContext(context, 'user', parseAttributeRef('kind'), prefix), 0);
  });
});
