import assert from 'node:assert/strict';
import { strictJsonIssues } from '../../../lib/server/http/strict-json';

describe('strictJsonIssues', () => {
  it('accepts ordinary JSON, whatever its strings contain', () => {
    assert.deepEqual(strictJsonIssues('{"a": "{[\\"}]", "b": [1e308, -1.5e-400, 0, {"a": 1}], "c": {"a": 2}}'), []);
    assert.deepEqual(strictJsonIssues('[{"k": 1}, {"k": 2}]'), [], 'the same key in sibling objects');
  });

  it('names duplicate keys (also spelled with escapes) and out-of-range numbers by path', () => {
    assert.deepEqual(strictJsonIssues('{"a": {"x": [0, {"k": 1, "\\u006b": 2}]}, "n": -1e309, "a": 3}'), [
      'a.x[1].k: the key "k" appears twice in one object',
      'n: -1e309 is too large for a JSON number (a double)',
      'a: the key "a" appears twice in one object',
    ]);
    assert.deepEqual(strictJsonIssues('1e400'), ['(root): 1e400 is too large for a JSON number (a double)']);
  });

  it('stops at the depth limit, naming where', () => {
    assert.deepEqual(strictJsonIssues('{"a": [[[1]]]}', 3), ['a[0][0]: nested more than 3 levels deep']);
    assert.deepEqual(strictJsonIssues('{"a": [[1]]}', 3), []);
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    assert.equal(strictJsonIssues(deep).length, 1);
  });
});
