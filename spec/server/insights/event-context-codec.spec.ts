import assert from 'node:assert/strict';
import { EventBatchBody } from '../../../lib/server/insights/event-batch-codec';
import { canonicalKey, EventContext, EventContextKeys } from '../../../lib/server/insights/event-context-codec';
import { assertDecodeFailure, assertDecodes } from '../../helpers/assert-decode';

describe('insights: event context codec', () => {
  it('checks contexts: kinds, keys, multi-kind parts, contextKeys', () => {
    assertDecodeFailure(EventBatchBody, [{ kind: 'index', context: { kind: 'multi', user: { key: '' }, 'b@d': { key: 'x' }, org: 5 } }], [
      '[0].context.user.key: expected non-empty string, got ""',
      '[0].context.b@d: expected context kind (letters, digits, ".", "_", "-"; not "kind" or "multi"), got "b@d"',
      '[0].context.org: expected individual context (an object with a key), got 5',
    ]);
    assertDecodeFailure(EventBatchBody, [{ kind: 'index', context: { kind: 'org' } }, { kind: 'identify', context: { key: 7 } }, { kind: 'index', context: { kind: 'multi' } }, { kind: 'index' }], [
      '[0].context.key: expected non-empty string, got nothing',
      '[1].context.key: expected string, got 7',
      '[2].context: expected Context, got {"kind":"multi"}',
      '[3].context: expected Context, got nothing',
    ]);
    assertDecodeFailure(EventBatchBody, [{ kind: 'feature', key: 'f', contextKeys: { user: 'u', org: '' } }], ['[0].contextKeys.org: expected non-empty string, got ""']);
    assertDecodeFailure(EventContextKeys, {}, ['(root): expected ContextKeys, got {}']);
    assertDecodeFailure(EventContext, { kind: 'kind', key: 'k' }, ['kind: expected context kind (letters, digits, ".", "_", "-"; not "kind" or "multi"), got "kind"']);
  });

  it('decodes contexts to canonical keys (docs/evaluation.md, "Contexts")', () => {
    const canonical = (context: unknown) => assertDecodes(EventContext, context).canonicalKey;
    assert.equal(canonical({ kind: 'user', key: 'a:b' }), 'a:b');
    assert.equal(canonical({ kind: 'org', key: 'a:b%c' }), 'org:a%3Ab%25c');
    assert.equal(canonical({ key: '' }), '', 'a legacy user may have an empty key');
    assert.equal(canonical({ kind: 'multi', user: { key: 'u' }, device: { key: 'd' } }), 'device:d:user:u');
    assert.equal(canonical({ kind: 'multi', org: { key: 'o' } }), 'org:o', 'a multi with one kind is that kind');
  });

  it('decodes the older schema\'s contextKeys like a multi-kind context', () => {
    assert.deepEqual(assertDecodes(EventContextKeys, { user: 'u', org: 'o' }), {
      canonicalKey: 'org:o:user:u',
      parts: [{ kind: 'org', key: 'o' }, { kind: 'user', key: 'u' }],
    });
    assert.equal(canonicalKey([{ kind: 'user', key: 'x:%' }]), 'x:%', 'a user key is not escaped');
  });
});
