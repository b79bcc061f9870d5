import assert from 'node:assert/strict';
import { compareSemVer, parseSemVer } from '../../lib/evaluation/semver';

describe('parseSemVer', () => {
  const accepted: [string, number, number, number, (number | string)[]][] = [
    ['1.2.3', 1, 2, 3, []],
    ['0.0.0', 0, 0, 0, []],
    ['1.2.3-rc.1', 1, 2, 3, ['rc', 1]],
    ['1.2.3-0a.00a.-', 1, 2, 3, ['0a', '00a', '-']],
    ['1.2.3+build.7', 1, 2, 3, []],
    ['1.2.3-x+y', 1, 2, 3, ['x']],
    [' 1.2.3\t', 1, 2, 3, []], // surrounding whitespace is trimmed
    [' v1.2.3', 1, 2, 3, []], // `v` is refused only at the very start (npm semver accepts it after trimming)
    ['2', 2, 0, 0, []], // lenient: missing minor and patch
    ['2.1', 2, 1, 0, []],
    ['2-rc', 2, 0, 0, ['rc']],
    ['2.1+b', 2, 1, 0, []],
    ['1.2.3-9007199254740991', 1, 2, 3, ['9007199254740991']], // not below MAX_SAFE_INTEGER: kept as text
    ['9007199254740991.0.0', 9007199254740991, 0, 0, []],
  ];
  for (const [text, major, minor, patch, prerelease] of accepted) {
    it(`reads ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseSemVer(text), { major, minor, patch, prerelease });
    });
  }

  const refused: unknown[] = [
    'v1.2.3', 'V1.2.3', '=1.2.3', '01.2.3', '1.02.3', '1.2.03', '1.2.3.4', '1.2.3-01', '1.2.3-', '1.2.3+', '1.2.3-a..b',
    '1.2.3-a_b', '', ' ', 'x', '1.2.x', '.1.2', '9007199254740992.0.0', `1.2.3-${'a'.repeat(251)}`, 1, null, ['1.2.3'],
  ];
  for (const value of refused) {
    it(`refuses ${JSON.stringify(value)}`, () => assert.equal(parseSemVer(value), null));
  }

  it('accepts exactly 256 characters and refuses 257 (npm semver limit)', () => {
    assert.notEqual(parseSemVer(`1.2.3-${'a'.repeat(250)}`), null);
    assert.equal(parseSemVer(`1.2.3-${'a'.repeat(251)}`), null);
  });
});

describe('compareSemVer', () => {
  // Each version is lower than the next (SemVer 2.0 precedence, npm semver's identifier order).
  const ascending = ['1.0.0-0', '1.0.0-1', '1.0.0-10', '1.0.0-9007199254740991', '1.0.0-a', '1.0.0-alpha', '1.0.0-alpha.1',
    '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0', '2.0.0', '10.0.0'];
  it('orders versions by precedence', () => {
    for (let i = 0; i < ascending.length; i++) {
      for (let j = 0; j < ascending.length; j++) {
        const c = Math.sign(compareSemVer(parseSemVer(ascending[i])!, parseSemVer(ascending[j])!));
        assert.equal(c, Math.sign(i - j), `${ascending[i]} vs ${ascending[j]}`);
      }
    }
  });

  it('ignores build metadata', () => {
    assert.equal(compareSemVer(parseSemVer('1.0.0+a')!, parseSemVer('1.0.0+b')!), 0);
  });
});

describe('parseSemVer cache', () => {
  it('returns the same frozen result for a repeated string, and stays correct past its bound', () => {
    const first = parseSemVer('2.1.0-rc.1');
    assert.equal(parseSemVer('2.1.0-rc.1'), first);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first?.prerelease));
    for (let i = 0; i < 5000; i++) parseSemVer(`1.${i}.0`);
    assert.deepEqual(parseSemVer('2.1.0-rc.1'), first);
    assert.equal(parseSemVer('v1.0.0'), null);
    assert.equal(parseSemVer('v1.0.0'), null);
  });
});
