import assert from 'node:assert/strict';
import { PayloadDecodeError } from '../../lib/errors/payload-decode-error';
import { decodePollResponse } from '../../lib/data-sources/poll-response';

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

  it('still refuses a body whose structure is wrong', () => {
    assert.throws(() => decodePollResponse('{"flags": []}'), (error: unknown) => error instanceof PayloadDecodeError && /flags: expected/.test(error.issues[0]));
  });
});
