import assert from 'node:assert/strict';
import type { Flag } from '../../../lib/model/flag';
import { addTargets, removeTargets } from '../../../lib/server/patch/targets-edit';

const flag = (extra: Partial<Flag> = {}): Flag => ({ key: 'f', version: 1, variations: [true, false], ...extra });

describe('addTargets / removeTargets', () => {
  it('moves a user key from one variation to another', () => {
    const f = flag({ targets: [{ variation: 0, values: ['u1', 'u2'] }] });
    addTargets(f, 1, ['u1']);
    assert.deepEqual(f.targets, [
      { variation: 0, values: ['u2'] },
      { variation: 1, values: ['u1'] },
    ]);
  });

  it('adds a user placeholder to contextTargets when the flag has them, so the new user targets are evaluated', () => {
    const f = flag({ contextTargets: [{ contextKind: 'org', variation: 0, values: ['o1'] }] });
    addTargets(f, 1, ['u1']);
    assert.deepEqual(f.targets, [{ variation: 1, values: ['u1'] }]);
    assert.deepEqual(f.contextTargets, [
      { contextKind: 'org', variation: 0, values: ['o1'] },
      { contextKind: 'user', variation: 1, values: [] },
    ]);
    removeTargets(f, 1, ['u1']);
    assert.deepEqual(f.targets, []);
    assert.deepEqual(f.contextTargets, [{ contextKind: 'org', variation: 0, values: ['o1'] }], 'the placeholder goes with the last key');
  });

  it('keeps other context kinds apart and ignores keys that are not targeted', () => {
    const f = flag();
    addTargets(f, 0, ['k'], 'org');
    addTargets(f, 0, ['k'], 'device');
    removeTargets(f, 0, ['k', 'absent'], 'org');
    assert.deepEqual(f.contextTargets, [{ contextKind: 'device', variation: 0, values: ['k'] }]);
    assert.equal(f.targets, undefined);
  });
});
