import assert from 'node:assert/strict';
import * as E from 'fp-ts/Either';
import { PayloadDecodeError } from '../../lib/errors/payload-decode-error';
import { decodePollResponse } from '../../lib/data-sources/poll-response';
import { FlagData } from '../../lib/model/flag-data';

describe('decodePollResponse', () => {
  it('keeps the usable items and warns about each one left out, with its paths', () => {
    const warnings: string[] = [];
    const body = JSON.stringify({
      flags: { good: { key: 'good', version: 1, contextTargets: [{ contextKind: 'user', variation: 0 }] }, bad: { key: 'bad', version: 'x' } },
      segments: { s: { key: 's', version: 1, included: 7 } },
    });
    const data = decodePollResponse(body, (w) => warnings.push(w));
    assert.deepEqual(Object.keys(data.flags), ['good']);
    assert.deepEqual(data.segments, {});
    assert.deepEqual(warnings, [
      'poll response: flags.bad skipped: flags.bad.version: expected number, got "x"',
      'poll response: segments.s skipped: segments.s.included: expected Array<string> or null, got 7',
    ]);
  });

  it('decodes a valid body to what the full io-ts decode gives (through the compiled guard), and still catches a deep wrong field', () => {
    const flag = {
      key: 'full', version: 7, on: true, salt: 's', offVariation: 1, variations: [true, false],
      prerequisites: [{ key: 'p', variation: 0 }], targets: [{ values: ['u1'], variation: 0 }],
      rules: [{ id: 'r', clauses: [{ contextKind: 'user', attribute: 'email', op: 'endsWith', values: ['@a.io'], negate: false }], rollout: { variations: [{ variation: 0, weight: 60000 }, { variation: 1, weight: 40000 }] } }],
      fallthrough: { variation: 0 }, migration: { checkRatio: 2 }, unknownExtra: { kept: true },
    };
    const segment = { key: 'seg', version: 3, included: ['a'], rules: [{ clauses: [{ attribute: 'country', op: 'in', values: ['fr'] }], weight: 50000 }] };
    const body = JSON.stringify({ flags: { full: flag }, segments: { seg: segment } });
    const full = FlagData.decode(JSON.parse(body));
    assert.ok(E.isRight(full));
    const warnings: string[] = [];
    assert.deepEqual(decodePollResponse(body, (w) => warnings.push(w)), { flags: full.right.flags, segments: full.right.segments });
    assert.deepEqual(warnings, []);
    assert.deepEqual(decodePollResponse(JSON.stringify({ segments: { seg: segment } })), { flags: {}, segments: { seg: segment } });
    const deep = JSON.stringify({ flags: { full: { ...flag, migration: { checkRatio: 'x' } }, ok: { key: 'ok', version: 1 } } });
    const deepWarnings: string[] = [];
    const data = decodePollResponse(deep, (w) => deepWarnings.push(w));
    assert.deepEqual(Object.keys(data.flags), ['ok']);
    assert.deepEqual(deepWarnings, ['poll response: flags.full skipped: flags.full.migration.checkRatio: expected number or null, got "x"']);
  });

  it('still refuses a body whose structure is wrong', () => {
    assert.throws(() => decodePollResponse('{"flags": []}'), (error: unknown) => error instanceof PayloadDecodeError && /flags: expected/.test(error.issues[0]));
  });
});
