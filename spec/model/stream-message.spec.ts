import assert from 'node:assert/strict';
import * as E from 'fp-ts/Either';
import { PayloadDecodeError } from '../../lib/errors/payload-decode-error';
import { decodeStreamMessage, type StreamMessage } from '../../lib/model/stream-message';

function ok(frame: unknown): StreamMessage | undefined {
  const result = decodeStreamMessage(typeof frame === 'string' ? frame : JSON.stringify(frame));
  if (E.isLeft(result)) assert.fail(result.left.message);
  return result.right;
}

function issues(frame: unknown): readonly string[] {
  const result = decodeStreamMessage(typeof frame === 'string' ? frame : JSON.stringify(frame));
  assert.ok(E.isLeft(result), `expected ${String(frame)} to be rejected`);
  assert.ok(result.left instanceof PayloadDecodeError);
  return result.left.issues;
}

describe('decodeStreamMessage', () => {
  it('decodes put, patch and delete frames', () => {
    const flag = { key: 'a', version: 2, on: true, variations: [1, 2] };
    assert.deepEqual(ok({ type: 'put', data: { flags: { a: flag } } }), { type: 'put', data: { flags: { a: flag } } });
    assert.deepEqual(ok({ type: 'patch', kind: 'flags', data: flag }), { type: 'patch', kind: 'flags', data: flag });
    const segment = { key: 's', version: 1, included: ['u'] };
    assert.deepEqual(ok({ type: 'patch', kind: 'segments', data: segment }), { type: 'patch', kind: 'segments', data: segment });
    assert.deepEqual(ok({ type: 'delete', kind: 'segments', key: 's', version: 4 }), { type: 'delete', kind: 'segments', key: 's', version: 4 });
  });

  it('ignores unknown types and unknown kinds', () => {
    assert.equal(ok({ type: 'goodbye', reason: 'x' }), undefined);
    assert.equal(ok({ type: 'patch', kind: 'experiments', data: 5 }), undefined);
    assert.equal(ok({ type: 'delete', kind: 'configs', key: 'k', version: 1 }), undefined);
  });

  it('rejects text that is not JSON', () => {
    const [line] = issues('{"type":"put",');
    assert.match(line, /^\(root\): expected JSON, got a syntax error \(/);
  });

  it('rejects a frame without a type', () => {
    assert.deepEqual(issues([1]), ['(root): expected StreamMessage, got [1]']);
    assert.deepEqual(issues({ kind: 'flags' }), ['type: expected string, got nothing']);
  });

  it('names the bad path inside a patch', () => {
    const frame = { type: 'patch', kind: 'flags', data: { key: 'a', version: 2, rules: [{ clauses: [{ op: 7 }] }] } };
    assert.deepEqual(issues(frame), ['data.rules[0].clauses[0].op: expected string, got 7']);
    assert.deepEqual(issues({ type: 'patch', kind: 'segments', data: { key: 's' } }), ['data.version: expected number, got nothing']);
    assert.deepEqual(issues({ type: 'patch', data: {} }), ['kind: expected string, got nothing']);
  });

  it('names the bad path inside a put and a delete', () => {
    assert.deepEqual(issues({ type: 'put', data: { flags: { a: { key: 'a', version: 'x' } } } }), [
      'data.flags.a.version: expected number, got "x"',
    ]);
    assert.deepEqual(issues({ type: 'delete', kind: 'flags', key: 3, version: 1 }), ['key: expected string, got 3']);
  });

  it('says which frame type was invalid', () => {
    const result = decodeStreamMessage('{"type":"delete","kind":"flags","key":"k"}');
    assert.ok(E.isLeft(result));
    assert.equal(result.left.message, 'Invalid stream delete message: version: expected number, got nothing');
  });
});
