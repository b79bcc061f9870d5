import assert from 'node:assert/strict';
import { applyMergePatch } from '../../../lib/server/patch/merge-patch';

describe('applyMergePatch (RFC 7396)', () => {
  it('merges objects, removes keys set to null, replaces arrays and scalars', () => {
    const target = { a: 'b', c: { d: 'e', f: 'g' }, list: [1, 2] };
    assert.deepEqual(applyMergePatch(target, { a: 'z', c: { f: null }, list: [3] }), { a: 'z', c: { d: 'e' }, list: [3] });
    assert.deepEqual(target, { a: 'b', c: { d: 'e', f: 'g' }, list: [1, 2] }, 'the target is not modified');
  });

  it('follows the RFC examples for non-object patches and targets', () => {
    assert.deepEqual(applyMergePatch({ a: 'b' }, ['c']), ['c']);
    assert.equal(applyMergePatch({ a: 'b' }, null), null);
    assert.deepEqual(applyMergePatch(['a'], { a: 'b' }), { a: 'b' });
    assert.deepEqual(applyMergePatch({}, { a: { bb: { ccc: null } } }), { a: { bb: {} } });
  });

  it('treats a "__proto__" key as data, never as the prototype', () => {
    const result = applyMergePatch({}, JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
    assert.deepEqual(Object.keys(result), ['__proto__']);
  });
});
