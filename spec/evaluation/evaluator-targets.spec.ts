import assert from 'node:assert/strict';
import { ctx, evaluateFlag, flag, MALFORMED, plain } from './fixtures';

const TARGET_MATCH = { kind: 'TARGET_MATCH' };

describe('evaluate: individual targets', () => {
  const variations = ['a', 'b', 'c'];

  it('matches user keys in `targets` when there are no contextTargets', () => {
    const f = flag({ variations, targets: [{ variation: 1, values: ['u1', 'u2'] }, { variation: 2, values: ['u3', 'u1'] }] });
    assert.deepEqual(plain(evaluateFlag(f, { kind: 'user', key: 'u1' })), { value: 'b', variationIndex: 1, reason: TARGET_MATCH });
    assert.deepEqual(plain(evaluateFlag(f, { kind: 'user', key: 'u3' })), { value: 'c', variationIndex: 2, reason: TARGET_MATCH });
    assert.equal(evaluateFlag(f, { kind: 'user', key: 'u4' }).reason.kind, 'FALLTHROUGH');
    assert.equal(evaluateFlag(f, { kind: 'org', key: 'u1' }).reason.kind, 'FALLTHROUGH');
    assert.equal(evaluateFlag(f, { kind: 'multi', org: { key: 'o' }, user: { key: 'u2' } }).reason.kind, 'TARGET_MATCH');
  });

  it('follows contextTargets order, a user entry standing for the targets entry of its variation', () => {
    const f = flag({
      variations,
      targets: [{ variation: 2, values: ['u1'] }, { variation: 1, values: ['u1', 'u9'] }],
      contextTargets: [
        { contextKind: 'org', variation: 0, values: ['o1'] },
        { contextKind: 'user', variation: 1, values: [] }, // ⇒ targets[1]
        { variation: 2, values: ['ignored'] }, // no kind = user ⇒ targets[0]; its own values are ignored
      ],
    });
    const multi = { kind: 'multi', user: { key: 'u1' }, org: { key: 'o1' } };
    assert.equal(evaluateFlag(f, multi).variationIndex, 0); // org entry comes first
    assert.equal(evaluateFlag(f, { kind: 'user', key: 'u1' }).variationIndex, 1); // targets[1] before targets[0]
    assert.equal(evaluateFlag(f, { kind: 'user', key: 'ignored' }).reason.kind, 'FALLTHROUGH');
    assert.equal(evaluateFlag(f, { kind: 'user', key: 'u9' }).variationIndex, 1);
  });

  it('skips a user entry whose variation has no targets entry, and ignores targets not referenced', () => {
    const f = flag({ variations, targets: [{ variation: 2, values: ['u1'] }], contextTargets: [{ contextKind: 'user', variation: 1, values: ['u1'] }] });
    assert.equal(evaluateFlag(f, { kind: 'user', key: 'u1' }).reason.kind, 'FALLTHROUGH');
  });

  it('matches other kinds by their own key', () => {
    const f = flag({ variations, contextTargets: [{ contextKind: 'device', variation: 2, values: ['d1'] }] });
    assert.equal(evaluateFlag(f, { kind: 'device', key: 'd1' }).variationIndex, 2);
    assert.equal(evaluateFlag(f, { kind: 'user', key: 'd1' }).reason.kind, 'FALLTHROUGH');
  });

  it("matches a legacy user's empty key", () => {
    const f = flag({ variations, targets: [{ variation: 1, values: [''] }] });
    assert.equal(evaluateFlag(f, ctx({ key: '' })).variationIndex, 1);
  });

  it('is MALFORMED_FLAG when the matching entry has a variation out of range', () => {
    const f = flag({ variations, targets: [{ variation: 7, values: ['u1'] }] });
    assert.deepEqual(plain(evaluateFlag(f, { kind: 'user', key: 'u1' })), { value: null, variationIndex: null, reason: MALFORMED });
  });

  it('takes precedence over rules, but not over prerequisites or off', () => {
    const f = flag({ variations, targets: [{ variation: 1, values: ['u1'] }], rules: [{ id: 'r', clauses: [], variation: 2 }] });
    assert.equal(evaluateFlag(f, { kind: 'user', key: 'u1' }).reason.kind, 'TARGET_MATCH');
    assert.equal(evaluateFlag({ ...f, on: false }, { kind: 'user', key: 'u1' }).reason.kind, 'OFF');
    const withPrerequisite = { ...f, prerequisites: [{ key: 'missing', variation: 0 }] };
    assert.equal(evaluateFlag(withPrerequisite, { kind: 'user', key: 'u1' }).reason.kind, 'PREREQUISITE_FAILED');
  });

  it('looks up large target lists (1,000 keys) exactly', () => {
    const values = Array.from({ length: 1000 }, (_, i) => `user-${i}`);
    const f = flag({ variations, targets: [{ variation: 1, values }] });
    assert.equal(evaluateFlag(f, { kind: 'user', key: 'user-999' }).variationIndex, 1);
    assert.equal(evaluateFlag(f, { kind: 'user', key: 'user-1000' }).variationIndex, 0);
  });
});
